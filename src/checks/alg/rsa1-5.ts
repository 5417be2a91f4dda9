// No encryption key uses RSAES-PKCS1-v1_5 (`alg: RSA1_5`): RFC 8725 §3.2 advises against it (padding-oracle
// attacks) and FAPI 1.0 Part 2 §8.6.1 forbids it, hence the fapi1/fapi2 error.
import { SKIP, defineRule } from '../types.js';
import { memberPointer } from '../support.js';

const RSA1_5 = 'RSA1_5';

export const algRsa1_5 = defineRule({
  id: 'alg.rsa1_5',
  title: 'Encryption key does not use RSA1_5',
  severity: 'warning',
  spec: 'RFC 8725 §3.2 ; FAPI 1.0 Part 2 §8.6.1',
  profiles: { fapi1: 'error', fapi2: 'error' },
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.alg === undefined) return SKIP;
    if (key.alg !== RSA1_5) return [];
    return [
      {
        message: 'key declares alg "RSA1_5" (RSAES-PKCS1-v1_5, open to padding-oracle attacks); use RSA-OAEP-256',
        pointer: memberPointer(key, 'alg'),
        expected: 'RSA-OAEP-256 (or another RSA-OAEP variant)',
        actual: key.alg,
      },
    ];
  },
});
