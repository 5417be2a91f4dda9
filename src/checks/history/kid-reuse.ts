// A kid seen before must not name different key material after a change (RFC 7517 §4.5 ; OIDC Core §10.1.1):
// verifiers cache keys by kid and learn of a rotation from a new kid, so a reused kid keeps the old key in use.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import type { HistoryInput } from './types.js';
import { earlierPairing, hadPairing, keyPointer, recentTransition, shortId } from './support.js';
import { keyIdentity, quote } from '../support.js';

export const rotationKidReuse = defineRule({
  id: 'rotation.kid-reuse',
  title: 'A kid keeps naming the same key material',
  severity: 'error',
  spec: 'RFC 7517 §4.5 ; OIDC Core §10.1.1',
  scope: 'history',
  run: (input: HistoryInput) => {
    if (input.transition === undefined) return SKIP;
    const transition = recentTransition(input);
    if (transition === undefined) return [];
    const findings: FindingDraft[] = [];
    for (const key of transition.to.keys) {
      if (key.kid === undefined || hadPairing(transition.from.keys, key)) continue;
      // Earlier material under this kid: in the set before the change, or anywhere in the inventory before it.
      const earlier = earlierPairing(input, transition, (k) => k.kid === key.kid && k.id !== key.id)?.id;
      if (earlier === undefined) continue;
      findings.push({
        message: `kid ${quote(key.kid)} now names different key material (thumbprint ${shortId(key.id)}, before ${shortId(earlier)}); new key material needs a new kid, or verifiers that cached the kid keep the old key`,
        pointer: keyPointer(key, 'kid'),
        ...keyIdentity(key),
        expected: 'a new kid for new key material',
        actual: `kid reused: thumbprint ${shortId(earlier)} -> ${shortId(key.id)}`,
      });
    }
    return findings;
  },
});
