// "kty" is one of RSA, EC, OKP, oct, AKP, compared case-sensitively (RFC 7517 §4.1, RFC 7518 §6.1,
// RFC 8037 §2, RFC 9964). Consumers ignore keys of other types, so this is a warning, not a set failure.
import { SKIP, defineRule } from '../types.js';
import { KEY_TYPES, clip, isKeyType, memberPointer, quote } from '../support.js';

export const ktyKnown = defineRule({
  id: 'jwk.kty.known',
  title: 'Key type is one this checker and mainstream consumers know',
  severity: 'warning',
  spec: 'RFC 7517 §4.1, §5 ; RFC 7518 §6.1 ; RFC 8037 §2 ; RFC 9964',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.kty === undefined) return SKIP;
    const { kty } = key;
    if (isKeyType(kty)) return [];
    const sameLetters = KEY_TYPES.find((known) => known.toLowerCase() === kty.toLowerCase());
    const hint = sameLetters === undefined ? '' : ` (kty is case-sensitive: did you mean ${quote(sameLetters)}?)`;
    return [
      {
        message: `kty ${quote(kty)} is not a registered key type${hint}; consumers ignore this key`,
        pointer: memberPointer(key, 'kty'),
        expected: KEY_TYPES.join(', '),
        actual: clip(kty),
      },
    ];
  },
});
