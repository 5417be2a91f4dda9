import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { startWalCheckpointer, type CheckpointResult } from '../../src/store/wal-checkpointer.js';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileDatabase(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'jwks-monitor-wal-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'wal.db'));
  dbs.push(db);
  db.exec('CREATE TABLE t (v TEXT)');
  return db;
}

function write(db: Db, rows: number): void {
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  for (let i = 0; i < rows; i++) insert.run('x'.repeat(500));
}

/** Resolves with the first checkpoint result that satisfies `done`, or fails after 5 s. */
function checkpointWhere(done: (r: CheckpointResult) => boolean) {
  let resolve: (r: CheckpointResult) => void = () => {};
  const result = new Promise<CheckpointResult>((r, reject) => {
    resolve = r;
    setTimeout(() => reject(new Error('no checkpoint within 5 s')), 5_000).unref();
  });
  return { result, onCheckpoint: (r: CheckpointResult) => (done(r) ? resolve(r) : undefined) };
}

describe('startWalCheckpointer', () => {
  it('turns off checkpoints on the main connection and backfills the WAL from its worker', async () => {
    const db = fileDatabase();
    const wanted = checkpointWhere((r) => r.log > 0 && r.checkpointed === r.log);
    const checkpointer = startWalCheckpointer(db, { intervalMs: 20, onCheckpoint: wanted.onCheckpoint });
    expect(checkpointer.running).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    write(db, 50);
    const result = await wanted.result;
    expect(result.busy).toBe(0);
    await checkpointer.stop();
  });

  it('lets a busy writer start the WAL over once it passes restartAfterFrames', async () => {
    const db = fileDatabase();
    const logs: number[] = [];
    const checkpointer = startWalCheckpointer(db, {
      intervalMs: 10,
      restartAfterFrames: 20,
      onCheckpoint: (r) => void logs.push(r.log),
    });
    // A writer that never pauses for long, as 300 polls a second do: bounded to 3 s.
    const until = Date.now() + 3_000;
    const startedOver = () => logs.some((log, i) => i > 0 && log < (logs[i - 1] ?? 0));
    while (Date.now() < until && !startedOver()) {
      write(db, 1);
      await new Promise((r) => setImmediate(r));
    }
    await checkpointer.stop();
    expect(startedOver()).toBe(true);
  });

  it('turns automatic checkpoints back on when stopped, and stops only once', async () => {
    const db = fileDatabase();
    const checkpointer = startWalCheckpointer(db, { intervalMs: 20 });
    await Promise.all([checkpointer.stop(), checkpointer.stop()]);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
  });

  it('does nothing for an in-memory database', async () => {
    const db = openDatabase(':memory:');
    dbs.push(db);
    const checkpointer = startWalCheckpointer(db);
    expect(checkpointer.running).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    await checkpointer.stop();
  });
});
