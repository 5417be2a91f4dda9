-- Signed webhook alerts (issue 5): endpoints, the durable outbox of deliveries, each attempt, and the dispatcher's
-- cursor over `events`. Conventions as in 0001: INTEGER unix milliseconds (*_at), durations *_ms, booleans 0/1, JSON
-- columns hold text. Forward-only: never edit this file once landed.

-- One row per endpoint. `enabled` is the user's switch, also turned off by a 410 Gone (disabled_reason 'gone');
-- failing_since marks an endpoint whose delivery exhausted its retries, until the next success.
CREATE TABLE webhooks (
  id                         INTEGER PRIMARY KEY,
  url                        TEXT    NOT NULL,
  description                TEXT    NOT NULL DEFAULT '',
  event_types                TEXT    NOT NULL DEFAULT '[]', -- ["key.added", ...]; [] = every type
  provider_ids               TEXT    NOT NULL DEFAULT '[]', -- [1, 2]; with tags [] too = every provider
  tags                       TEXT    NOT NULL DEFAULT '[]', -- providers carrying any of these tags
  enabled                    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  disabled_reason            TEXT    CHECK (disabled_reason IN ('gone')),
  -- 'whsec_' + base64 of 32 random bytes. Kept because every delivery is signed with it; shown once (at creation or
  -- rotation), never returned by a read, never logged. During a rotation the previous secret signs too, until
  -- previous_secret_expires_at.
  secret                     TEXT    NOT NULL,
  previous_secret            TEXT,
  previous_secret_expires_at INTEGER,
  failing_since              INTEGER,
  -- The latest event id when the endpoint was created: older events are not delivered to it.
  since_event_id             INTEGER NOT NULL DEFAULT 0,
  created_at                 INTEGER NOT NULL,
  updated_at                 INTEGER NOT NULL
);

-- The outbox: one row per (event, endpoint) forever, made by the dispatcher in the transaction that advances its
-- cursor. message_id is the webhook-id header: the receiver's idempotency key, reused by every retry and by manual
-- redelivery. body holds the exact bytes signed and sent. kind 'test' rows come from POST /webhooks/:id/test and
-- are attempted once (no automatic retries).
CREATE TABLE webhook_deliveries (
  id               INTEGER PRIMARY KEY,
  webhook_id       INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id         INTEGER REFERENCES events (id) ON DELETE SET NULL,
  kind             TEXT    NOT NULL DEFAULT 'event' CHECK (kind IN ('event', 'test')),
  message_id       TEXT    NOT NULL UNIQUE,
  event_type       TEXT    NOT NULL,
  body             TEXT    NOT NULL,
  status           TEXT    NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'delivered', 'failed', 'given_up')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  -- failed attempts in the current series: the position in the retry schedule (a manual redelivery restarts it)
  retry_step       INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER, -- NULL: nothing scheduled
  last_attempt_at  INTEGER,
  last_status_code INTEGER,
  last_error       TEXT,
  last_latency_ms  INTEGER,
  created_at       INTEGER NOT NULL
);

CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (event_id, webhook_id) WHERE event_id IS NOT NULL;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);

-- The delivery log: one row per attempt (automatic or manual).
CREATE TABLE webhook_attempts (
  id              INTEGER PRIMARY KEY,
  delivery_id     INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempted_at    INTEGER NOT NULL,
  manual          INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
  outcome         TEXT    NOT NULL CHECK (outcome IN ('delivered', 'failed', 'gone')),
  status_code     INTEGER,
  latency_ms      INTEGER,
  error           TEXT,
  next_attempt_at INTEGER
);

CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, id);

-- The dispatcher's cursor: the last event id turned into deliveries. One row. An upgraded database starts after
-- the events it already holds: they predate every endpoint.
CREATE TABLE webhook_dispatch (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id INTEGER NOT NULL
);

INSERT INTO webhook_dispatch (id, last_event_id) SELECT 1, coalesce(max(id), 0) FROM events;
