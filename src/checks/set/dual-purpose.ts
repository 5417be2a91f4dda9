// The same key material is not published for both signing and encryption (OIDC Discovery §3 NOT RECOMMENDED ;
// RFC 7517 §4.3 ; FAPI 2.0 SP §6.8 item 2): entries sharing an RFC 7638 thumbprint that declare both purposes.
import { declaredPurposes, groupByThumbprint } from '../alg/support.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';

export const jwksKeyDualPurpose = defineRule({
  id: 'jwks.key.dual-purpose',
  title: 'Key material serves one purpose',
  severity: 'warning',
  spec: 'OIDC Discovery §3 ; RFC 7517 §4.3 ; FAPI 2.0 SP §6.8 item 2',
  scope: 'set',
  run: ({ keys }) => {
    const groups = groupByThumbprint(keys);
    if (groups.size === 0) return SKIP;
    const findings: FindingDraft[] = [];
    for (const [thumbprint, group] of groups) {
      // One entry declaring both is jwk.alg.use-match / jwk.use-key_ops.consistency's finding.
      if (group.length < 2) continue;
      const signing = group.filter((key) => declaredPurposes(key).has('sig'));
      const encrypting = group.filter((key) => declaredPurposes(key).has('enc'));
      const [firstSigning] = signing;
      const [firstEncrypting] = encrypting;
      if (firstSigning === undefined || firstEncrypting === undefined) continue;
      const later = firstSigning.index > firstEncrypting.index ? firstSigning : firstEncrypting;
      findings.push({
        message: `the same public key (thumbprint ${thumbprint}) is published for signing (${signing.map((k) => k.pointer).join(', ')}) and for encryption (${encrypting.map((k) => k.pointer).join(', ')}); use a separate key per purpose`,
        pointer: later.pointer,
        thumbprint,
        expected: 'one purpose per key',
        actual: 'sig and enc',
      });
    }
    return findings;
  },
});
