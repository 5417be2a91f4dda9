// Every JWK has a "kty" member holding a string (RFC 7517 §4.1: MUST). This rule owns the type of `kty`.
import { SKIP, defineRule } from '../types.js';
import { jsonTypeOf } from '../../json/guards.js';
import { hasMember, memberPointer } from '../support.js';

export const ktyPresent = defineRule({
  id: 'jwk.kty.present',
  title: 'Key has a "kty" string',
  severity: 'error',
  spec: 'RFC 7517 §4.1',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined) return SKIP;
    if (!hasMember(key, 'kty')) {
      return [{ message: 'key has no "kty" member; every JWK must state its key type', expected: 'a kty string' }];
    }
    const kty = key.object['kty'];
    if (typeof kty === 'string') return [];
    return [
      {
        message: `"kty" is ${jsonTypeOf(kty)}; it must be a string such as "RSA" or "EC"`,
        pointer: memberPointer(key, 'kty'),
        expected: 'string',
        actual: jsonTypeOf(kty),
      },
    ];
  },
});
