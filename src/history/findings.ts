/**
 * How findings become incidents: an incident is one rule firing on one subject (a key, or a place in a document)
 * from the poll it opened until the poll it resolved. The subject names a key by thumbprint rather than by its
 * index, so reordering the keys does not close and reopen incidents.
 */
import { hash } from 'node:crypto';
import type { Finding, Severity } from '../checks/types.js';

const KEY_POINTER = /^\/keys\/\d+/;
/** Hex digits kept of a findings signature (128 bits). */
const SIGNATURE_HEX = 32;

export function incidentSubject(finding: Pick<Finding, 'document' | 'pointer' | 'kid' | 'thumbprint'>): string {
  const rest = finding.pointer.replace(KEY_POINTER, '');
  const isKeyPointer = rest !== finding.pointer;
  if (finding.thumbprint !== undefined)
    return `${finding.document}:tp:${finding.thumbprint}${isKeyPointer ? rest : `@${finding.pointer}`}`;
  if (finding.kid !== undefined)
    return `${finding.document}:kid:${finding.kid}${isKeyPointer ? rest : `@${finding.pointer}`}`;
  return `${finding.document}:${finding.pointer}`;
}

/** Finding arrays are reused by the engine while a verdict stands, so each one's signature is worked out once. */
const signatures = new WeakMap<readonly Finding[], string>();

/** Signature of a finding set: equal sets (in any order) have equal signatures. */
export function findingsSignature(findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  let signature = signatures.get(findings);
  if (signature === undefined) {
    signature = computeSignature(findings);
    signatures.set(findings, signature);
  }
  return signature;
}

function computeSignature(findings: readonly Finding[]): string {
  const lines = findings.map((f) => `${f.ruleId}\u0000${f.severity}\u0000${incidentSubject(f)}`).sort();
  // Hex of the first bytes, not a slice of the whole hex: a slice keeps its 64-character parent alive for as long as
  // the memo holds it (about 1.5 MB at 20,000 providers).
  return hash('sha256', lines.join('\n'), 'buffer').toString('hex', 0, SIGNATURE_HEX / 2);
}

export function countBySeverity(findings: Iterable<{ readonly severity: Severity }>): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
