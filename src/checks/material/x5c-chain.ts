// Asserts each x5c certificate is issued and signed by the next one (RFC 7517 §4.7: "each following
// certificate MUST be the one used to certify the previous one"). No trust anchors here, so info only.
import type { ChainLink } from '../../jwks/types.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { keyLabel, memberPointer } from '../support.js';

/** Why a certificate is not certified by the next one (the checks ran while the key was analysed). */
const CHAIN_PROBLEMS: Readonly<Record<Exclude<ChainLink, 'certified'>, string>> = {
  'issuer-mismatch': "its issuer name is not the next certificate's subject",
  'signature-invalid': "its signature does not verify with the next certificate's key",
  unverifiable: "its signature could not be checked with the next certificate's key",
};

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
      // Set only when both entries parse; an entry that does not is jwk.x5c.format's finding.
      const link = key.certs[i]?.cert?.issuedByNext;
      if (link === undefined) continue;
      evaluated = true;
      if (link === 'certified') continue;
      const verdict = CHAIN_PROBLEMS[link];
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
