// Responses that alternate between key sets (replicas or CDN nodes out of sync) make keys appear and disappear
// across polls, so verifiers fail intermittently (OIDC Core §10.1.1). One finding per episode, not per flip.
import { defineRule } from '../types.js';
import type { HistoryInput } from './types.js';
import { formatDuration, keyLabelWithId } from './support.js';

const MS_PER_SECOND = 1_000;
/** Keys named in the message; the rest are counted. */
const KEYS_NAMED = 5;

export const rotationFlapping = defineRule({
  id: 'rotation.flapping',
  title: 'The published key set does not alternate between versions',
  severity: 'warning',
  spec: 'OIDC Core §10.1.1',
  scope: 'history',
  run: (input: HistoryInput) => {
    const { flapping } = input;
    const windowMs = input.settings.flapWindowSeconds * MS_PER_SECOND;
    if (flapping === undefined || input.now.getTime() - flapping.lastFlapAt >= windowMs) return [];
    const keys = flapping.unstableKeys;
    const named = keys.slice(0, KEYS_NAMED).map(keyLabelWithId).join(', ');
    const more = keys.length > KEYS_NAMED ? ` and ${keys.length - KEYS_NAMED} more` : '';
    const which = keys.length === 0 ? '' : `; keys that come and go: ${named}${more}`;
    return [
      {
        message: `responses alternate between ${flapping.contents} different key sets (since ${new Date(flapping.startedAt).toISOString()}, last switch back ${new Date(flapping.lastFlapAt).toISOString()})${which}; replicas behind the endpoint serve different keys, so verification fails intermittently`,
        pointer: '',
        expected: `one key set, stable for ${formatDuration(windowMs)}`,
        actual: `${flapping.contents} key sets within ${formatDuration(windowMs)}`,
      },
    ];
  },
});
