/**
 * Opens the SQLite database with the settings the service relies on: WAL (readers never block the writer),
 * synchronous=NORMAL (durable at checkpoints; a crash loses at most the last transactions, never consistency),
 * foreign keys on, and a busy timeout so a second process (`jwks-monitor migrate`) waits instead of failing.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export const DEFAULT_DATABASE_PATH = './data/jwks-monitor.db';
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
/** Bound on the -wal file left after a checkpoint (SQLite otherwise keeps its largest size). */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
const IN_MEMORY = ':memory:';

export interface OpenDatabaseOptions {
  readonly readonly?: boolean;
  readonly busyTimeoutMs?: number;
}

/** Opens (creating the file and its directory if needed) the database at `path`; ':memory:' for tests. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const readonly = options.readonly ?? false;
  if (path !== IN_MEMORY && !path.startsWith('file:') && !readonly)
    mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path, { readonly, timeout: busyTimeoutMs });
  try {
    if (path !== IN_MEMORY && !readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Temporary tables in memory, not in a temp file: SQLite builds one for every UPDATE … RETURNING (the recorder's
    // unchanged-poll update). With a temp file, a fresh process timed that statement at about 65 µs of CPU instead
    // of 13 µs, with two brk calls per statement (the C heap growing and shrinking around each temporary page cache);
    // in the service, whose heap is rarely trimmable, the difference stayed within the closed loop's noise.
    // The service's temporary data is small: sorts of paginated queries, never a VACUUM.
    db.pragma('temp_store = MEMORY');
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    if (!readonly) db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
