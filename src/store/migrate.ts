/**
 * Forward-only migrations (graphile/worker style): numbered files `NNNN_name.sql`, applied in order, each in its
 * own transaction and recorded with a checksum in `schema_migrations`. A database whose latest migration is newer
 * than the code is refused (an older binary must not write to a newer schema), and so is a landed migration whose
 * file changed since it was applied (migrations are never edited; a change is a new file).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import type { Db } from './open-database.js';

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface MigrationFile {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Hex SHA-256 of the file with line endings normalised (a git checkout with CRLF is the same migration). */
  readonly checksum: string;
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: number;
}

export interface MigrationStatus {
  /** Latest applied version (0 for an empty database). */
  readonly current: number;
  /** Latest version the code knows. */
  readonly latest: number;
  readonly pending: readonly MigrationFile[];
}

export interface MigrateOptions {
  /** Stop after this version (tests of upgrades from an older schema). */
  readonly to?: number;
  readonly now?: () => number;
}

export interface MigrateResult {
  readonly applied: readonly string[];
  readonly current: number;
}

/** Reads `NNNN_name.sql` files from `dir`; versions must run 1, 2, 3... without gaps or duplicates. */
export function readMigrations(dir: string): MigrationFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.sql'));
  } catch (error) {
    throw new AppError('DB_MIGRATION_FAILED', `cannot read the migrations directory ${dir}`, { cause: error });
  }
  const files = names.map((name) => {
    const match = MIGRATION_FILE.exec(name);
    if (match === null) {
      throw new AppError('DB_MIGRATION_FAILED', `migration file ${name} is not named NNNN_name.sql`, {
        details: { file: name },
      });
    }
    const sql = readFileSync(join(dir, name), 'utf8');
    return { version: Number(match[1]), name: name.slice(0, -'.sql'.length), sql, checksum: checksumOf(sql) };
  });
  files.sort((a, b) => a.version - b.version);
  files.forEach((file, i) => {
    if (file.version !== i + 1) {
      throw new AppError(
        'DB_MIGRATION_FAILED',
        `migration ${file.name} is out of sequence: expected version ${i + 1}`,
        {
          details: { file: file.name },
        },
      );
    }
  });
  return files;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
  applied_at: number;
}

export function appliedMigrations(db: Db): AppliedMigration[] {
  const table = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (table === undefined) return [];
  return db
    .prepare<[], AppliedRow>('SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version')
    .all()
    .map((row) => ({ version: row.version, name: row.name, checksum: row.checksum, appliedAt: row.applied_at }));
}

/** Where the database stands against the migrations in `dir`; throws when the code cannot use it. */
export function migrationStatus(db: Db, dir: string): MigrationStatus {
  return statusOf(appliedMigrations(db), readMigrations(dir));
}

/** Applies every pending migration in `dir` (up to `options.to`), each in its own transaction. */
export function migrate(db: Db, dir: string, options: MigrateOptions = {}): MigrateResult {
  const now = options.now ?? Date.now;
  const status = migrationStatus(db, dir);
  ensureMigrationsTable(db);
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const applied: string[] = [];
  let current = status.current;
  for (const file of status.pending) {
    if (options.to !== undefined && file.version > options.to) break;
    try {
      db.transaction(() => {
        db.exec(file.sql);
        insert.run(file.version, file.name, file.checksum, now());
      })();
    } catch (error) {
      throw new AppError(
        'DB_MIGRATION_FAILED',
        `migration ${file.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
          details: { migration: file.name },
        },
      );
    }
    applied.push(file.name);
    current = file.version;
  }
  return { applied, current };
}

function statusOf(applied: readonly AppliedMigration[], files: readonly MigrationFile[]): MigrationStatus {
  const latest = files.at(-1)?.version ?? 0;
  const current = applied.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AppError(
      'DB_NEWER_THAN_CODE',
      `the database is at schema version ${current} but this code knows versions up to ${latest}; run a newer release`,
      { details: { databaseVersion: current, codeVersion: latest } },
    );
  }
  for (const row of applied) {
    const file = files[row.version - 1];
    if (file === undefined || file.checksum !== row.checksum || file.name !== row.name) {
      throw new AppError(
        'DB_MIGRATION_FAILED',
        `applied migration ${row.name} differs from the file in this release; migrations must not be edited`,
        {
          details: { migration: row.name },
        },
      );
    }
  }
  return { current, latest, pending: files.filter((file) => file.version > current) };
}

function ensureMigrationsTable(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    checksum   TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
}

function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}
