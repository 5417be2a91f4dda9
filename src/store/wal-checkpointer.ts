/**
 * Checkpoints the write-ahead log from a worker thread with a connection of its own, so that copying WAL pages
 * into the database file and syncing both never run on the event loop. Left to SQLite, the commit that crosses
 * wal_autocheckpoint (1,000 pages) checkpoints synchronously: with 20,000 providers polled every minute that was a
 * 15–80 ms stall every few seconds inside a poll's or the scheduler's commit (bench/event-loop.ts).
 *
 * A PASSIVE checkpoint takes no lock the main connection waits for, but it can only copy the frames committed
 * before it began; the WAL starts over only when a writer finds it fully copied (https://sqlite.org/wal.html), and
 * a busy writer never does. So once the WAL passes `restartAfterFrames`, the main connection checkpoints the few
 * frames committed since the worker's checkpoint (two small fsyncs: 15–40 ms on the loaded bench machine) and its
 * next write starts the WAL over.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './open-database.js';

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1_000;
/**
 * 12,000 frames of a 4 KiB page: about 48 MiB, under the 64 MiB journal_size_limit that open-database.ts sets, so
 * the file is reused rather than truncated. At 20,000 providers a minute (about 700 frames a second) that is one
 * writer checkpoint every 15–20 s, where SQLite's own made one every 1.5 s.
 */
export const DEFAULT_RESTART_AFTER_FRAMES = 12_000;
/** SQLite's own default, restored when the worker stops or fails, so the WAL stays bounded either way. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1_000;
const STOP_TIMEOUT_MS = 5_000;

/** One checkpoint's result, as `PRAGMA wal_checkpoint` reports it: frames in the WAL, and copied. */
export interface CheckpointResult {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

export interface WalCheckpointerOptions {
  readonly intervalMs?: number;
  readonly restartAfterFrames?: number;
  /** Each worker checkpoint. */
  readonly onCheckpoint?: (result: CheckpointResult) => void;
  /** A checkpoint failed: the worker's (it has stopped, SQLite's automatic checkpoints are back on) or the writer's. */
  readonly onError?: (error: Error) => void;
}

export interface WalCheckpointer {
  /** False for a database without a WAL file (':memory:', another journal mode): nothing to do. */
  readonly running: boolean;
  /** Stops the worker; automatic checkpoints are back on. Idempotent. */
  stop(): Promise<void>;
}

// Plain CommonJS, evaluated in the worker: no TypeScript loader needed there, in tests or in production.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ busy: row.busy, log: row.log, checkpointed: row.checkpointed });
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startWalCheckpointer(db: Db, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const mode: unknown = db.pragma('journal_mode', { simple: true });
  if (db.memory || db.readonly || mode !== 'wal') return { running: false, stop: () => Promise.resolve() };
  const restartAfterFrames = options.restartAfterFrames ?? DEFAULT_RESTART_AFTER_FRAMES;

  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path: db.name,
      busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
      intervalMs: options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
    },
  });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exit.then(() => {
    exited = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  });
  worker.on('message', (message: unknown) => {
    if (!isCheckpointResult(message)) return;
    options.onCheckpoint?.(message);
    if (message.log < restartAfterFrames || !db.open) return;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      // The next report tries again; an exception here would escape the event emitter and end the process.
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  });
  worker.on('error', (error) => options.onError?.(error));

  let stopping: Promise<void> | undefined;
  return {
    running: true,
    stop() {
      stopping ??= (async () => {
        if (exited) return;
        worker.postMessage('stop');
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)));
        if ((await Promise.race([exit, late])) === 'late') await worker.terminate();
        clearTimeout(timer);
        await exit;
      })();
      return stopping;
    },
  };
}

function isCheckpointResult(value: unknown): value is CheckpointResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    'busy' in value &&
    typeof value.busy === 'number' &&
    'log' in value &&
    typeof value.log === 'number' &&
    'checkpointed' in value &&
    typeof value.checkpointed === 'number'
  );
}
