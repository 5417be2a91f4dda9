/**
 * Which endpoints an event goes to: an endpoint subscribes to event types (none listed = all) and to providers by
 * id or tag (none listed = all), and never receives what happened before it was created. Silenced rules never
 * alert: the recorder already leaves them out of the events it plans (src/history/plan-poll.ts, through
 * src/history/silenced-events.ts); the dispatcher asks again, so that a rule silenced between the poll and the
 * dispatch stays quiet too. Pure.
 */
import { isSilencedBy } from '../history/silenced-events.js';
import { isRecord } from '../json/guards.js';

export interface Subscription {
  readonly eventTypes: readonly string[];
  readonly providerIds: readonly number[];
  readonly tags: readonly string[];
  /** Events with this id or lower predate the endpoint. */
  readonly sinceEventId: number;
}

export interface RoutedEvent {
  readonly id: number;
  readonly type: string;
  readonly providerId?: number | undefined;
  readonly data: unknown;
}

/** What the dispatcher knows about the event's provider now (undefined once it was deleted). */
export interface ProviderFacts {
  readonly tags: readonly string[];
  readonly silencedRuleIds: ReadonlySet<string>;
}

/** The provider an event is about: its row's id, or (after the row was deleted) the id its payload names. */
export function providerIdOf(event: RoutedEvent): number | undefined {
  if (event.providerId !== undefined) return event.providerId;
  const provider = isRecord(event.data) ? event.data['provider'] : undefined;
  const id = isRecord(provider) ? provider['id'] : undefined;
  return typeof id === 'number' ? id : undefined;
}

/** True when the event is about rules the provider silences. */
export function isSilenced(event: RoutedEvent, provider: ProviderFacts | undefined): boolean {
  return provider !== undefined && isSilencedBy(provider.silencedRuleIds, event);
}

export function isSubscribed(
  subscription: Subscription,
  event: RoutedEvent,
  provider: ProviderFacts | undefined,
): boolean {
  if (event.id <= subscription.sinceEventId) return false;
  if (subscription.eventTypes.length > 0 && !subscription.eventTypes.includes(event.type)) return false;
  if (subscription.providerIds.length === 0 && subscription.tags.length === 0) return true;
  const providerId = providerIdOf(event);
  if (providerId !== undefined && subscription.providerIds.includes(providerId)) return true;
  return provider !== undefined && provider.tags.some((tag) => subscription.tags.includes(tag));
}
