import { afterEach, describe, expect, it } from 'vitest';
import {
  DAY,
  MINUTE,
  T0,
  addProvider,
  ecKey,
  jwks,
  poll,
  report,
  tempStore,
  finding,
  type TestStore,
} from '../history/helpers.js';
import type { PruneResult } from '../../src/store/retention.js';
import { startRetentionJob } from '../../src/store/retention-job.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const t of stores.splice(0)) t.cleanup();
});

describe('pruneRuns', () => {
  it('deletes run rows older than the retention window in small batches and keeps the open run', () => {
    const t = tempStore();
    stores.push(t);
    const s = t.store;
    const id = addProvider(s);
    const keys = jwks(ecKey('a'));
    // Alternating verdicts: every poll closes a run and opens another.
    for (let i = 0; i < 30; i++) {
      const findings = i % 2 === 0 ? [] : [finding('jwks.kid.required', { severity: 'warning' })];
      poll(s, id, T0 + i * DAY, keys, { report: report(keys, { findings }) });
    }
    const now = T0 + 29 * DAY + MINUTE;
    const before = s.history.listRuns(id, { limit: 1000 });
    expect(before).toHaveLength(30);
    const result = s.pruneRuns({ now, retentionDays: 10, batchRows: 4 });
    const after = s.history.listRuns(id, { limit: 1000 });
    expect(after.every((run) => run.lastAt >= now - 10 * DAY)).toBe(true);
    expect(result.deleted).toBe(before.length - after.length);
    expect(result.batches).toBeGreaterThan(1);
    expect(result.more).toBe(false);
  });

  it('never prunes the open run, however old its first poll', () => {
    const t = tempStore();
    stores.push(t);
    const s = t.store;
    const id = addProvider(s);
    const keys = jwks(ecKey('a'));
    // Within the 180-day key-age window, so the verdict never changes and one run spans it all.
    for (let day = 0; day <= 170; day += 17) poll(s, id, T0 + day * DAY, keys);
    s.pruneRuns({ now: T0 + 170 * DAY, retentionDays: 90 });
    expect(s.history.listRuns(id)).toMatchObject([{ firstAt: T0, lastAt: T0 + 170 * DAY, pollCount: 11 }]);
  });

  it('stops after the batch limit and says there is more', () => {
    const t = tempStore();
    stores.push(t);
    const s = t.store;
    const id = addProvider(s);
    const keys = jwks(ecKey('a'));
    for (let i = 0; i < 12; i++) {
      poll(s, id, T0 + i * MINUTE, keys, {
        report: report(keys, { findings: i % 2 === 0 ? [] : [finding('x', { severity: 'info' })] }),
      });
    }
    expect(s.pruneRuns({ now: T0 + 200 * DAY, batchRows: 2, maxBatches: 2 })).toEqual({
      deleted: 4,
      batches: 2,
      more: true,
    });
  });
});

describe('the retention job', () => {
  it('prunes soon after start and works a backlog off one bounded call at a time, then stops', async () => {
    const t = tempStore();
    stores.push(t);
    const s = t.store;
    const id = addProvider(s);
    const keys = jwks(ecKey('a'));
    for (let i = 0; i < 30; i++) {
      const findings = i % 2 === 0 ? [] : [finding('jwks.kid.required', { severity: 'warning' })];
      poll(s, id, T0 + i * DAY, keys, { report: report(keys, { findings }) });
    }
    const now = T0 + 29 * DAY + MINUTE;
    const results: PruneResult[] = [];
    const errors: unknown[] = [];
    const drained = new Promise<void>((resolve) => {
      const job = startRetentionJob({
        // Two batches of 4 rows per call: the 20 old rows take three calls.
        prune: (at) => s.pruneRuns({ now: at, retentionDays: 10, batchRows: 4, maxBatches: 2 }),
        now: () => now,
        onPruned: (result) => {
          results.push(result);
          if (!result.more) {
            job.stop();
            resolve();
          }
        },
        onError: (error) => errors.push(error),
        firstAfterMs: 0,
        backlogAfterMs: 0,
        everyMs: 3_600_000,
      });
    });
    await drained;
    expect(errors).toEqual([]);
    expect(results.map((r) => r.more)).toEqual([true, true, false]);
    expect(s.history.listRuns(id, { limit: 1000 }).every((run) => run.lastAt >= now - 10 * DAY)).toBe(true);
  });

  it('reports a failing prune and runs again at the next interval', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    await new Promise<void>((resolve) => {
      const job = startRetentionJob({
        prune: () => {
          calls++;
          if (calls === 1) throw new Error('database is locked');
          job.stop();
          resolve();
          return { deleted: 0, batches: 1, more: false };
        },
        now: () => T0,
        onPruned: () => undefined,
        onError: (error) => errors.push(error),
        firstAfterMs: 0,
        everyMs: 0,
      });
    });
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
