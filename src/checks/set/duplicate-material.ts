// No two entries carry the same public key (same RFC 7638 thumbprint), under the same or different kid
// (RFC 7517 §4.5 ; RFC 7638 §1, §3): selection becomes ambiguous and identical duplicates make jose throw.
import { groupByThumbprint } from '../alg/support.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';

/** Entries named in a message; a set of 1,000 copies of one key is named by its first few and a count. */
const MAX_LISTED_ENTRIES = 5;

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
      const pointers = listed(group.map((key) => key.pointer));
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

function listed(pointers: readonly string[]): string {
  const shown = pointers.slice(0, MAX_LISTED_ENTRIES).join(', ');
  return pointers.length > MAX_LISTED_ENTRIES ? `${shown} and ${pointers.length - MAX_LISTED_ENTRIES} more` : shown;
}
