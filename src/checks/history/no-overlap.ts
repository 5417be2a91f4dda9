// A rotation keeps at least one previously published signing key (OIDC Core §10.1.1: recently decommissioned
// signing keys SHOULD stay published); when all of them vanish in one step, tokens in flight stop verifying.
import { SKIP, defineRule } from '../types.js';
import type { HistoryInput } from './types.js';
import { isSigningKey, recentTransition } from './support.js';

export const rotationNoOverlap = defineRule({
  id: 'rotation.no-overlap',
  title: 'A rotation keeps a previous signing key published',
  severity: 'warning',
  spec: 'OIDC Core §10.1.1',
  scope: 'history',
  run: (input: HistoryInput) => {
    if (input.transition === undefined) return SKIP;
    const transition = recentTransition(input);
    if (transition === undefined) return [];
    const before = new Set(transition.from.keys.filter(isSigningKey).map((k) => k.id));
    if (before.size === 0) return [];
    const kept = transition.to.keys.filter((k) => isSigningKey(k) && before.has(k.id)).length;
    if (kept > 0) return [];
    return [
      {
        message: `all ${before.size} previously published signing key(s) disappeared in one change; keep the old key published until tokens signed with it have expired`,
        pointer: '/keys',
        expected: 'at least one previous signing key still published',
        actual: `0 of ${before.size} kept`,
      },
    ];
  },
});
