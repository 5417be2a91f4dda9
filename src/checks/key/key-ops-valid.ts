// "key_ops" holds unique values (MUST NOT duplicate) from the JSON Web Key Operations registry (RFC 7517 §4.3).
// Duplicates are errors; unregistered values are warnings.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { KEY_OPERATIONS } from './members.js';
import { clip, memberPointer, quote } from '../support.js';

export const keyOpsValid = defineRule({
  id: 'jwk.key_ops.valid',
  title: '"key_ops" holds unique registered operations',
  severity: 'error',
  spec: 'RFC 7517 §4.3',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.keyOps === undefined) return SKIP;
    const findings: FindingDraft[] = [];
    const seen = new Set<string>();
    key.keyOps.forEach((op, i) => {
      const pointer = `${memberPointer(key, 'key_ops')}/${i}`;
      if (seen.has(op)) {
        findings.push({
          message: `key_ops lists ${quote(op)} more than once; its values must be unique`,
          pointer,
          severity: 'error',
          expected: 'unique values',
          actual: `${clip(op)} repeated`,
        });
        return;
      }
      seen.add(op);
      if (!KEY_OPERATIONS.includes(op)) {
        findings.push({
          message: `key_ops value ${quote(op)} is not a registered key operation; consumers may not understand it`,
          pointer,
          severity: 'warning',
          expected: KEY_OPERATIONS.join(', '),
          actual: clip(op),
        });
      }
    });
    return findings;
  },
});
