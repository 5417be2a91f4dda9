/**
 * Turns change events into deliveries: for each event after the cursor, one delivery per subscribed endpoint,
 * written in the same transaction that advances the cursor.
 *
 * Why a cursor and not an AFTER INSERT trigger on `events`: the events themselves are the outbox, already written
 * in the poll's transaction (src/history/record-poll.ts), so detection and enqueueing cannot drift apart. Routing
 * (event types, providers by id or tag, silenced rules) and the message body (PUBLIC_URL link, 20 KB cap) are
 * TypeScript that a trigger would have to duplicate in SQL, and a trigger would put webhook work inside every poll's
 * transaction. With the cursor, a crash before the dispatch transaction commits leaves the cursor behind and the
 * events are routed on the next run; a crash after leaves the deliveries and the cursor together; and the unique
 * (event, endpoint) index makes a second routing of the same event a no-op. Event ids only grow and SQLite has a
 * single writer, so an id below the cursor can never appear later.
 */
import type { StoredEvent } from '../history/types.js';
import type { EventsRepository } from '../store/events-repository.js';
import type { ProvidersRepository } from '../store/providers-repository.js';
import type { NewDelivery, WebhookDeliveriesRepository } from '../store/webhook-deliveries-repository.js';
import type { WebhooksRepository } from '../store/webhooks-repository.js';
import { eventBody } from './payload.js';
import { isSilenced, isSubscribed, providerIdOf, type ProviderFacts } from './routing.js';

/** Events routed per transaction: keeps each write short while a backlog drains. */
export const DISPATCH_BATCH = 500;
/** Batches per `dispatch()` call, so one call is bounded even behind a huge backlog. */
const MAX_BATCHES_PER_RUN = 20;

export interface DispatcherDeps {
  readonly webhooks: WebhooksRepository;
  readonly deliveries: WebhookDeliveriesRepository;
  readonly events: Pick<EventsRepository, 'listEvents' | 'latestEventId'>;
  readonly providers: Pick<ProvidersRepository, 'get'>;
  readonly publicUrl?: string | undefined;
  readonly newMessageId: () => string;
  readonly now: () => number;
}

export interface DispatchResult {
  readonly events: number;
  readonly deliveries: number;
}

export interface Dispatcher {
  /** Routes every event after the cursor (up to a bound per call). */
  dispatch(): DispatchResult;
  /**
   * The same, but only while some endpoint is enabled: a poll's new events are routed at once, and with nothing
   * subscribed that would be a write per poll that only moves the cursor, which the delivery tick does anyway.
   */
  dispatchIfSubscribed(): DispatchResult;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const batch = (): DispatchResult =>
    deps.webhooks.transaction(() => {
      const cursor = deps.webhooks.dispatchCursor();
      const endpoints = deps.webhooks.listEnabled();
      if (endpoints.length === 0) {
        // Nothing subscribes: the cursor moves past every event without reading them, as routing them to no
        // endpoint would (an endpoint enabled later starts from there; a new one starts after its creation).
        const latest = deps.events.latestEventId();
        if (latest > cursor) deps.webhooks.setDispatchCursor(latest);
        return { events: 0, deliveries: 0 };
      }
      const events = deps.events.listEvents({ afterId: cursor, limit: DISPATCH_BATCH });
      const last = events.at(-1);
      if (last === undefined) return { events: 0, deliveries: 0 };
      const providers = new Map<number, ProviderFacts | undefined>();
      const factsOf = (id: number | undefined): ProviderFacts | undefined => {
        if (id === undefined) return undefined;
        if (!providers.has(id)) {
          const record = deps.providers.get(id);
          providers.set(
            id,
            record === undefined
              ? undefined
              : { tags: record.tags, silencedRuleIds: new Set(record.silencedRules.map((s) => s.ruleId)) },
          );
        }
        return providers.get(id);
      };
      const now = deps.now();
      const rows: NewDelivery[] = [];
      for (const event of events) {
        const provider = factsOf(providerIdOf(event));
        if (isSilenced(event, provider)) continue;
        const targets = endpoints.filter((endpoint) => isSubscribed(endpoint, event, provider));
        if (targets.length === 0) continue;
        const body = eventBody(event, { publicUrl: deps.publicUrl });
        for (const endpoint of targets) rows.push(newDelivery(event, endpoint.id, body, deps.newMessageId(), now));
      }
      const inserted = deps.deliveries.enqueue(rows);
      deps.webhooks.setDispatchCursor(last.id);
      return { events: events.length, deliveries: inserted };
    });

  function dispatch(): DispatchResult {
    let events = 0;
    let deliveries = 0;
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      const result = batch();
      events += result.events;
      deliveries += result.deliveries;
      if (result.events < DISPATCH_BATCH) break;
    }
    return { events, deliveries };
  }

  return {
    dispatch,
    dispatchIfSubscribed: () => (deps.webhooks.anyEnabled() ? dispatch() : { events: 0, deliveries: 0 }),
  };
}

function newDelivery(event: StoredEvent, webhookId: number, body: string, messageId: string, now: number): NewDelivery {
  return { webhookId, eventId: event.id, messageId, eventType: event.type, body, createdAt: now, nextAttemptAt: now };
}
