// No two entries carry the same public key (same RFC 7638 thumbprint), under the same or different kid
// (RFC 7517 §4.5 ; RFC 7638 §1, §3): selection becomes ambiguous and identical duplicates make jose throw.
import { groupByThumbprint } from '../alg/support.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';

export const jwksKeyDuplicateMaterial = defineRule({
  id: 'jwks.key.duplicate-material',
  title: 'Each public key appears once',
  severity: 'warning',
  spec: 'RFC 7517 §4.5 ; RFC 7638 §1, §3',
  scope: 'set',
  run: ({ keys }) => {
    const groups = groupByThumbprint(keys);
    if (groups.size === 0) return SKIP;
    const findings: FindingDraft[] = [];
    for (const [thumbprint, group] of groups) {
      const [, second] = group;
      if (second === undefined) continue;
      const pointers = group.map((key) => key.pointer).join(', ');
      const kids = new Set(group.map((key) => key.kid));
      const [sharedKid] = kids;
      findings.push({
        message: `the same public key (thumbprint ${thumbprint}) appears ${group.length} times (${pointers}); publish each key once`,
        // The duplicate is the whole later entry, not one of its members.
        pointer: second.pointer,
        thumbprint,
        ...(kids.size === 1 && sharedKid !== undefined ? { kid: sharedKid } : {}),
        expected: 'one entry per public key',
        actual: `entries ${pointers}`,
      });
    }
    return findings;
  },
});
