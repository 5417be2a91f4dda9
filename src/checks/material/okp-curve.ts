// Asserts an OKP key names a curve RFC 8037 defines: Ed25519, Ed448 (signatures) or X25519, X448 (ECDH-ES).
// Other values make the key unusable; a missing crv is an error (RFC 8037 §2).
import { defineRule } from '../types.js';
import { EC_CURVE_NAMES, OKP_CURVE_NAMES } from '../../jwks/algorithms.js';
import { curveFindings } from './common.js';

export const okpCurve = defineRule({
  id: 'jwk.okp.curve',
  title: 'OKP key names a supported curve (Ed25519, Ed448, X25519, X448)',
  severity: 'warning',
  spec: 'RFC 8037 §2, §3',
  scope: 'key',
  run: ({ key }) =>
    curveFindings(key, {
      kty: 'OKP',
      curves: OKP_CURVE_NAMES,
      spec: 'RFC 8037 §2',
      unsupported: 'which RFC 8037 does not define',
      sibling: { kty: 'EC', curves: EC_CURVE_NAMES, spec: 'RFC 7518 §6.2' },
    }),
});
