/**
 * Shared by the "Change over time" rules. A change is judged for as long as it can hurt verifiers: the token
 * lifetime plus the client cache window after it (OIDC Core §10.1.1: tokens in flight, and caches that still hold
 * the old set). After that the finding resolves by itself; the change stays in the history.
 */
import { OKP_KEY_AGREEMENT_CURVES } from '../../jwks/algorithms.js';
import type { KeyView } from '../../jwks/diff.js';

import type { HistoryInput, HistoryTransition, InventoryKey } from './types.js';
import { quote } from '../support.js';

const MS_PER_SECOND = 1_000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;
/** Thumbprint characters shown in messages: enough to tell keys apart at a glance. */
const SHORT_THUMBPRINT_CHARS = 12;

/** How long after a change its findings stand: token lifetime + client cache window. */
export function holdWindowMs(input: Pick<HistoryInput, 'settings'>): number {
  return (input.settings.tokenLifetimeSeconds + input.settings.clientCacheSeconds) * MS_PER_SECOND;
}

/**
 * The latest confirmed change while it is still within the hold window, and on the poll that confirms it however
 * late that is: a change that was never judged must be reported once; its findings then resolve at the next poll.
 */
export function recentTransition(input: HistoryInput): HistoryTransition | undefined {
  const { transition } = input;
  if (transition === undefined) return undefined;
  if (transition.confirmedNow === true) return transition;
  return input.now.getTime() - transition.at < holdWindowMs(input) ? transition : undefined;
}

/**
 * A key a verifier would use for signatures: not marked for encryption (use, key_ops), asymmetric, and not an
 * ECDH-only curve. A published `oct` key is a leak, never a verification key.
 */
export function isSigningKey(key: KeyView): boolean {
  if (key.use !== undefined && key.use !== 'sig') return false;
  if (key.keyOps !== undefined && !key.keyOps.includes('verify')) return false;
  if (key.kty === undefined || key.kty === 'oct') return false;
  return !(key.kty === 'OKP' && key.crv !== undefined && OKP_KEY_AGREEMENT_CURVES.includes(key.crv));
}

/** Earliest time each key material (by id) was seen, over all of its kid pairings. */
export function firstSeenById(inventory: readonly InventoryKey[]): Map<string, number> {
  const firstSeen = new Map<string, number>();
  for (const entry of inventory) {
    const known = firstSeen.get(entry.id);
    if (known === undefined || entry.firstSeenAt < known) firstSeen.set(entry.id, entry.firstSeenAt);
  }
  return firstSeen;
}

/** Whether `keys` hold the same (material, kid) pairing as `key`. */
export function hadPairing(keys: readonly KeyView[], key: KeyView): boolean {
  return keys.some((k) => k.id === key.id && k.kid === key.kid);
}

/**
 * A (material, kid) pairing published before `transition` that `matches` picks: from the set before the change,
 * else from anywhere in the inventory before it.
 */
export function earlierPairing(
  input: Pick<HistoryInput, 'inventory'>,
  transition: HistoryTransition,
  matches: (pairing: Pick<KeyView, 'id' | 'kid'>) => boolean,
): Pick<KeyView, 'id' | 'kid'> | undefined {
  return (
    transition.from.keys.find(matches) ??
    input.inventory.find((pairing) => matches(pairing) && pairing.firstSeenAt < transition.at)
  );
}

export function keyPointer(key: KeyView, member?: string): string {
  return member === undefined ? `/keys/${key.index}` : `/keys/${key.index}/${member}`;
}

/** How messages name a key: by kid, else by a short thumbprint. */
export function keyLabel(key: Pick<KeyView, 'kid' | 'id'>): string {
  return key.kid !== undefined ? `kid ${quote(key.kid)}` : `key ${shortId(key.id)}`;
}

/** A key named by kid and short thumbprint: for messages where two keys can share a kid. */
export function keyLabelWithId(key: Pick<KeyView, 'kid' | 'id'>): string {
  return key.kid !== undefined ? `kid ${quote(key.kid)} (${shortId(key.id)})` : `key ${shortId(key.id)}`;
}

export function shortId(id: string): string {
  return id.length > SHORT_THUMBPRINT_CHARS ? `${id.slice(0, SHORT_THUMBPRINT_CHARS)}…` : id;
}

/** A duration for messages, e.g. '1 h 10 min', '45 s', '3 days'. */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs >= 2 * MS_PER_DAY) return `${Math.floor(abs / MS_PER_DAY)} days`;
  if (abs >= MS_PER_HOUR) {
    const hours = Math.floor(abs / MS_PER_HOUR);
    const minutes = Math.floor((abs % MS_PER_HOUR) / MS_PER_MINUTE);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  if (abs >= MS_PER_MINUTE) return `${Math.floor(abs / MS_PER_MINUTE)} min`;
  return `${Math.floor(abs / MS_PER_SECOND)} s`;
}
