/** The grouped recorder: unchanged polls that end in one event-loop turn share one commit. */
import { afterEach, describe, expect, it } from 'vitest';
import { groupedRecorder, recordPollWith, type RecordPollInput } from '../../src/history/record-poll.js';
import { DEFAULT_RECORDER_SETTINGS } from '../../src/history/types.js';
import type { Store } from '../../src/store/store.js';
import { MINUTE, T0, addProvider, ecKey, jwks, poll, pollInput, tempStore, type TestStore } from './helpers.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const t of stores.splice(0)) t.cleanup();
});

function fleet(count: number): { t: TestStore; ids: number[] } {
  const t = tempStore();
  stores.push(t);
  const ids = Array.from({ length: count }, (_, i) => addProvider(t.store, { name: `idp-${i}` }));
  return { t, ids };
}

const DOC = jwks(ecKey('a'), ecKey('b'));

/** The poll path's recorder (as compose.ts builds it): unchanged polls grouped into one commit per turn. */
function recordPollGrouped(store: Store['poll'], input: RecordPollInput) {
  return recordPollWith(groupedRecorder(store, DEFAULT_RECORDER_SETTINGS), input, DEFAULT_RECORDER_SETTINGS);
}

function emptyWal(t: TestStore): void {
  t.store.db.pragma('wal_checkpoint(TRUNCATE)');
}

/** Frames in the WAL since it was last emptied. */
function walFrames(t: TestStore): number {
  const [row] = t.store.db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  return row?.log ?? Number.NaN;
}

/** Baseline and confirmation: the third poll of the same bytes can take the unchanged path. */
function confirm(t: TestStore, ids: readonly number[]): void {
  for (const id of ids) {
    poll(t.store, id, T0, DOC, { etag: '"v1"' });
    poll(t.store, id, T0 + MINUTE, DOC, { etag: '"v1"' });
  }
}

describe('recording polls grouped into one commit per turn', () => {
  it('records unchanged polls of many providers in one commit, each with its own result', async () => {
    const grouped = fleet(5);
    const oneByOne = fleet(5);
    for (const { t, ids } of [grouped, oneByOne]) {
      confirm(t, ids);
      emptyWal(t);
    }
    const results = await Promise.all(
      grouped.ids.map((id) =>
        recordPollGrouped(grouped.t.store.poll, pollInput(id, T0 + 2 * MINUTE, DOC, { etag: '"v1"' })),
      ),
    );
    for (const id of oneByOne.ids) poll(oneByOne.t.store, id, T0 + 2 * MINUTE, DOC, { etag: '"v1"' });
    expect(results.map((r) => r.path)).toEqual(grouped.ids.map(() => 'unchanged'));
    for (const { t, ids } of [grouped, oneByOne])
      for (const id of ids) expect(t.store.providers.get(id)?.state.lastPollAt).toBe(T0 + 2 * MINUTE);
    // Each commit appends the pages it changed to the WAL: one commit writes the providers' page once, five
    // commits write it five times.
    expect(walFrames(grouped.t)).toBeLessThan(walFrames(oneByOne.t));
  });

  it('writes nothing until the turn ends, then everything at once', async () => {
    const { t, ids } = fleet(3);
    confirm(t, ids);
    const pending = ids.map((id) =>
      recordPollGrouped(t.store.poll, pollInput(id, T0 + 2 * MINUTE, DOC, { etag: '"v1"' })),
    );
    // A second connection sees the committed state only.
    const lastPoll = (): number[] =>
      ids.map(
        (id) =>
          t.store.db.prepare<[number], { at: number }>('SELECT last_poll_at AS at FROM providers WHERE id = ?').get(id)
            ?.at ?? 0,
      );
    expect(lastPoll()).toEqual(ids.map(() => T0 + MINUTE));
    await Promise.all(pending);
    expect(lastPoll()).toEqual(ids.map(() => T0 + 2 * MINUTE));
  });

  it('sends a poll that does not repeat the last one through the full recorder, with its events', async () => {
    const { t, ids } = fleet(2);
    confirm(t, ids);
    const changed = jwks(ecKey('a'), ecKey('c'));
    const [same, rotated] = await Promise.all([
      recordPollGrouped(t.store.poll, pollInput(ids[0]!, T0 + 2 * MINUTE, DOC, { etag: '"v1"' })),
      recordPollGrouped(t.store.poll, pollInput(ids[1]!, T0 + 2 * MINUTE, changed, { etag: '"v2"' })),
    ]);
    expect(same?.path).toBe('unchanged');
    expect(rotated?.path).toBe('recorded');
    // The same poll through the synchronous recorder gives the same state.
    const sync = fleet(1);
    confirm(sync.t, sync.ids);
    const direct = poll(sync.t.store, sync.ids[0]!, T0 + 2 * MINUTE, changed, { etag: '"v2"' });
    expect(rotated?.events.map((e) => e.type)).toEqual(direct.events.map((e) => e.type));
  });

  it('records a changed poll in the commit it shares with the unchanged polls of its turn', async () => {
    const grouped = fleet(4);
    const oneByOne = fleet(4);
    const changed = jwks(ecKey('a'), ecKey('c'));
    for (const { t, ids } of [grouped, oneByOne]) {
      confirm(t, ids);
      emptyWal(t);
    }
    const recorder = groupedRecorder(grouped.t.store.poll, DEFAULT_RECORDER_SETTINGS);
    const [changedId, ...sameIds] = grouped.ids;
    const pending = [
      recorder.recordFully(pollInput(changedId!, T0 + 2 * MINUTE, changed, { etag: '"v2"' })),
      ...sameIds.map((id) =>
        recordPollGrouped(grouped.t.store.poll, pollInput(id, T0 + 2 * MINUTE, DOC, { etag: '"v1"' })),
      ),
    ];
    const history = (t: TestStore, id: number) => t.store.history.listHistory(id).length;
    // Nothing is written before the turn ends, the changed poll included.
    expect(history(grouped.t, changedId!)).toBe(1);
    const results = await Promise.all(pending);
    expect(results.map((r) => r.path)).toEqual(['recorded', 'unchanged', 'unchanged', 'unchanged']);
    const direct = oneByOne.ids.map((id, i) =>
      poll(oneByOne.t.store, id, T0 + 2 * MINUTE, i === 0 ? changed : DOC, { etag: i === 0 ? '"v2"' : '"v1"' }),
    );
    expect(results.map((r) => r.path)).toEqual(direct.map((r) => r.path));
    expect(history(grouped.t, changedId!)).toBe(2);
    expect(history(oneByOne.t, oneByOne.ids[0]!)).toBe(2);
    // One commit for the four: the WAL holds fewer frames than four separate commits wrote.
    expect(walFrames(grouped.t)).toBeLessThan(walFrames(oneByOne.t));
  });

  it('undoes a write of the group that fails, alone: the others of its turn are committed', async () => {
    const { t, ids } = fleet(2);
    confirm(t, ids);
    const lastPoll = (id: number) => t.store.providers.get(id)?.state.lastPollAt;
    const failing = t.store.poll.writeGrouped(() => {
      t.store.db.prepare('UPDATE providers SET last_poll_at = 1 WHERE id = ?').run(ids[1]!);
      throw new Error('the write failed half way');
    });
    const unchanged = recordPollGrouped(t.store.poll, pollInput(ids[0]!, T0 + 2 * MINUTE, DOC, { etag: '"v1"' }));
    const [failed, recorded] = await Promise.allSettled([failing, unchanged]);
    expect(failed).toMatchObject({ status: 'rejected', reason: { message: 'the write failed half way' } });
    expect(recorded).toMatchObject({ status: 'fulfilled', value: { path: 'unchanged' } });
    expect(lastPoll(ids[0]!)).toBe(T0 + 2 * MINUTE);
    // Its half-done update was rolled back with its savepoint.
    expect(lastPoll(ids[1]!)).toBe(T0 + MINUTE);
  });

  it('rejects every poll of a group whose commit fails, and records none of them', async () => {
    const { t, ids } = fleet(2);
    confirm(t, ids);
    const pending = ids.map((id) =>
      recordPollGrouped(t.store.poll, pollInput(id, T0 + 2 * MINUTE, DOC, { etag: '"v1"' })),
    );
    t.store.db.close();
    const settled = await Promise.allSettled(pending);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
