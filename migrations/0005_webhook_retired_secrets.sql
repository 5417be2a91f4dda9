-- Every secret replaced by a rotation keeps signing until its own rotation window ends (review D4: the one
-- previous_secret slot was overwritten by a second rotation, so the original secret stopped signing at once and
-- receivers still configured with it rejected every alert). One row per replaced secret; the service keeps a few
-- per endpoint and deletes expired ones. Conventions as in 0001. Forward-only: never edit this file once landed.
CREATE TABLE webhook_retired_secrets (
  id         INTEGER PRIMARY KEY,
  webhook_id INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  -- 'whsec_' + base64, as webhooks.secret: never returned by a read, never logged.
  secret     TEXT    NOT NULL,
  -- It signs until then.
  expires_at INTEGER NOT NULL
);

CREATE INDEX webhook_retired_secrets_by_webhook ON webhook_retired_secrets (webhook_id, expires_at);

INSERT INTO webhook_retired_secrets (webhook_id, secret, expires_at)
  SELECT id, previous_secret, previous_secret_expires_at FROM webhooks
  WHERE previous_secret IS NOT NULL AND previous_secret_expires_at IS NOT NULL;

-- A secret is kept in one place only.
ALTER TABLE webhooks DROP COLUMN previous_secret;
ALTER TABLE webhooks DROP COLUMN previous_secret_expires_at;
