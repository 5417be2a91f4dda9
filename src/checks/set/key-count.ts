// The number of keys stays within bounds: a provider's own minimum/maximum when set, otherwise the warning and
// error thresholds. No spec limit; large sets slow every consumer and hint at keys never retired (OIDC Core
// §10.2.1: decommissioned keys SHOULD be removed).
import { objectKeys } from '../alg/support.js';
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
    const actual = `${count} key(s)`;
    const findings: FindingDraft[] = [];
    const { minKeys, maxKeys, keyCountWarnAbove, keyCountErrorAbove } = options;
    if (minKeys !== undefined && count < minKeys) {
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
          message: `the set holds ${count} keys, more than the configured maximum of ${maxKeys}`,
          severity: 'error',
          pointer: '/keys',
          expected: `at most ${maxKeys} key(s)`,
          actual,
        });
      }
    } else if (count > keyCountErrorAbove) {
      findings.push({
        message: `the set holds ${count} keys, more than ${keyCountErrorAbove}; retire decommissioned keys`,
        severity: 'error',
        pointer: '/keys',
        expected: `at most ${keyCountErrorAbove} keys`,
        actual,
      });
    } else if (count > keyCountWarnAbove) {
      findings.push({
        message: `the set holds ${count} keys, more than ${keyCountWarnAbove}; retire decommissioned keys`,
        pointer: '/keys',
        expected: `at most ${keyCountWarnAbove} keys`,
        actual,
      });
    }
    return findings;
  },
});
