/**
 * How much of one document the engine judges. A published set holds a handful of keys; without these bounds one
 * ~1 MiB document of 349,000 `{}` keys (posted to /check, or served by a monitored provider) made a million findings,
 * ran the service out of memory and wrote ~650 MB to SQLite in one poll (review of the API, defect 1).
 */
import type { FindingDraft } from './types.js';

/**
 * Elements of a JWKS `keys` array that key, set and cross-document rules read: ten times `jwks.key-count`'s
 * default error threshold, so a real set (however badly kept) is judged whole.
 */
export const MAX_KEYS_CHECKED = 1_000;

/** Findings listed per rule and document; the rest are counted in one summary finding. */
export const MAX_FINDINGS_PER_RULE = 50;

/** The finding that says which keys were left unjudged, so a problem past the ceiling is never a silent pass. */
export function uncheckedKeysDraft(elements: number): FindingDraft {
  return {
    message:
      `the keys array holds ${elements} elements; only the first ${MAX_KEYS_CHECKED} were checked, ` +
      `keys from /keys/${MAX_KEYS_CHECKED} on were not`,
    severity: 'error',
    pointer: `/keys/${MAX_KEYS_CHECKED}`,
    expected: `at most ${MAX_KEYS_CHECKED} keys`,
    actual: `${elements} elements`,
  };
}

/** The summary that stands for the findings of one rule left out past MAX_FINDINGS_PER_RULE. */
export function unlistedFindingsDraft(unlisted: number, severity: FindingDraft['severity']): FindingDraft {
  return {
    message: `${unlisted} more findings of this rule are not listed`,
    severity,
    actual: `${unlisted + MAX_FINDINGS_PER_RULE} findings`,
  };
}
