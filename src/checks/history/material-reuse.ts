// Key material published before must not come back under a new kid (OIDC Core §10.1.1): that relabels an old
// key rather than rotating it, and verifiers that pinned the old kid see a key they cannot match.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import type { HistoryInput } from './types.js';
import { earlierPairing, hadPairing, keyPointer, keyLabel, recentTransition, shortId } from './support.js';
import { keyIdentity, quote } from '../support.js';

export const rotationMaterialReuse = defineRule({
  id: 'rotation.material-reuse',
  title: 'Old key material does not return under a new kid',
  severity: 'warning',
  spec: 'OIDC Core §10.1.1',
  scope: 'history',
  run: (input: HistoryInput) => {
    if (input.transition === undefined) return SKIP;
    const transition = recentTransition(input);
    if (transition === undefined) return [];
    const findings: FindingDraft[] = [];
    for (const key of transition.to.keys) {
      if (key.kid === undefined || hadPairing(transition.from.keys, key)) continue;
      const earlierKid = earlierPairing(
        input,
        transition,
        (k) => k.id === key.id && k.kid !== undefined && k.kid !== key.kid,
      )?.kid;
      if (earlierKid === undefined) continue;
      findings.push({
        message: `${keyLabel(key)} is key material published before under kid ${quote(earlierKid)} (thumbprint ${shortId(key.id)}); a rotation needs new key material, not a new label`,
        pointer: keyPointer(key, 'kid'),
        ...keyIdentity(key),
        expected: 'new key material under a new kid',
        actual: `thumbprint ${shortId(key.id)} relabelled ${quote(earlierKid)} -> ${quote(key.kid)}`,
      });
    }
    return findings;
  },
});
