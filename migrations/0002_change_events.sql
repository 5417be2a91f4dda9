-- Change events (key.added, rotation.detected, conformance.failed, ...), written in the transaction of the poll
-- that found the change. This table is the source of the webhook outbox: ids are AUTOINCREMENT, so they only grow
-- and are never reused, and a consumer that remembers the last id it handled (in its own table, updated in the
-- same transaction as its deliveries) reads `WHERE id > ? ORDER BY id` and misses nothing.
CREATE TABLE events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  type        TEXT    NOT NULL,
  provider_id INTEGER REFERENCES providers (id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL,
  payload     TEXT    NOT NULL -- the event's data as JSON; it names the provider, so it outlives the row
);

-- Reads go by cursor (id), optionally per provider; a type filter scans from the cursor.
CREATE INDEX events_by_provider ON events (provider_id, id);
