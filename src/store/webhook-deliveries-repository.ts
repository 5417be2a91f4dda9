/**
 * The webhook outbox and its delivery log. A delivery is one (event, endpoint) pair for ever (a unique index says
 * so): its message id and body are fixed when it is enqueued and reused by every retry and manual redelivery.
 * Recording an attempt (the delivery's new state, the log row, the endpoint's state) is one transaction.
 */
import {
  ATTEMPT_OUTCOMES,
  DELIVERY_KINDS,
  DELIVERY_STATUSES,
  type AttemptOutcome,
  type AttemptRecord,
  type DeliveryRecord,
  type DeliveryStatus,
  type DeliveryWithAttempts,
} from '../alerts/types.js';
import type { Db } from './open-database.js';

/** Attempts listed per delivery in the log (automatic ones are at most the schedule's length plus one). */
export const MAX_LISTED_ATTEMPTS = 20;
const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

export interface NewDelivery {
  readonly webhookId: number;
  /** Absent for a test message. */
  readonly eventId?: number;
  readonly messageId: string;
  readonly eventType: string;
  readonly body: string;
  readonly createdAt: number;
  /** When the first attempt is due (usually `createdAt`); absent for a message sent at once by its caller. */
  readonly nextAttemptAt?: number;
}

/** What the sender needs to make one attempt. */
export interface OutgoingDelivery {
  readonly delivery: DeliveryRecord;
  readonly body: string;
}

export interface AttemptWrite {
  readonly deliveryId: number;
  readonly webhookId: number;
  readonly attemptedAt: number;
  readonly manual: boolean;
  readonly outcome: AttemptOutcome;
  readonly statusCode?: number | undefined;
  readonly latencyMs?: number | undefined;
  readonly error?: string | undefined;
  /** The delivery's state after the attempt. */
  readonly status: DeliveryStatus;
  readonly retryStep: number;
  readonly nextAttemptAt?: number | undefined;
  /** What the attempt does to the endpoint. */
  readonly endpoint: 'succeeded' | 'gone' | 'gave_up' | 'unchanged';
}

export interface DeliveryPage {
  readonly limit?: number;
  /** Keyset pagination: deliveries with a smaller id (the listing is newest first). */
  readonly beforeId?: number;
}

export interface WebhookDeliveriesRepository {
  /** Inserts the deliveries that do not exist yet (one per event and endpoint); returns how many were new. */
  enqueue(deliveries: readonly NewDelivery[]): number;
  /** Inserts one delivery (a test message, attempted by its caller) and returns it. */
  insertTest(delivery: Omit<NewDelivery, 'eventId'>): DeliveryRecord;
  get(id: number): DeliveryRecord | undefined;
  /** The delivery and the exact body to send. */
  outgoing(id: number): OutgoingDelivery | undefined;
  /** Ids of deliveries due at `now` to enabled endpoints, oldest due first. */
  listDue(now: number, limit: number): number[];
  /** The earliest scheduled attempt to an enabled endpoint (undefined when none). */
  nextDueAt(): number | undefined;
  /** Newest first, each with its latest attempts. */
  listByWebhook(webhookId: number, page?: DeliveryPage): DeliveryWithAttempts[];
  getWithAttempts(id: number): DeliveryWithAttempts | undefined;
  recordAttempt(attempt: AttemptWrite): void;
  /** Deletes finished deliveries (delivered, given up, or failed with nothing scheduled) created before `before`. */
  pruneFinished(before: number): number;
}

interface DeliveryRow {
  id: number;
  webhook_id: number;
  event_id: number | null;
  kind: string;
  message_id: string;
  event_type: string;
  status: string;
  attempts: number;
  retry_step: number;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  created_at: number;
}

interface AttemptRow {
  id: number;
  delivery_id: number;
  attempted_at: number;
  manual: number;
  outcome: string;
  status_code: number | null;
  latency_ms: number | null;
  error: string | null;
  next_attempt_at: number | null;
}

const COLUMNS = `id, webhook_id, event_id, kind, message_id, event_type, status, attempts, retry_step, next_attempt_at,
  last_attempt_at, last_status_code, last_error, last_latency_ms, created_at`;

interface InsertColumns {
  webhook_id: number;
  event_id: number | null;
  kind: string;
  message_id: string;
  event_type: string;
  body: string;
  created_at: number;
  next_attempt_at: number | null;
}

export function createWebhookDeliveriesRepository(db: Db): WebhookDeliveriesRepository {
  const insert = db.prepare<InsertColumns>(
    `INSERT INTO webhook_deliveries (webhook_id, event_id, kind, message_id, event_type, body, created_at, next_attempt_at)
     VALUES (@webhook_id, @event_id, @kind, @message_id, @event_type, @body, @created_at, @next_attempt_at)
     ON CONFLICT DO NOTHING`,
  );
  const byId = db.prepare<[number], DeliveryRow>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = ?`);
  const withBody = db.prepare<[number], DeliveryRow & { body: string }>(
    `SELECT ${COLUMNS}, body FROM webhook_deliveries WHERE id = ?`,
  );
  const due = db.prepare<{ now: number; limit: number }, { id: number }>(
    `SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
     WHERE d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= @now AND w.enabled = 1
     ORDER BY d.next_attempt_at, d.id LIMIT @limit`,
  );
  const nextDue = db.prepare<[], { at: number | null }>(
    `SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
     WHERE d.next_attempt_at IS NOT NULL AND w.enabled = 1`,
  );
  const page = db.prepare<{ webhook: number; before: number; limit: number }, DeliveryRow>(
    `SELECT ${COLUMNS} FROM webhook_deliveries WHERE webhook_id = @webhook AND id < @before ORDER BY id DESC LIMIT @limit`,
  );
  const attemptsOf = db.prepare<[string], AttemptRow>(
    `SELECT id, delivery_id, attempted_at, manual, outcome, status_code, latency_ms, error, next_attempt_at
     FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  );
  const updateDelivery = db.prepare<{
    id: number;
    status: string;
    retry_step: number;
    next_attempt_at: number | null;
    at: number;
    status_code: number | null;
    error: string | null;
    latency_ms: number | null;
  }>(
    `UPDATE webhook_deliveries SET status = @status, attempts = attempts + 1, retry_step = @retry_step,
       next_attempt_at = @next_attempt_at, last_attempt_at = @at, last_status_code = @status_code,
       last_error = @error, last_latency_ms = @latency_ms
     WHERE id = @id`,
  );
  const insertAttempt = db.prepare<{
    delivery_id: number;
    at: number;
    manual: number;
    outcome: string;
    status_code: number | null;
    latency_ms: number | null;
    error: string | null;
    next_attempt_at: number | null;
  }>(
    `INSERT INTO webhook_attempts (delivery_id, attempted_at, manual, outcome, status_code, latency_ms, error,
       next_attempt_at)
     VALUES (@delivery_id, @at, @manual, @outcome, @status_code, @latency_ms, @error, @next_attempt_at)`,
  );
  const endpointSucceeded = db.prepare<[number]>(
    'UPDATE webhooks SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL',
  );
  const endpointGone = db.prepare<{ id: number; at: number }>(
    "UPDATE webhooks SET enabled = 0, disabled_reason = 'gone', updated_at = @at WHERE id = @id",
  );
  const endpointGaveUp = db.prepare<{ id: number; at: number }>(
    'UPDATE webhooks SET failing_since = coalesce(failing_since, @at) WHERE id = @id',
  );
  const prune = db.prepare<[number]>(
    `DELETE FROM webhook_deliveries WHERE created_at < ? AND next_attempt_at IS NULL AND status <> 'pending'`,
  );

  const get = (id: number): DeliveryRecord | undefined => {
    const row = byId.get(id);
    return row === undefined ? undefined : toDelivery(row);
  };

  const withAttempts = (rows: readonly DeliveryRow[]): DeliveryWithAttempts[] => {
    if (rows.length === 0) return [];
    const byDelivery = new Map<number, AttemptRecord[]>();
    for (const row of attemptsOf.all(JSON.stringify(rows.map((r) => r.id)))) {
      const list = byDelivery.get(row.delivery_id) ?? [];
      list.push(toAttempt(row));
      byDelivery.set(row.delivery_id, list);
    }
    return rows.map((row) => ({
      ...toDelivery(row),
      log: (byDelivery.get(row.id) ?? []).slice(-MAX_LISTED_ATTEMPTS),
    }));
  };

  const record = db.transaction((attempt: AttemptWrite) => {
    const statusCode = attempt.statusCode ?? null;
    const error = attempt.error ?? null;
    const latency = attempt.latencyMs ?? null;
    const next = attempt.nextAttemptAt ?? null;
    // The endpoint (and with it the delivery) may have been deleted while the attempt was in flight.
    const updated = updateDelivery.run({
      id: attempt.deliveryId,
      status: attempt.status,
      retry_step: attempt.retryStep,
      next_attempt_at: next,
      at: attempt.attemptedAt,
      status_code: statusCode,
      error,
      latency_ms: latency,
    });
    if (updated.changes === 0) return;
    insertAttempt.run({
      delivery_id: attempt.deliveryId,
      at: attempt.attemptedAt,
      manual: attempt.manual ? 1 : 0,
      outcome: attempt.outcome,
      status_code: statusCode,
      latency_ms: latency,
      error,
      next_attempt_at: next,
    });
    switch (attempt.endpoint) {
      case 'succeeded':
        endpointSucceeded.run(attempt.webhookId);
        break;
      case 'gone':
        endpointGone.run({ id: attempt.webhookId, at: attempt.attemptedAt });
        break;
      case 'gave_up':
        endpointGaveUp.run({ id: attempt.webhookId, at: attempt.attemptedAt });
        break;
      case 'unchanged':
        break;
    }
  });

  return {
    enqueue(deliveries) {
      let inserted = 0;
      for (const d of deliveries) inserted += insert.run(insertColumns(d, 'event')).changes;
      return inserted;
    },
    insertTest(delivery) {
      const result = insert.run(insertColumns(delivery, 'test'));
      if (result.changes !== 1) throw new Error(`message id ${delivery.messageId} is already taken`);
      const id = Number(result.lastInsertRowid);
      const created = get(id);
      if (created === undefined) throw new Error(`delivery ${id} vanished after insert`);
      return created;
    },
    get,
    outgoing(id) {
      const row = withBody.get(id);
      return row === undefined ? undefined : { delivery: toDelivery(row), body: row.body };
    },
    listDue: (now, limit) => due.all({ now, limit }).map((row) => row.id),
    nextDueAt() {
      const at = nextDue.get()?.at;
      return at === null || at === undefined ? undefined : at;
    },
    listByWebhook(webhookId, options = {}) {
      const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? DEFAULT_PAGE)), MAX_PAGE);
      return withAttempts(page.all({ webhook: webhookId, before: options.beforeId ?? Number.MAX_SAFE_INTEGER, limit }));
    },
    getWithAttempts(id) {
      const row = byId.get(id);
      return row === undefined ? undefined : withAttempts([row])[0];
    },
    recordAttempt(attempt) {
      record(attempt);
    },
    pruneFinished: (before) => prune.run(before).changes,
  };
}

function insertColumns(d: Omit<NewDelivery, 'eventId'> & { eventId?: number }, kind: 'event' | 'test'): InsertColumns {
  return {
    webhook_id: d.webhookId,
    event_id: d.eventId ?? null,
    kind,
    message_id: d.messageId,
    event_type: d.eventType,
    body: d.body,
    created_at: d.createdAt,
    next_attempt_at: d.nextAttemptAt ?? null,
  };
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    ...(row.event_id !== null && { eventId: row.event_id }),
    kind: DELIVERY_KINDS.find((k) => k === row.kind) ?? 'event',
    messageId: row.message_id,
    eventType: row.event_type,
    status: DELIVERY_STATUSES.find((s) => s === row.status) ?? 'pending',
    attempts: row.attempts,
    retryStep: row.retry_step,
    ...(row.next_attempt_at !== null && { nextAttemptAt: row.next_attempt_at }),
    ...(row.last_attempt_at !== null && { lastAttemptAt: row.last_attempt_at }),
    ...(row.last_status_code !== null && { lastStatusCode: row.last_status_code }),
    ...(row.last_error !== null && { lastError: row.last_error }),
    ...(row.last_latency_ms !== null && { lastLatencyMs: row.last_latency_ms }),
    createdAt: row.created_at,
  };
}

function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    attemptedAt: row.attempted_at,
    manual: row.manual === 1,
    outcome: ATTEMPT_OUTCOMES.find((o) => o === row.outcome) ?? 'failed',
    ...(row.status_code !== null && { statusCode: row.status_code }),
    ...(row.latency_ms !== null && { latencyMs: row.latency_ms }),
    ...(row.error !== null && { error: row.error }),
    ...(row.next_attempt_at !== null && { nextAttemptAt: row.next_attempt_at }),
  };
}
