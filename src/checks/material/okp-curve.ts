// Asserts an OKP key names a curve RFC 8037 defines: Ed25519, Ed448 (signatures) or X25519, X448 (ECDH-ES).
// Other values make the key unusable; a missing crv is an error (RFC 8037 §2).
import { SKIP, defineRule } from '../types.js';
import { EC_CURVE_NAMES, OKP_CURVE_NAMES } from '../../jwks/algorithms.js';
import { hasMember, isKty, keyLabel, memberPointer } from './common.js';

export const okpCurve = defineRule({
  id: 'jwk.okp.curve',
  title: 'OKP key names a supported curve (Ed25519, Ed448, X25519, X448)',
  severity: 'warning',
  spec: 'RFC 8037 §2, §3',
  scope: 'key',
  run({ key }) {
    if (!isKty(key, 'OKP')) return SKIP;
    if (!hasMember(key, 'crv')) {
      return [
        {
          message: `OKP ${keyLabel(key)} has no "crv"; an OKP key must name its curve (RFC 8037 §2)`,
          severity: 'error',
          expected: OKP_CURVE_NAMES.join(', '),
        },
      ];
    }
    // A crv that is not a string is reported by jwk.members.types.
    if (key.crv === undefined) return SKIP;
    if (OKP_CURVE_NAMES.includes(key.crv)) return [];
    const hint = EC_CURVE_NAMES.includes(key.crv) ? ` (${key.crv} keys use kty "EC", RFC 7518 §6.2)` : '';
    return [
      {
        message: `OKP ${keyLabel(key)} uses curve ${JSON.stringify(key.crv)}, which RFC 8037 does not define${hint}; expected one of ${OKP_CURVE_NAMES.join(', ')}`,
        pointer: memberPointer(key, 'crv'),
        expected: OKP_CURVE_NAMES.join(', '),
        actual: key.crv,
      },
    ];
  },
});
