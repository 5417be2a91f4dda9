// No two keys share a `kid` (RFC 7517 §4.5). Keys a consumer cannot tell apart (same kty, same or absent
// alg/use/crv) are an error: selection by kid is ambiguous and jose throws JWKSMultipleMatchingKeys. Same-kid
// alternatives that differ in kty/alg/use are explicitly allowed by RFC 7517 §4.5, so only a warning.
import type { KeyFacts } from '../../jwks/types.js';
import { groupBy, objectKeys } from '../alg/support.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { memberPointer, quote } from '../support.js';

/** Two values select alike when equal, or when either key leaves the member out (it then matches anything). */
function sameOrAbsent(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

function indistinguishable(a: KeyFacts, b: KeyFacts): boolean {
  return a.kty === b.kty && sameOrAbsent(a.alg, b.alg) && sameOrAbsent(a.use, b.use) && sameOrAbsent(a.crv, b.crv);
}

function hasIndistinguishablePair(keys: readonly KeyFacts[]): boolean {
  return keys.some((a, i) => keys.slice(i + 1).some((b) => indistinguishable(a, b)));
}

export const jwksKidUnique = defineRule({
  id: 'jwks.kid.unique',
  title: 'Each kid selects one key',
  severity: 'error',
  spec: 'RFC 7517 §4.5 ; FAPI 2.0 SP §5.4.2 item 3, §5.4.3 ; FAPI 1.0 Part 2 §8.9, §8.11',
  scope: 'set',
  run: ({ keys }) => {
    const objects = objectKeys(keys);
    if (objects.length === 0) return SKIP;
    const findings: FindingDraft[] = [];
    for (const [kid, group] of groupBy(objects, (key) => key.kid)) {
      const [, second] = group;
      if (second === undefined) continue;
      const pointers = group.map((key) => key.pointer).join(', ');
      const ambiguous = hasIndistinguishablePair(group);
      findings.push({
        message: ambiguous
          ? `kid ${quote(kid)} is used by ${group.length} keys (${pointers}) that a consumer cannot tell apart (same kty, same or absent alg/use/crv); a kid must select exactly one key`
          : `kid ${quote(kid)} is used by ${group.length} keys (${pointers}) that differ in kty, alg, use or crv; consumers that select by kid alone may pick the wrong one`,
        severity: ambiguous ? 'error' : 'warning',
        pointer: memberPointer(second, 'kid'),
        kid,
        expected: 'a kid used by one key',
        actual: `used by ${pointers}`,
      });
    }
    return findings;
  },
});
