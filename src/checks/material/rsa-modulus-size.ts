// Asserts an RSA modulus has at least 2048 bits, counted on the integer (leading zero octets stripped), since
// RFC 7518 §3.3, §3.5, §4.2, §4.3 require 2048 for every RSA algorithm and jose/oauth4webapi refuse smaller keys.
import { SKIP, defineRule } from '../types.js';
import { integerBits } from '../../jwks/key-facts.js';
import { isKty, memberBytes } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

const MIN_RSA_BITS = 2048;

export const rsaModulusSize = defineRule({
  id: 'jwk.rsa.modulus-size',
  title: 'RSA modulus is at least 2048 bits',
  severity: 'error',
  spec: 'RFC 7518 §3.3, §3.5, §4.2, §4.3 ; FAPI 2.0 SP §5.4.1 ; FAPI 1.0 Part 1 §5.2.2',
  scope: 'key',
  run({ key }) {
    if (!isKty(key, 'RSA')) return SKIP;
    const bits = key.rsaBits ?? integerBits(memberBytes(key, 'n'));
    if (bits === undefined) return SKIP;
    if (bits >= MIN_RSA_BITS) return [];
    const algorithm = key.alg ?? 'RS256';
    return [
      {
        message: `RSA modulus of ${keyLabel(key)} is ${bits} bits; ${algorithm} and all RSA algorithms need at least ${MIN_RSA_BITS} (RFC 7518 §3.3)`,
        pointer: memberPointer(key, 'n'),
        expected: `>= ${MIN_RSA_BITS} bits`,
        actual: `${bits} bits`,
      },
    ];
  },
});
