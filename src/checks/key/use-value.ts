// "use", when present, is "sig" or "enc" (RFC 7517 §4.2). Other values MAY be used, but consumers drop such keys.
import { SKIP, defineRule } from '../types.js';
import { clip, memberPointer, quote } from '../support.js';

const PUBLIC_KEY_USES: readonly string[] = ['sig', 'enc'];

export const useValue = defineRule({
  id: 'jwk.use.value',
  title: '"use" is "sig" or "enc"',
  severity: 'warning',
  spec: 'RFC 7517 §4.2',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.use === undefined) return SKIP;
    if (PUBLIC_KEY_USES.includes(key.use)) return [];
    return [
      {
        message: `use ${quote(key.use)} is not "sig" or "enc"; mainstream consumers skip this key`,
        pointer: memberPointer(key, 'use'),
        expected: 'sig or enc',
        actual: clip(key.use),
      },
    ];
  },
});
