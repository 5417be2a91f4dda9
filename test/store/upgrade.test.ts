/** A database made by an older release (schema 0001 only, with data in it) is upgraded in place. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProvidersRepository } from '../../src/store/providers-repository.js';
import { appliedMigrations, migrate, readMigrations } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createStore } from '../../src/store/store.js';
import { MIGRATIONS_DIR, MINUTE, T0, ecKey, eventTypes, jwks, poll } from '../history/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('upgrading from schema version 1', () => {
  it('keeps the data written by the older schema and records polls afterwards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwks-monitor-upgrade-'));
    dirs.push(dir);
    const path = join(dir, 'old.db');

    // An older release: only 0001 applied, a provider registered and a snapshot stored.
    const old = openDatabase(path);
    migrate(old, MIGRATIONS_DIR, { to: 1, now: () => T0 });
    const provider = createProvidersRepository(old).create(
      {
        name: 'legacy',
        url: 'https://legacy.test/jwks',
        kind: 'jwks',
        profile: 'core',
        intervalSeconds: 300,
        tags: ['old'],
      },
      T0,
    );
    old
      .prepare(
        "INSERT INTO snapshots (hash, document, keys, key_count, created_at) VALUES ('h-old', '{\"keys\":[]}', '[]', 0, ?)",
      )
      .run(T0);
    expect(old.prepare("SELECT name FROM sqlite_master WHERE name = 'events'").get()).toBeUndefined();
    old.close();

    const db = openDatabase(path);
    const result = migrate(db, MIGRATIONS_DIR, { now: () => T0 + MINUTE });
    expect(result.applied).toEqual(
      readMigrations(MIGRATIONS_DIR)
        .slice(1)
        .map((f) => f.name),
    );
    expect(appliedMigrations(db).map((m) => [m.version, m.appliedAt])).toEqual(
      readMigrations(MIGRATIONS_DIR).map((f) => [f.version, f.version === 1 ? T0 : T0 + MINUTE]),
    );

    const store = createStore(db);
    try {
      expect(store.providers.get(provider.id)).toMatchObject({ name: 'legacy', tags: ['old'], intervalSeconds: 300 });
      expect(db.prepare<[], { hash: string }>('SELECT hash FROM snapshots').all()).toEqual([{ hash: 'h-old' }]);
      const a = ecKey('a');
      poll(store, provider.id, T0 + 2 * MINUTE, jwks(a));
      poll(store, provider.id, T0 + 3 * MINUTE, jwks(a, ecKey('b')));
      expect(eventTypes(poll(store, provider.id, T0 + 4 * MINUTE, jwks(a, ecKey('b'))))).not.toContain('provider.down');
      expect(store.history.listHistory(provider.id).length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});
