// No key in a published set declares a symmetric algorithm: HS*, A*KW, A*GCMKW, dir, PBES2-* (RFC 7518 §3.2, §4 ;
// OIDC Discovery §3). Such keys are shared secrets; publishing one lets anyone forge or decrypt.
import { SKIP, defineRule } from '../types.js';
import { keyAlgorithmInfo } from './support.js';
import { clip, memberPointer, quote } from '../support.js';

export const algSymmetric = defineRule({
  id: 'alg.symmetric',
  title: 'Key does not declare a symmetric algorithm',
  severity: 'error',
  spec: 'RFC 7518 §3.2, §4 ; OIDC Discovery §3',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.alg === undefined) return SKIP;
    if (keyAlgorithmInfo(key.alg)?.symmetric !== true) return [];
    return [
      {
        message: `key declares the symmetric algorithm ${quote(key.alg)}; a public JWK Set must not hold shared-secret keys`,
        pointer: memberPointer(key, 'alg'),
        expected: 'an asymmetric algorithm',
        actual: clip(key.alg),
      },
    ];
  },
});
