import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { appliedMigrations, migrate, migrationStatus, readMigrations } from '../../src/store/migrate.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { MIGRATIONS_DIR, T0 } from '../history/helpers.js';

const dirs: string[] = [];
const dbs: Db[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jwks-monitor-migrate-'));
  dirs.push(dir);
  return dir;
}

function memory(): Db {
  const db = openDatabase(':memory:');
  dbs.push(db);
  return db;
}

/** A migrations directory holding the real files plus `extra` ones. */
function migrationsWith(extra: Record<string, string>): string {
  const dir = tempDir();
  for (const file of readMigrations(MIGRATIONS_DIR))
    copyFileSync(join(MIGRATIONS_DIR, `${file.name}.sql`), join(dir, `${file.name}.sql`));
  for (const [name, sql] of Object.entries(extra)) writeFileSync(join(dir, name), sql);
  return dir;
}

function expectCode(fn: () => unknown, code: 'DB_NEWER_THAN_CODE' | 'DB_MIGRATION_FAILED'): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(isAppError(thrown, code), `expected AppError ${code}, got ${String(thrown)}`).toBe(true);
}

describe('migrate', () => {
  it('applies every migration in order and records each with its checksum', () => {
    const db = memory();
    const result = migrate(db, MIGRATIONS_DIR, { now: () => T0 });
    const files = readMigrations(MIGRATIONS_DIR);
    expect(result.applied).toEqual(files.map((f) => f.name));
    expect(appliedMigrations(db)).toEqual(
      files.map((f) => ({ version: f.version, name: f.name, checksum: f.checksum, appliedAt: T0 })),
    );
    expect(migrationStatus(db, MIGRATIONS_DIR).pending).toEqual([]);
  });

  it('does nothing on a database that is already current', () => {
    const db = memory();
    migrate(db, MIGRATIONS_DIR);
    expect(migrate(db, MIGRATIONS_DIR).applied).toEqual([]);
  });

  it('stops at the requested version', () => {
    const db = memory();
    expect(migrate(db, MIGRATIONS_DIR, { to: 1 })).toEqual({ applied: ['0001_init'], current: 1 });
    expect(migrationStatus(db, MIGRATIONS_DIR).pending.map((f) => f.version)).not.toContain(1);
  });

  it('refuses a database newer than the code with DB_NEWER_THAN_CODE', () => {
    const newer = memory();
    migrate(newer, MIGRATIONS_DIR);
    const latest = readMigrations(MIGRATIONS_DIR).length;
    newer
      .prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)')
      .run(latest + 1, 'future', 'x', T0);
    expectCode(() => migrate(newer, MIGRATIONS_DIR), 'DB_NEWER_THAN_CODE');
    expectCode(() => migrationStatus(newer, MIGRATIONS_DIR), 'DB_NEWER_THAN_CODE');
  });

  it('refuses a landed migration whose file was edited', () => {
    const db = memory();
    migrate(db, MIGRATIONS_DIR);
    db.prepare('UPDATE schema_migrations SET checksum = ? WHERE version = 1').run('0'.repeat(64));
    expectCode(() => migrate(db, MIGRATIONS_DIR), 'DB_MIGRATION_FAILED');
  });

  it('rolls back a failing migration entirely and reports DB_MIGRATION_FAILED', () => {
    const next = readMigrations(MIGRATIONS_DIR).length + 1;
    const name = `${String(next).padStart(4, '0')}_broken.sql`;
    const dir = migrationsWith({ [name]: 'CREATE TABLE half_done (id INTEGER);\nTHIS IS NOT SQL;' });
    const db = memory();
    expectCode(() => migrate(db, dir), 'DB_MIGRATION_FAILED');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    expect(appliedMigrations(db).map((m) => m.version)).toEqual(readMigrations(MIGRATIONS_DIR).map((m) => m.version));
  });

  it('refuses migration files that are misnamed or out of sequence', () => {
    expectCode(() => readMigrations(migrationsWith({ 'add-stuff.sql': '' })), 'DB_MIGRATION_FAILED');
    expectCode(() => readMigrations(migrationsWith({ '0042_gap.sql': '' })), 'DB_MIGRATION_FAILED');
  });

  it('ignores line-ending differences in checksums (a CRLF checkout is the same migration)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (id INTEGER);\n');
    const db = memory();
    migrate(db, dir);
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (id INTEGER);\r\n');
    expect(migrate(db, dir).applied).toEqual([]);
  });

  it('reports an unreadable migrations directory as DB_MIGRATION_FAILED', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x'));
    expectCode(() => readMigrations(join(dir, 'missing')), 'DB_MIGRATION_FAILED');
  });
});
