/**
 * Reading change events. Ids only grow (AUTOINCREMENT), so `afterId` is a cursor: the webhook outbox reads
 * `listEvents({ afterId: lastHandled })` and misses nothing, whatever the clock did.
 */
import type { StoredEvent } from '../history/types.js';
import type { Db } from './open-database.js';
import { opt, parseJson, type EventRow } from './rows.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1_000;

export interface EventFilter {
  readonly providerId?: number;
  readonly type?: string;
  /** Events with a larger id (a cursor). */
  readonly afterId?: number;
  /** Events created at or after this time (epoch ms). */
  readonly since?: number;
  readonly limit?: number;
}

export interface EventsRepository {
  /** Oldest first, from the cursor. */
  listEvents(filter?: EventFilter): StoredEvent[];
  /** Newest first, below `beforeId` (the cursor of a newest-first page): a provider's latest events in one read. */
  listNewestEvents(filter?: EventFilter & { readonly beforeId?: number }): StoredEvent[];
  /** The largest id written so far (0 when none). */
  latestEventId(): number;
}

export function createEventsRepository(db: Db): EventsRepository {
  const list = db.prepare<
    { provider: number | null; type: string | null; after: number; since: number; limit: number },
    EventRow
  >(
    `SELECT id, type, provider_id, created_at, payload FROM events
     WHERE id > @after AND (@provider IS NULL OR provider_id = @provider) AND (@type IS NULL OR type = @type)
       AND created_at >= @since
     ORDER BY id LIMIT @limit`,
  );
  const newest = db.prepare<
    { provider: number | null; type: string | null; after: number; before: number; since: number; limit: number },
    EventRow
  >(
    `SELECT id, type, provider_id, created_at, payload FROM events
     WHERE id > @after AND id < @before AND (@provider IS NULL OR provider_id = @provider)
       AND (@type IS NULL OR type = @type) AND created_at >= @since
     ORDER BY id DESC LIMIT @limit`,
  );
  const latest = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM events');
  const paramsOf = (filter: EventFilter) => ({
    provider: filter.providerId ?? null,
    type: filter.type ?? null,
    after: filter.afterId ?? 0,
    since: filter.since ?? 0,
    limit: Math.min(Math.max(1, Math.trunc(filter.limit ?? DEFAULT_PAGE)), MAX_PAGE),
  });
  return {
    listEvents(filter = {}) {
      return list.all(paramsOf(filter)).map(toStoredEvent);
    },
    listNewestEvents(filter = {}) {
      return newest.all({ ...paramsOf(filter), before: filter.beforeId ?? Number.MAX_SAFE_INTEGER }).map(toStoredEvent);
    },
    latestEventId() {
      return latest.get()?.id ?? 0;
    },
  };
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    providerId: opt(row.provider_id),
    createdAt: row.created_at,
    data: parseJson(row.payload),
  };
}
