// Signing keys are rotated regularly (FAPI 2.0 SP §6.8 item 1 ; RFC 7518 §8.2 on key lifetimes): a signing key
// set unchanged for longer than the policy window (default 180 days) is worth seeing.
import { SKIP, defineRule } from '../types.js';
import type { HistoryInput } from './types.js';
import { MS_PER_DAY, firstSeenById, formatDuration, isSigningKey } from './support.js';

export const rotationKeyAge = defineRule({
  id: 'rotation.key-age',
  title: 'Signing keys are rotated within the policy window',
  severity: 'info',
  spec: 'FAPI 2.0 SP §6.8 item 1 ; RFC 7518 §8.2',
  scope: 'history',
  run: (input: HistoryInput) => {
    const signing = input.current.keys.filter(isSigningKey);
    if (signing.length === 0) return SKIP;
    const firstSeen = firstSeenById(input.inventory);
    // The set last changed when its newest signing key appeared (monitoring cannot see further back than its start).
    const newest = Math.max(...signing.map((k) => firstSeen.get(k.id) ?? input.current.firstSeenAt));
    const age = input.now.getTime() - newest;
    const maxMs = input.settings.keyAgeMaxDays * MS_PER_DAY;
    if (age <= maxMs) return [];
    return [
      {
        message: `the signing key set has not changed for ${formatDuration(age)}; rotate signing keys at least every ${input.settings.keyAgeMaxDays} days`,
        pointer: '/keys',
        expected: `a signing key newer than ${input.settings.keyAgeMaxDays} days`,
        actual: `newest signing key first seen ${new Date(newest).toISOString()}`,
      },
    ];
  },
});
