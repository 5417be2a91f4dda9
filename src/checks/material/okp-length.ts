// Asserts an OKP public key x has the curve's exact size: 32 (Ed25519), 57 (Ed448), 32 (X25519), 56 (X448)
// octets (RFC 8037 §2, with the encodings of RFC 8032 §5.1.5, §5.2.5 and RFC 7748 §5).
import { SKIP, defineRule } from '../types.js';
import { okpKeyOctets } from './curves.js';
import { isKty, memberBytes } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

export const okpLength = defineRule({
  id: 'jwk.okp.length',
  title: 'OKP public key x has the exact size of its curve',
  severity: 'error',
  spec: 'RFC 8037 §2 ; RFC 8032 §5.1.5, §5.2.5 ; RFC 7748 §5',
  scope: 'key',
  run({ key }) {
    if (!isKty(key, 'OKP') || key.crv === undefined) return SKIP;
    const octets = okpKeyOctets(key.crv);
    const x = memberBytes(key, 'x');
    if (octets === undefined || x === undefined) return SKIP;
    if (x.length === octets) return [];
    return [
      {
        message: `OKP public key x of ${keyLabel(key)} is ${x.length} octets; ${key.crv} public keys are exactly ${octets} octets (RFC 8037 §2)`,
        pointer: memberPointer(key, 'x'),
        expected: `${octets} octets`,
        actual: `${x.length} octets`,
      },
    ];
  },
});
