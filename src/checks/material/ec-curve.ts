// Asserts an EC key names a curve JOSE defines: P-256, P-384, P-521 (RFC 7518 §6.2.1.1) or secp256k1
// (RFC 8812 §3). Other curves (Brainpool, …) are unusable for mainstream verifiers; a missing crv is an error.
import { SKIP, defineRule } from '../types.js';
import { EC_CURVE_NAMES, OKP_CURVE_NAMES } from '../../jwks/algorithms.js';
import { hasMember, isKty, keyLabel, memberPointer } from './common.js';

export const ecCurve = defineRule({
  id: 'jwk.ec.curve',
  title: 'EC key names a supported curve (P-256, P-384, P-521, secp256k1)',
  severity: 'warning',
  spec: 'RFC 7518 §6.2.1.1 ; RFC 8812 §3',
  scope: 'key',
  run({ key }) {
    if (!isKty(key, 'EC')) return SKIP;
    if (!hasMember(key, 'crv')) {
      return [
        {
          message: `EC ${keyLabel(key)} has no "crv"; an EC key must name its curve (RFC 7518 §6.2.1.1)`,
          severity: 'error',
          expected: EC_CURVE_NAMES.join(', '),
        },
      ];
    }
    // A crv that is not a string is reported by jwk.members.types.
    if (key.crv === undefined) return SKIP;
    if (EC_CURVE_NAMES.includes(key.crv)) return [];
    const hint = OKP_CURVE_NAMES.includes(key.crv) ? ` (${key.crv} keys use kty "OKP", RFC 8037 §2)` : '';
    return [
      {
        message: `EC ${keyLabel(key)} uses curve ${JSON.stringify(key.crv)}, which JOSE verifiers do not support${hint}; expected one of ${EC_CURVE_NAMES.join(', ')}`,
        pointer: memberPointer(key, 'crv'),
        expected: EC_CURVE_NAMES.join(', '),
        actual: key.crv,
      },
    ];
  },
});
