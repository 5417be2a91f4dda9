// Asserts the EC public point (x, y) lies on its curve: coordinates below p, not the point at infinity, and
// y² = x³ + ax + b (mod p). Accepting off-curve points enables invalid-curve attacks (RFC 8725 §3.4).
import { SKIP, defineRule } from '../types.js';
import { ecCurve, isOnCurve } from './curves.js';
import { bytesToBigInt, isKty, memberBytes } from './common.js';
import { keyLabel } from '../support.js';

export const ecOnCurve = defineRule({
  id: 'jwk.ec.on-curve',
  title: 'EC public point lies on the named curve',
  severity: 'error',
  spec: 'RFC 7518 §6.2.1 ; RFC 8725 §3.4 ; W3C WebCrypto EC import',
  scope: 'key',
  run({ key }) {
    if (!isKty(key, 'EC') || key.crv === undefined) return SKIP;
    const curve = ecCurve(key.crv);
    const xBytes = memberBytes(key, 'x');
    const yBytes = memberBytes(key, 'y');
    // Wrong lengths are jwk.ec.coordinate-length's finding; the point is judged only on well-formed input.
    if (curve === undefined || xBytes?.length !== curve.coordinateOctets || yBytes?.length !== curve.coordinateOctets) {
      return SKIP;
    }
    const x = bytesToBigInt(xBytes);
    const y = bytesToBigInt(yBytes);
    // node:crypto (OpenSSL) refusing the same point corroborates the verdict; the verdict itself is ours.
    const corroboration = key.importError === undefined ? '' : '; node:crypto also refuses the key';
    const expected = `a point on ${key.crv}`;
    if (x === 0n && y === 0n) {
      return [
        {
          message: `EC ${keyLabel(key)} has x = y = 0, the encoding of the point at infinity, which is not a valid public key${corroboration}`,
          expected,
          actual: 'the point at infinity',
        },
      ];
    }
    if (x >= curve.p || y >= curve.p) {
      const which = x >= curve.p ? 'x' : 'y';
      return [
        {
          message: `EC coordinate ${which} of ${keyLabel(key)} is not below the ${key.crv} field prime p, so it is not a field element${corroboration}`,
          expected,
          actual: `${which} >= p`,
        },
      ];
    }
    if (isOnCurve(curve, x, y)) return [];
    return [
      {
        message: `EC ${keyLabel(key)}: (x, y) does not satisfy the ${key.crv} curve equation, so it is not a point on ${key.crv} (invalid-curve attack risk, RFC 8725 §3.4)${corroboration}`,
        expected,
        actual: 'not on the curve',
      },
    ];
  },
});
