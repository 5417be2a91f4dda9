// A key's `alg` fits its `kty` (RFC 7518 §3.1, §4.1, §6 ; RFC 8037 §3 ; RFC 9864 ; RFC 9964): an RSA algorithm
// on an EC key leaves the key unusable for the algorithm it declares.
import { SKIP, defineRule } from '../types.js';
import { keyAlgorithmInfo } from './support.js';
import { clip, isKeyType, memberPointer, quote } from '../support.js';

export const jwkAlgKtyMatch = defineRule({
  id: 'jwk.alg.kty-match',
  title: 'Key alg fits the key type',
  severity: 'error',
  spec: 'RFC 7518 §3.1, §4.1, §6 ; RFC 8037 §3 ; RFC 9864 ; RFC 9964',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.alg === undefined) return SKIP;
    const info = keyAlgorithmInfo(key.alg);
    // Unknown algorithms and key types have rules of their own (jwk.alg.registered, jwk.kty.known).
    if (info === undefined || !isKeyType(key.kty)) return SKIP;
    if (info.kty.includes(key.kty)) return [];
    const expected = info.kty.join(' or ');
    return [
      {
        message: `alg ${quote(key.alg)} needs a key of type ${expected}, but the key has kty ${quote(key.kty)}; the key cannot be used for its declared algorithm`,
        pointer: memberPointer(key, 'alg'),
        expected: `kty ${expected}`,
        actual: `kty ${clip(key.kty)}`,
      },
    ];
  },
});
