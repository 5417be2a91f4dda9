// Asserts an EC key names a curve JOSE defines: P-256, P-384, P-521 (RFC 7518 §6.2.1.1) or secp256k1
// (RFC 8812 §3). Other curves (Brainpool, …) are unusable for mainstream verifiers; a missing crv is an error.
import { defineRule } from '../types.js';
import { EC_CURVE_NAMES, OKP_CURVE_NAMES } from '../../jwks/algorithms.js';
import { curveFindings } from './common.js';

export const ecCurve = defineRule({
  id: 'jwk.ec.curve',
  title: 'EC key names a supported curve (P-256, P-384, P-521, secp256k1)',
  severity: 'warning',
  spec: 'RFC 7518 §6.2.1.1 ; RFC 8812 §3',
  scope: 'key',
  run: ({ key }) =>
    curveFindings(key, {
      kty: 'EC',
      curves: EC_CURVE_NAMES,
      spec: 'RFC 7518 §6.2.1.1',
      unsupported: 'which JOSE verifiers do not support',
      sibling: { kty: 'OKP', curves: OKP_CURVE_NAMES, spec: 'RFC 8037 §2' },
    }),
});
