// The number of keys stays within bounds: a provider's own minimum/maximum when set, otherwise the warning and
// error thresholds. No spec limit; large sets slow every consumer and hint at keys never retired (OIDC Core
// §10.2.1: decommissioned keys SHOULD be removed).
import { objectKeys } from '../alg/support.js';
import { MAX_KEYS_CHECKED } from '../limits.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';

export const jwksKeyCount = defineRule({
  id: 'jwks.key-count',
  title: 'Number of keys is within bounds',
  severity: 'warning',
  spec: 'OIDC Core §10.2.1',
  scope: 'set',
  run: ({ keys, options }) => {
    // An empty set is jwks.doc.empty's finding.
    if (keys.length === 0) return SKIP;
    const count = objectKeys(keys).length;
    // The engine passes at most MAX_KEYS_CHECKED elements (and says so in a finding of this rule when there were
    // more), so at the ceiling the count is a lower bound: a maximum can be exceeded, a minimum not judged.
    const atCeiling = keys.length >= MAX_KEYS_CHECKED;
    const holds = atCeiling ? `at least ${count}` : `${count}`;
    const actual = `${holds} key(s)`;
    const findings: FindingDraft[] = [];
    const { minKeys, maxKeys, keyCountWarnAbove, keyCountErrorAbove } = options;
    if (minKeys !== undefined && count < minKeys && !atCeiling) {
      findings.push({
        message: `the set holds ${count} key(s), fewer than the configured minimum of ${minKeys}`,
        severity: 'error',
        pointer: '/keys',
        expected: `at least ${minKeys} key(s)`,
        actual,
      });
    }
    if (maxKeys !== undefined) {
      if (count > maxKeys) {
        findings.push({
          message: `the set holds ${holds} keys, more than the configured maximum of ${maxKeys}`,
          severity: 'error',
          pointer: '/keys',
          expected: `at most ${maxKeys} key(s)`,
          actual,
        });
      }
    } else if (count > keyCountErrorAbove) {
      findings.push({
        message: `the set holds ${holds} keys, more than ${keyCountErrorAbove}; retire decommissioned keys`,
        severity: 'error',
        pointer: '/keys',
        expected: `at most ${keyCountErrorAbove} keys`,
        actual,
      });
    } else if (count > keyCountWarnAbove) {
      findings.push({
        message: `the set holds ${holds} keys, more than ${keyCountWarnAbove}; retire decommissioned keys`,
        pointer: '/keys',
        expected: `at most ${keyCountWarnAbove} keys`,
        actual,
      });
    }
    return findings;
  },
});
