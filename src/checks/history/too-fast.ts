// Rotation timing (OIDC Core §10.1.1 ; RFC 9111): a new key must be published for the client cache window before
// it is the only key, and an old key must stay for a token lifetime + cache window after its successor appeared,
// or verifiers holding a cached set reject fresh tokens.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import type { HistoryInput } from './types.js';
import {
  firstSeenById,
  formatDuration,
  holdWindowMs,
  isSigningKey,
  keyLabel,
  keyLabelWithId,
  recentTransition,
} from './support.js';
import { keyIdentity } from '../support.js';

const MS_PER_SECOND = 1_000;

export const rotationTooFast = defineRule({
  id: 'rotation.too-fast',
  title: 'Keys rotate no faster than tokens and caches allow',
  severity: 'warning',
  spec: 'OIDC Core §10.1.1 ; RFC 9111 §4.2',
  scope: 'history',
  run: (input: HistoryInput) => {
    if (input.transition === undefined) return SKIP;
    const transition = recentTransition(input);
    if (transition === undefined) return [];
    const firstSeen = firstSeenById(input.inventory);
    const seenAt = (id: string): number => firstSeen.get(id) ?? transition.at;
    const required = holdWindowMs(input);
    const cacheMs = input.settings.clientCacheSeconds * MS_PER_SECOND;
    const after = transition.to.keys.filter(isSigningKey);
    const afterIds = new Set(after.map((k) => k.id));
    const findings: FindingDraft[] = [];

    for (const removed of transition.from.keys.filter(isSigningKey)) {
      if (afterIds.has(removed.id)) continue;
      // The successor: the earliest signing key still published that appeared after the removed one.
      const successors = after
        .filter((k) => seenAt(k.id) > seenAt(removed.id))
        .sort((a, b) => seenAt(a.id) - seenAt(b.id));
      const successor = successors[0];
      if (successor === undefined) continue;
      const overlap = transition.at - seenAt(successor.id);
      if (overlap >= required) continue;
      // A kid reused for new material names both keys: only their thumbprints tell them apart.
      const label = removed.kid !== undefined && removed.kid === successor.kid ? keyLabelWithId : keyLabel;
      findings.push({
        message: `${label(removed)} was removed ${formatDuration(overlap)} after its successor ${label(successor)} appeared; keep it for the token lifetime + client cache window (${formatDuration(required)})`,
        pointer: '/keys',
        ...keyIdentity(removed),
        expected: `old key kept >= ${formatDuration(required)} after its successor appeared`,
        actual: `removed after ${formatDuration(overlap)}`,
      });
    }

    // A key seen since monitoring began may be far older: its age is unknown, so it counts as old enough.
    const monitoredSince = Math.min(...input.inventory.map((k) => k.firstSeenAt));
    const removedAny = transition.from.keys.some((k) => isSigningKey(k) && !afterIds.has(k.id));
    const ages = after.map((k) =>
      seenAt(k.id) <= monitoredSince ? Number.POSITIVE_INFINITY : transition.at - seenAt(k.id),
    );
    const oldest = Math.max(...ages);
    if (removedAny && after.length > 0 && oldest < cacheMs) {
      findings.push({
        message: `the only signing key(s) now published appeared ${formatDuration(oldest)} before the previous ones were removed; verifiers caching the set for ${formatDuration(cacheMs)} cannot know them yet`,
        pointer: '/keys',
        expected: `a new key published >= ${formatDuration(cacheMs)} before it is the only one`,
        actual: `published ${formatDuration(oldest)} before`,
      });
    }
    return findings;
  },
});
