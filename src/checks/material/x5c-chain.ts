// Asserts each x5c certificate is issued and signed by the next one (RFC 7517 §4.7: "each following
// certificate MUST be the one used to certify the previous one"). No trust anchors here, so info only.
import type { X509Certificate } from 'node:crypto';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { keyLabel, memberPointer } from '../support.js';

export const x5cChain = defineRule({
  id: 'jwk.x5c.chain',
  title: 'Each x5c certificate is issued and signed by the next one',
  severity: 'info',
  spec: 'RFC 7517 §4.7, §9.1',
  scope: 'key',
  run({ key }) {
    if (key.object === undefined) return SKIP;
    const findings: FindingDraft[] = [];
    let evaluated = false;
    for (let i = 0; i + 1 < key.certs.length; i += 1) {
      const cert = key.certs[i]?.cert;
      const issuer = key.certs[i + 1]?.cert;
      // An entry that does not parse is jwk.x5c.format's finding.
      if (cert === undefined || issuer === undefined) continue;
      evaluated = true;
      const verdict = certifies(issuer, cert);
      if (verdict === undefined) continue;
      findings.push({
        message: `x5c[${i}] of ${keyLabel(key)} is not certified by x5c[${i + 1}] (${verdict}); each certificate must be followed by the one that certified it (RFC 7517 §4.7)`,
        pointer: memberPointer(key, 'x5c', i),
        expected: `signed by x5c[${i + 1}]`,
        actual: verdict,
      });
    }
    return evaluated ? findings : SKIP;
  },
});

/** Undefined when `issuer` issued and signed `cert`, else why not. */
function certifies(issuer: X509Certificate, cert: X509Certificate): string | undefined {
  try {
    if (!cert.checkIssued(issuer)) return "its issuer name is not the next certificate's subject";
    if (!cert.verify(issuer.publicKey)) return "its signature does not verify with the next certificate's key";
    return undefined;
  } catch {
    return "its signature could not be checked with the next certificate's key";
  }
}
