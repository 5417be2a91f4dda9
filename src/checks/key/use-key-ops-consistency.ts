// "use" and "key_ops" SHOULD NOT both be present, and when they are they MUST agree: sig with sign/verify,
// enc with encrypt/decrypt/wrapKey/unwrapKey/deriveKey/deriveBits (RFC 7517 §4.3).
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { OPERATIONS_BY_USE } from './members.js';
import { memberPointer, quote } from '../support.js';

export const useKeyOpsConsistency = defineRule({
  id: 'jwk.use-key_ops.consistency',
  title: '"use" and "key_ops" are not both present, and agree when they are',
  severity: 'warning',
  spec: 'RFC 7517 §4.3',
  scope: 'key',
  run: ({ key }) => {
    const { object, use, keyOps } = key;
    if (object === undefined || use === undefined || keyOps === undefined) return SKIP;
    const findings: FindingDraft[] = [
      {
        message: 'key has both "use" and "key_ops"; one of them should be used',
        pointer: memberPointer(key, 'key_ops'),
        severity: 'warning',
      },
    ];
    const allowed = Object.hasOwn(OPERATIONS_BY_USE, use) ? OPERATIONS_BY_USE[use] : undefined;
    // Unknown "use" values (jwk.use.value) and unregistered operations (jwk.key_ops.valid) cannot be compared.
    if (allowed === undefined) return findings;
    const otherUse = Object.entries(OPERATIONS_BY_USE).flatMap(([, ops]) => (ops === allowed ? [] : ops));
    const contradicting = [...new Set(keyOps.filter((op) => otherUse.includes(op)))];
    if (contradicting.length > 0) {
      findings.push({
        message: `use ${quote(use)} contradicts key_ops ${contradicting.join(', ')}; they must be consistent`,
        pointer: memberPointer(key, 'key_ops'),
        severity: 'error',
        expected: `key_ops within ${allowed.join(', ')}`,
        actual: contradicting.join(', '),
      });
    }
    return findings;
  },
});
