/**
 * Webhook endpoints, the secrets their rotations replaced (each signing until its own window ends), and the
 * dispatcher's cursor. Records never carry secrets: `signingKeys` is the one read that returns them, for the
 * sender. Create and update share one column mapper.
 */
import type { DisabledReason, WebhookRecord, WebhookSettings, WebhookSigningKeys } from '../alerts/types.js';
import type { Db } from './open-database.js';

export interface NewWebhook extends WebhookSettings {
  readonly secret: string;
  readonly sinceEventId: number;
}

interface WebhookRow {
  id: number;
  url: string;
  description: string;
  event_types: string;
  provider_ids: string;
  tags: string;
  enabled: number;
  disabled_reason: string | null;
  failing_since: number | null;
  /** The latest end of a replaced secret's window (expired ones included until the next rotation deletes them). */
  retired_until: number | null;
  since_event_id: number;
  created_at: number;
  updated_at: number;
}

interface SettingsColumns {
  url: string;
  description: string;
  event_types: string;
  provider_ids: string;
  tags: string;
  enabled: number;
}

const COLUMNS = `id, url, description, event_types, provider_ids, tags, enabled, disabled_reason, failing_since,
  (SELECT max(r.expires_at) FROM webhook_retired_secrets r WHERE r.webhook_id = webhooks.id) AS retired_until,
  since_event_id, created_at, updated_at`;

/** How a rotation treats the secret it replaces. */
export interface SecretRotation {
  readonly secret: string;
  /** The replaced secret signs until then. */
  readonly retiredUntil: number;
  /** Replaced secrets kept at most (the oldest go first): each one adds a signature to every delivery. */
  readonly maxRetired: number;
}

export interface WebhooksRepository {
  transaction<T>(fn: () => T): T;
  create(webhook: NewWebhook, now: number): WebhookRecord;
  get(id: number): WebhookRecord | undefined;
  list(): WebhookRecord[];
  /** Enabled endpoints: the ones the dispatcher routes events to. */
  listEnabled(): WebhookRecord[];
  /** Whether any endpoint is enabled, without reading one. */
  anyEnabled(): boolean;
  /**
   * Replaces the settings. Enabling clears a service-set disabled reason; a new URL clears the failing mark (it is
   * a different receiver). Undefined when there is no such endpoint.
   */
  update(id: number, settings: WebhookSettings, now: number): WebhookRecord | undefined;
  delete(id: number): boolean;
  /**
   * The new secret signs from now on; the current one keeps signing until `rotation.retiredUntil`, and so do those
   * replaced earlier until their own ends (up to `rotation.maxRetired`). Expired ones are deleted.
   */
  rotateSecret(id: number, rotation: SecretRotation, now: number): WebhookRecord | undefined;
  /** URL and the secrets valid at `now` (current first, then the most recently replaced), for signing one attempt. */
  signingKeys(id: number, now: number): WebhookSigningKeys | undefined;
  /** The last event id turned into deliveries. */
  dispatchCursor(): number;
  setDispatchCursor(eventId: number): void;
}

export function createWebhooksRepository(db: Db): WebhooksRepository {
  const insert = db.prepare<SettingsColumns & { secret: string; since_event_id: number; now: number }>(
    `INSERT INTO webhooks (url, description, event_types, provider_ids, tags, enabled, secret, since_event_id,
       created_at, updated_at)
     VALUES (@url, @description, @event_types, @provider_ids, @tags, @enabled, @secret, @since_event_id, @now, @now)`,
  );
  const byId = db.prepare<[number], WebhookRow>(`SELECT ${COLUMNS} FROM webhooks WHERE id = ?`);
  const all = db.prepare<[], WebhookRow>(`SELECT ${COLUMNS} FROM webhooks ORDER BY id`);
  const enabled = db.prepare<[], WebhookRow>(`SELECT ${COLUMNS} FROM webhooks WHERE enabled = 1 ORDER BY id`);
  const oneEnabled = db.prepare<[], { one: number }>(`SELECT 1 AS one FROM webhooks WHERE enabled = 1 LIMIT 1`);
  const updateSettings = db.prepare<SettingsColumns & { id: number; now: number }>(
    `UPDATE webhooks SET
       failing_since = CASE WHEN url = @url THEN failing_since END,
       disabled_reason = CASE WHEN @enabled = 1 THEN NULL ELSE disabled_reason END,
       url = @url, description = @description, event_types = @event_types, provider_ids = @provider_ids,
       tags = @tags, enabled = @enabled, updated_at = @now
     WHERE id = @id`,
  );
  const remove = db.prepare<[number]>('DELETE FROM webhooks WHERE id = ?');
  const retire = db.prepare<{ id: number; expires: number }>(
    `INSERT INTO webhook_retired_secrets (webhook_id, secret, expires_at)
     SELECT id, secret, @expires FROM webhooks WHERE id = @id`,
  );
  const replaceSecret = db.prepare<{ id: number; secret: string; now: number }>(
    'UPDATE webhooks SET secret = @secret, updated_at = @now WHERE id = @id',
  );
  const dropRetired = db.prepare<{ id: number; now: number; keep: number }>(
    `DELETE FROM webhook_retired_secrets WHERE webhook_id = @id AND (expires_at <= @now OR id NOT IN (
       SELECT id FROM webhook_retired_secrets WHERE webhook_id = @id ORDER BY id DESC LIMIT @keep))`,
  );
  const current = db.prepare<[number], { url: string; secret: string }>(
    'SELECT url, secret FROM webhooks WHERE id = ?',
  );
  const retiredValid = db.prepare<{ id: number; now: number }, { secret: string }>(
    'SELECT secret FROM webhook_retired_secrets WHERE webhook_id = @id AND expires_at > @now ORDER BY id DESC',
  );
  const cursor = db.prepare<[], { last_event_id: number }>('SELECT last_event_id FROM webhook_dispatch WHERE id = 1');
  const setCursor = db.prepare<[number]>(
    'INSERT INTO webhook_dispatch (id, last_event_id) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_event_id = excluded.last_event_id',
  );

  const get = (id: number): WebhookRecord | undefined => {
    const row = byId.get(id);
    return row === undefined ? undefined : toWebhook(row);
  };

  return {
    transaction: (fn) => db.transaction(fn)(),
    create(webhook, now) {
      const id = Number(
        insert.run({ ...settingsColumns(webhook), secret: webhook.secret, since_event_id: webhook.sinceEventId, now })
          .lastInsertRowid,
      );
      const created = get(id);
      if (created === undefined) throw new Error(`webhook ${id} vanished after insert`);
      return created;
    },
    get,
    list: () => all.all().map(toWebhook),
    listEnabled: () => enabled.all().map(toWebhook),
    anyEnabled: () => oneEnabled.get() !== undefined,
    update(id, settings, now) {
      if (updateSettings.run({ ...settingsColumns(settings), id, now }).changes === 0) return undefined;
      return get(id);
    },
    delete: (id) => remove.run(id).changes > 0,
    rotateSecret(id, rotation, now) {
      const rotated = db.transaction(() => {
        if (retire.run({ id, expires: rotation.retiredUntil }).changes === 0) return false;
        replaceSecret.run({ id, secret: rotation.secret, now });
        dropRetired.run({ id, now, keep: Math.max(0, Math.trunc(rotation.maxRetired)) });
        return true;
      })();
      return rotated ? get(id) : undefined;
    },
    signingKeys(id, now) {
      const row = current.get(id);
      if (row === undefined) return undefined;
      return { url: row.url, secrets: [row.secret, ...retiredValid.all({ id, now }).map((r) => r.secret)] };
    },
    dispatchCursor: () => cursor.get()?.last_event_id ?? 0,
    setDispatchCursor(eventId) {
      setCursor.run(eventId);
    },
  };
}

function settingsColumns(settings: WebhookSettings): SettingsColumns {
  return {
    url: settings.url,
    description: settings.description,
    event_types: JSON.stringify(settings.eventTypes),
    provider_ids: JSON.stringify(settings.providerIds),
    tags: JSON.stringify(settings.tags),
    enabled: settings.enabled ? 1 : 0,
  };
}

function toWebhook(row: WebhookRow): WebhookRecord {
  const disabledReason: DisabledReason | undefined = row.disabled_reason === 'gone' ? 'gone' : undefined;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: parseArray(row.event_types, (v): v is string => typeof v === 'string'),
    providerIds: parseArray(row.provider_ids, (v): v is number => Number.isSafeInteger(v)),
    tags: parseArray(row.tags, (v): v is string => typeof v === 'string'),
    enabled: row.enabled === 1,
    ...(disabledReason !== undefined && { disabledReason }),
    ...(row.failing_since !== null && { failingSince: row.failing_since }),
    ...(row.retired_until !== null && { previousSecretExpiresAt: row.retired_until }),
    sinceEventId: row.since_event_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A JSON array column through a guard: a damaged value reads as empty rather than as a lie. */
function parseArray<T>(text: string, guard: (value: unknown) => value is T): T[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  return Array.isArray(parsed) ? parsed.filter(guard) : [];
}
