// No key declares `alg: none` (RFC 7518 §3.6 ; RFC 8725 §3.2): the unsecured JWS needs no key, so a key that
// names it can only serve an attack. Case variants ("None", "NONE") are the classic bypass and are flagged too.
import { ALG_NONE } from '../../jwks/algorithms.js';
import { SKIP, defineRule } from '../types.js';
import { clip, memberPointer, quote } from '../support.js';

export const algNone = defineRule({
  id: 'alg.none',
  title: 'Key does not declare alg none',
  severity: 'error',
  spec: 'RFC 7518 §3.6 ; RFC 8725 §3.2 ; FAPI 2.0 SP §5.4.1 item 1.3',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.alg === undefined) return SKIP;
    if (key.alg.toLowerCase() !== ALG_NONE) return [];
    return [
      {
        message: `key declares alg ${quote(key.alg)}; an unsecured JWS must never be accepted with a key from a JWK Set`,
        pointer: memberPointer(key, 'alg'),
        expected: 'an alg other than "none"',
        actual: clip(key.alg),
      },
    ];
  },
});
