/** The poll worker pool when a worker dies: its polls fail with a code instead of hanging, and the next starts anew. */
import { afterEach, describe, expect, it } from 'vitest';
import { groupedRecorder } from '../../src/history/record-poll.js';
import { DEFAULT_RECORDER_SETTINGS } from '../../src/history/types.js';
import { createPollWorkerPool } from '../../src/probe/poll-worker-pool.js';
import { tempStore, type TestStore } from '../history/helpers.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const t of stores.splice(0)) t.cleanup();
});

describe('a poll worker that dies', () => {
  it('fails the polls sent to it with INTERNAL, and a later poll starts a new worker', async () => {
    const t = tempStore();
    stores.push(t);
    // An invalid fetcher setting makes the worker throw while it starts, as a crash would.
    const pool = createPollWorkerPool(
      1,
      {
        fetcher: { connectTimeoutMs: -1 },
        recorderSettings: DEFAULT_RECORDER_SETTINGS,
        unconditionalEvery: 10,
        documentMemoryEntries: 10,
      },
      groupedRecorder(t.store.poll, DEFAULT_RECORDER_SETTINGS),
    );
    const target = { id: 1, url: 'https://127.0.0.1:9/jwks', profile: 'core' as const };
    try {
      await expect(pool.probeSummary(target)).rejects.toMatchObject({ code: 'INTERNAL' });
      // Sent to the dead worker, this poll would wait forever: it settles because a new worker was started.
      await expect(pool.probe(target)).rejects.toMatchObject({ code: 'INTERNAL' });
    } finally {
      await pool.close();
    }
  });
});
