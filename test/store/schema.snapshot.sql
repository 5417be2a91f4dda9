CREATE TABLE events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  type        TEXT    NOT NULL,
  provider_id INTEGER REFERENCES providers (id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL,
  payload     TEXT    NOT NULL -- the event's data as JSON; it names the provider, so it outlives the row
);

CREATE TABLE incidents (
  id             INTEGER PRIMARY KEY,
  provider_id    INTEGER NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
  rule_id        TEXT    NOT NULL,
  subject        TEXT    NOT NULL,
  severity       TEXT    NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  document       TEXT    NOT NULL,
  pointer        TEXT    NOT NULL,
  kid            TEXT,
  thumbprint     TEXT,
  message        TEXT    NOT NULL,
  expected       TEXT,
  actual         TEXT,
  spec           TEXT    NOT NULL,
  silenced       INTEGER NOT NULL DEFAULT 0 CHECK (silenced IN (0, 1)),
  -- 1 while the latest verdict saw it: its last_seen_at then moves with providers.last_verdict_at
  seen_in_latest INTEGER NOT NULL DEFAULT 1 CHECK (seen_in_latest IN (0, 1)),
  opened_at      INTEGER NOT NULL,
  last_seen_at   INTEGER NOT NULL,
  resolved_at    INTEGER
);

CREATE TABLE keys (
  id            INTEGER PRIMARY KEY,
  provider_id   INTEGER NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
  key_id        TEXT    NOT NULL,
  thumbprint    TEXT,
  kid           TEXT,
  kty           TEXT,
  bits          INTEGER,
  crv           TEXT,
  alg           TEXT,
  use           TEXT,
  first_seen_at INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  removed_at    INTEGER
);

CREATE TABLE provider_snapshots (
  id                 INTEGER PRIMARY KEY,
  provider_id        INTEGER NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
  snapshot_id        INTEGER NOT NULL REFERENCES snapshots (id),
  first_seen_at      INTEGER NOT NULL,
  last_seen_at       INTEGER NOT NULL,
  poll_count         INTEGER NOT NULL DEFAULT 1,
  confirmed_at       INTEGER,
  etag               TEXT,
  last_modified      TEXT,
  cache_control      TEXT,
  discovery_issuer   TEXT,
  discovery_jwks_uri TEXT
);

CREATE TABLE providers (
  id                         INTEGER PRIMARY KEY,
  name                       TEXT    NOT NULL UNIQUE,
  url                        TEXT    NOT NULL,
  kind                       TEXT    NOT NULL,
  profile                    TEXT    NOT NULL,
  interval_seconds           INTEGER NOT NULL CHECK (interval_seconds > 0),
  min_keys                   INTEGER,
  max_keys                   INTEGER,
  -- NULL = the default (1 h tokens, 10 min client cache; rotation.too-fast)
  token_lifetime_seconds     INTEGER,
  client_cache_seconds       INTEGER,
  silenced_rules             TEXT    NOT NULL DEFAULT '[]', -- [{"ruleId","reason"}]
  tags                       TEXT    NOT NULL DEFAULT '[]', -- ["tag"]
  enabled                    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  source                     TEXT    NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'file')),
  next_due_at                INTEGER,
  created_at                 INTEGER NOT NULL,
  updated_at                 INTEGER NOT NULL,

  -- latest state
  status                     TEXT    NOT NULL DEFAULT 'pending'
                                     CHECK (status IN ('pending', 'up', 'degraded', 'failing', 'down')),
  last_poll_at               INTEGER,
  last_success_at            INTEGER,
  last_verdict_at            INTEGER,
  key_count                  INTEGER,
  open_errors                INTEGER NOT NULL DEFAULT 0,
  open_warnings              INTEGER NOT NULL DEFAULT 0,
  open_infos                 INTEGER NOT NULL DEFAULT 0,
  last_rotation_at           INTEGER,
  latest_snapshot_id         INTEGER REFERENCES snapshots (id),
  consecutive_failures       INTEGER NOT NULL DEFAULT 0,
  consecutive_successes      INTEGER NOT NULL DEFAULT 0,

  -- recorder state. The obs_* and run_* columns are the live values of the latest provider_snapshots row and
  -- the latest runs row (copied into those rows whenever a poll changes anything), so that an unchanged poll
  -- writes one row. The *_history_id and latest_run_id pointers carry no foreign key: they are maintained by the
  -- recorder in the same transaction, and a provider's rows go away with it.
  obs_history_id             INTEGER,
  obs_last_seen_at           INTEGER,
  obs_poll_count             INTEGER NOT NULL DEFAULT 0,
  obs_etag                   TEXT,
  obs_last_modified          TEXT,
  obs_cache_control          TEXT,
  obs_raw_sha                TEXT,
  obs_confirmed              INTEGER NOT NULL DEFAULT 0 CHECK (obs_confirmed IN (0, 1)),
  confirmed_history_id       INTEGER,
  transition_from_history_id INTEGER,
  transition_at              INTEGER,
  flap_started_at            INTEGER,
  last_flap_at               INTEGER,
  history_recheck_at         INTEGER,
  engine_findings_sig        TEXT,
  latest_run_id              INTEGER,
  run_outcome                TEXT,
  run_signature              TEXT,
  run_last_at                INTEGER,
  run_poll_count             INTEGER NOT NULL DEFAULT 0
, history_since_at INTEGER);

CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  provider_id   INTEGER NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
  outcome       TEXT    NOT NULL, -- 'ok' or the fetch error code
  status        TEXT    NOT NULL,
  snapshot_id   INTEGER REFERENCES snapshots (id),
  errors        INTEGER NOT NULL DEFAULT 0,
  warnings      INTEGER NOT NULL DEFAULT 0,
  infos         INTEGER NOT NULL DEFAULT 0,
  error_message TEXT,
  signature     TEXT    NOT NULL,
  first_at      INTEGER NOT NULL,
  last_at       INTEGER NOT NULL,
  poll_count    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    checksum   TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  );

CREATE TABLE snapshots (
  id                   INTEGER PRIMARY KEY,
  hash                 TEXT    NOT NULL UNIQUE,
  document             TEXT    NOT NULL,
  keys                 TEXT    NOT NULL, -- key views: identity and metadata per key, no private value
  key_count            INTEGER NOT NULL,
  private_member_count INTEGER NOT NULL DEFAULT 0,
  created_at           INTEGER NOT NULL
);

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

CREATE TABLE webhook_dispatch (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id INTEGER NOT NULL
);

CREATE TABLE webhook_retired_secrets (
  id         INTEGER PRIMARY KEY,
  webhook_id INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  -- 'whsec_' + base64, as webhooks.secret: never returned by a read, never logged.
  secret     TEXT    NOT NULL,
  -- It signs until then.
  expires_at INTEGER NOT NULL
);

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
  failing_since              INTEGER,
  -- The latest event id when the endpoint was created: older events are not delivered to it.
  since_event_id             INTEGER NOT NULL DEFAULT 0,
  created_at                 INTEGER NOT NULL,
  updated_at                 INTEGER NOT NULL
);

CREATE INDEX events_by_provider ON events (provider_id, id);

CREATE INDEX incidents_by_provider ON incidents (provider_id, id);

CREATE UNIQUE INDEX incidents_open ON incidents (provider_id, rule_id, subject) WHERE resolved_at IS NULL;

CREATE INDEX keys_by_provider ON keys (provider_id, key_id);

CREATE INDEX provider_snapshots_by_provider ON provider_snapshots (provider_id, id);

CREATE INDEX providers_worst_first ON providers (
  (CASE status WHEN 'down' THEN 0 WHEN 'failing' THEN 1 WHEN 'degraded' THEN 2 WHEN 'pending' THEN 3 ELSE 4 END),
  open_errors DESC,
  name
);

CREATE INDEX runs_by_provider ON runs (provider_id, id);

CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, id);

CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (event_id, webhook_id) WHERE event_id IS NOT NULL;

CREATE INDEX webhook_retired_secrets_by_webhook ON webhook_retired_secrets (webhook_id, expires_at);
