/**
 * Review D4, upgrading: a rotation running when the database is upgraded (the one previous_secret column of 0003)
 * carries on, its secret signing until the end it had, from the table of replaced secrets (0005).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/alerts/sign.js';
import { migrate } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createWebhooksRepository } from '../../src/store/webhooks-repository.js';
import { HOUR, MIGRATIONS_DIR, T0 } from '../history/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('upgrading a database during a secret rotation', () => {
  it('keeps the previous secret signing until the end it had', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwks-monitor-secrets-'));
    dirs.push(dir);
    const path = join(dir, 'old.db');
    const current = generateSecret();
    const previous = generateSecret();
    const rotationEndsAt = T0 + 20 * HOUR;

    const old = openDatabase(path);
    migrate(old, MIGRATIONS_DIR, { to: 4, now: () => T0 });
    old
      .prepare(
        `INSERT INTO webhooks (url, secret, previous_secret, previous_secret_expires_at, created_at, updated_at)
         VALUES ('https://hooks.example/x', ?, ?, ?, ?, ?)`,
      )
      .run(current, previous, rotationEndsAt, T0, T0);
    old.close();

    const db = openDatabase(path);
    try {
      migrate(db, MIGRATIONS_DIR, { now: () => T0 + HOUR });
      const webhooks = createWebhooksRepository(db);
      const [webhook] = webhooks.list();
      expect(webhook?.previousSecretExpiresAt).toBe(rotationEndsAt);
      expect(webhooks.signingKeys(webhook!.id, rotationEndsAt - 1)?.secrets).toEqual([current, previous]);
      expect(webhooks.signingKeys(webhook!.id, rotationEndsAt)?.secrets).toEqual([current]);
      const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('webhooks')").all();
      expect(columns.map((c) => c.name)).not.toContain('previous_secret');
    } finally {
      db.close();
    }
  });
});
