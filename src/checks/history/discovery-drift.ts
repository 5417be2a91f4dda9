// The discovery document's `issuer` and `jwks_uri` do not change (OIDC Discovery §7.2 ; RFC 8414 §6.2): a change
// can be a takeover or a misconfiguration, and breaks verifiers that pinned either value.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import type { HistoryInput } from './types.js';
import { recentTransition } from './support.js';
import { quote } from '../support.js';

const FIELDS = [
  ['issuer', 'issuer'],
  ['jwksUri', 'jwks_uri'],
] as const;

export const rotationDiscoveryDrift = defineRule({
  id: 'rotation.discovery-drift',
  title: 'Discovery issuer and jwks_uri stay the same',
  severity: 'warning',
  spec: 'OIDC Discovery §7.2 ; RFC 8414 §6.2',
  scope: 'history',
  run: (input: HistoryInput) => {
    const { transition } = input;
    if (transition === undefined || (transition.from.issuer === undefined && transition.from.jwksUri === undefined))
      return SKIP;
    const recent = recentTransition(input);
    if (recent === undefined) return [];
    const findings: FindingDraft[] = [];
    for (const [field, member] of FIELDS) {
      const before = recent.from[field];
      const after = recent.to[field];
      if (before === undefined || after === undefined || before === after) continue;
      findings.push({
        message: `discovery ${member} changed from ${quote(before)} to ${quote(after)}; confirm the change is intended (a changed ${member} can mean a takeover, and breaks verifiers that pinned it)`,
        pointer: `/${member}`,
        expected: quote(before),
        actual: quote(after),
      });
    }
    return findings;
  },
});
