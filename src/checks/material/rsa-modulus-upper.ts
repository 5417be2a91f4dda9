// Reports an RSA modulus above the configured ceiling: such keys are legal but cost every verifier time and
// are a denial-of-service lever (RFC 7518 §8.6), so this is information, not non-conformance.
import { SKIP, defineRule } from '../types.js';
import { integerBits } from '../../jwks/key-facts.js';
import { isKty, memberBytes } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

export const rsaModulusUpper = defineRule({
  id: 'jwk.rsa.modulus-upper',
  title: 'RSA modulus is not above the configured ceiling',
  severity: 'info',
  spec: 'RFC 7518 §8.6',
  scope: 'key',
  run({ key, options }) {
    if (!isKty(key, 'RSA')) return SKIP;
    const bits = key.rsaBits ?? integerBits(memberBytes(key, 'n'));
    if (bits === undefined) return SKIP;
    if (bits <= options.rsaMaxBits) return [];
    return [
      {
        message: `RSA modulus of ${keyLabel(key)} is ${bits} bits, above the ceiling of ${options.rsaMaxBits}; very large keys slow every verifier down`,
        pointer: memberPointer(key, 'n'),
        expected: `<= ${options.rsaMaxBits} bits`,
        actual: `${bits} bits`,
      },
    ];
  },
});
