// A key's `alg` agrees with its `use` and `key_ops` (RFC 7517 §4.2-§4.4): a signature algorithm on a key marked
// for encryption, or the reverse, is contradictory metadata that consumers resolve differently.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { keyAlgorithmInfo } from './support.js';
import { ENCRYPTION_KEY_OPS, SIGNATURE_KEY_OPS, hasMember, memberPointer, quote } from '../support.js';

const FAMILY_NAME = { sig: 'signature', enc: 'encryption' } as const;

export const jwkAlgUseMatch = defineRule({
  id: 'jwk.alg.use-match',
  title: 'Key alg agrees with use and key_ops',
  severity: 'error',
  spec: 'RFC 7517 §4.2-§4.4',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.alg === undefined) return SKIP;
    const info = keyAlgorithmInfo(key.alg);
    if (info === undefined) return SKIP;
    const family = FAMILY_NAME[info.use];
    const findings: FindingDraft[] = [];
    if ((key.use === 'sig' || key.use === 'enc') && key.use !== info.use) {
      findings.push({
        message: `alg ${quote(key.alg)} is a ${family} algorithm, but the key has use ${quote(key.use)}`,
        pointer: memberPointer(key, 'use'),
        expected: `use "${info.use}"`,
        actual: `use "${key.use}"`,
      });
    }
    const foreignOps = info.use === 'sig' ? ENCRYPTION_KEY_OPS : SIGNATURE_KEY_OPS;
    const conflicting = (key.keyOps ?? []).filter((op) => foreignOps.includes(op));
    if (hasMember(key, 'key_ops') && conflicting.length > 0) {
      findings.push({
        message: `alg ${quote(key.alg)} is a ${family} algorithm, but key_ops lists ${conflicting.map(quote).join(', ')}`,
        pointer: memberPointer(key, 'key_ops'),
        expected: `key_ops for ${family} only`,
        actual: `key_ops ${JSON.stringify(key.keyOps)}`,
      });
    }
    return findings;
  },
});
