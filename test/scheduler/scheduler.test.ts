import { describe, expect, it } from 'vitest';
import {
  createScheduler,
  type DueProvider,
  type ScheduleStore,
  type SchedulerEvent,
} from '../../src/scheduler/scheduler.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';

/** An in-memory schedule with the same contract as the SQLite one. */
function memoryStore(
  providers: { id: number; host: string; intervalMs: number; nextDueAt: number }[],
): ScheduleStore & { dueOf(id: number): number; add(p: (typeof providers)[number]): void; reads: number } {
  const rows = new Map(providers.map((p) => [p.id, { ...p }]));
  return {
    reads: 0,
    dueProviders(until, limit, ids) {
      this.reads++;
      return [...rows.values()]
        .filter((r) => r.id > ids.afterId && r.id <= ids.throughId && r.nextDueAt <= until)
        .sort((a, b) => a.nextDueAt - b.nextDueAt)
        .slice(0, limit)
        .map((r) => ({ ...r }));
    },
    reschedule(entries) {
      for (const e of entries) rows.get(e.id)!.nextDueAt = e.nextDueAt;
    },
    lastProviderId: () => Math.max(0, ...rows.keys()),
    dueOf: (id) => rows.get(id)!.nextDueAt,
    add: (p) => void rows.set(p.id, { ...p }),
  };
}

/** Polls that stay open until released, so tests control overlap and caps. */
function controllablePolls() {
  const open = new Map<number, { resolve(): void; signal: AbortSignal }[]>();
  const started: number[] = [];
  return {
    started,
    poll(p: DueProvider, signal: AbortSignal) {
      started.push(p.id);
      return new Promise<void>((resolve, reject) => {
        const list = open.get(p.id) ?? [];
        list.push({ resolve, signal });
        open.set(p.id, list);
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    },
    release(id: number) {
      const list = open.get(id) ?? [];
      for (const p of list) p.resolve();
      open.delete(id);
    },
    get openCount() {
      return [...open.values()].reduce((n, l) => n + l.length, 0);
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

/** Waits, one event-loop turn at a time, for an event of `type` (a pass's slices run on later turns). */
async function waitForEvent(events: readonly SchedulerEvent[], type: SchedulerEvent['type']): Promise<void> {
  for (let turn = 0; turn < 100 && !events.some((e) => e.type === type); turn++) await flush();
  expect(events.map((e) => e.type)).toContain(type);
}

describe('scheduler', () => {
  function setup(
    clock: FakeClock,
    providers: Parameters<typeof memoryStore>[0],
    options = {},
    defer?: (fn: () => void) => void,
  ) {
    const store = memoryStore(providers);
    const polls = controllablePolls();
    const events: SchedulerEvent[] = [];
    const scheduler = createScheduler(
      {
        clock,
        store,
        poll: polls.poll,
        random: () => 0.5,
        onEvent: (e) => events.push(e),
        ...(defer !== undefined && { defer }),
      },
      options,
    );
    return { store, polls, events, scheduler };
  }

  /** Deferred slices wait here until the test runs the next turn. */
  function manualTurns() {
    const queue: (() => void)[] = [];
    return {
      defer: (fn: () => void) => void queue.push(fn),
      run() {
        const fn = queue.shift();
        fn?.();
        return fn !== undefined;
      },
      get waiting() {
        return queue.length;
      },
    };
  }

  const fleet = (count: number, nextDueAt = 0) =>
    Array.from({ length: count }, (_, i) => ({ id: i + 1, host: `h${i}`, intervalMs: 60_000, nextDueAt }));

  it('reads a large schedule in id slices, one event-loop turn each, and claims every due provider', () => {
    const clock = fakeClock(0);
    const turns = manualTurns();
    const { store, events, scheduler } = setup(clock, fleet(35), { idsPerClaimSlice: 10 }, turns.defer);
    scheduler.tick();
    expect(store.reads).toBe(1);
    expect(store.dueOf(10)).toBe(60_000);
    expect(store.dueOf(11)).toBe(0);
    expect(events.some((e) => e.type === 'tick')).toBe(false);
    while (turns.run());
    expect(store.reads).toBe(4);
    expect(fleet(35).every((p) => store.dueOf(p.id) === 60_000)).toBe(true);
    expect(events).toContainEqual({ type: 'tick', claimed: 35 });
  });

  it('stops reading slices once a tick has claimed maxClaimPerTick providers', () => {
    const clock = fakeClock(0);
    const turns = manualTurns();
    const { store, events, scheduler } = setup(
      clock,
      fleet(50),
      { idsPerClaimSlice: 10, maxClaimPerTick: 15 },
      turns.defer,
    );
    scheduler.tick();
    while (turns.run());
    expect(store.reads).toBe(2);
    expect(events).toContainEqual({ type: 'tick', claimed: 15 });
    expect(store.dueOf(16)).toBe(0);
  });

  it('runs another pass after the current one when woken mid-pass, so a provider added behind it is claimed', () => {
    const clock = fakeClock(0);
    const turns = manualTurns();
    const { store, events, scheduler } = setup(clock, fleet(25, 60_000), { idsPerClaimSlice: 10 }, turns.defer);
    scheduler.tick();
    store.add({ id: 5_000, host: 'new', intervalMs: 60_000, nextDueAt: 0 });
    store.add({ id: 3, host: 'new', intervalMs: 60_000, nextDueAt: 0 });
    scheduler.wake();
    expect(store.reads).toBe(1);
    while (turns.run());
    expect(store.dueOf(3)).toBe(60_000);
    expect(store.dueOf(5_000)).toBe(60_000);
    expect(events.filter((e) => e.type === 'tick')).toHaveLength(2);
  });

  it('reads no further slice once stopped', async () => {
    const clock = fakeClock(0);
    const turns = manualTurns();
    const { store, scheduler } = setup(clock, fleet(30, 60_000), { idsPerClaimSlice: 10 }, turns.defer);
    scheduler.tick();
    await scheduler.stop(1_000);
    while (turns.run());
    expect(store.reads).toBe(1);
  });

  it('starts a provider at its exact due time inside the tick window, not at the next tick', async () => {
    const clock = fakeClock(0);
    const { polls, events, scheduler } = setup(clock, [{ id: 1, host: 'a', intervalMs: 60_000, nextDueAt: 400 }]);
    scheduler.tick();
    expect(polls.started).toEqual([]);
    clock.advance(400);
    await flush();
    expect(polls.started).toEqual([1]);
    expect(events).toContainEqual({ type: 'poll-started', providerId: 1, lagMs: 0 });
  });

  it('persists the next due time when it claims a provider, so a restart resumes the schedule', () => {
    const clock = fakeClock(10_000);
    const { store, scheduler } = setup(clock, [{ id: 1, host: 'a', intervalMs: 60_000, nextDueAt: 10_000 }]);
    scheduler.tick();
    expect(store.dueOf(1)).toBe(70_000);
  });

  it('never runs more polls at once than the global cap', async () => {
    const clock = fakeClock(0);
    const providers = Array.from({ length: 10 }, (_, i) => ({
      id: i + 1,
      host: `h${i}`,
      intervalMs: 60_000,
      nextDueAt: 0,
    }));
    const { polls, scheduler } = setup(clock, providers, { concurrency: 3 });
    scheduler.tick();
    await flush();
    expect(polls.started).toHaveLength(3);
    expect(scheduler.pending).toBe(7);
    polls.release(1);
    await flush();
    await flush();
    expect(polls.started).toHaveLength(4);
  });

  it('never runs more polls at once against one host than the per-host cap', async () => {
    const clock = fakeClock(0);
    const providers = Array.from({ length: 5 }, (_, i) => ({
      id: i + 1,
      host: 'same',
      intervalMs: 60_000,
      nextDueAt: 0,
    }));
    providers.push({ id: 99, host: 'other', intervalMs: 60_000, nextDueAt: 0 });
    const { polls, scheduler } = setup(clock, providers, { perHostConcurrency: 2 });
    scheduler.tick();
    await flush();
    expect(polls.started.sort()).toEqual([1, 2, 99]);
  });

  it('never polls one provider twice at once when a poll outlasts its interval', async () => {
    const clock = fakeClock(0);
    const { polls, events, scheduler } = setup(clock, [{ id: 1, host: 'a', intervalMs: 10_000, nextDueAt: 0 }]);
    scheduler.tick();
    await flush();
    for (let s = 0; s < 25; s++) {
      clock.advance(1_000);
      scheduler.tick();
      await flush();
    }
    expect(polls.started).toEqual([1]);
    expect(events.some((e) => e.type === 'skipped-overlap')).toBe(true);
    polls.release(1);
    await flush();
    clock.advance(15_000);
    scheduler.tick();
    clock.advance(1_000);
    await flush();
    expect(polls.started).toEqual([1, 1]);
  });

  it('lets in-flight polls finish within the grace period on stop, then claims nothing more', async () => {
    const clock = fakeClock(0);
    const { polls, scheduler } = setup(clock, [
      { id: 1, host: 'a', intervalMs: 60_000, nextDueAt: 0 },
      { id: 2, host: 'b', intervalMs: 60_000, nextDueAt: 500 },
    ]);
    scheduler.tick();
    await flush();
    const stopped = scheduler.stop(5_000);
    polls.release(1);
    await stopped;
    clock.advance(1_000);
    scheduler.tick();
    await flush();
    expect(polls.started).toEqual([1]);
    await expect(scheduler.stop(5_000)).resolves.toBeUndefined();
  });

  it('gives claimed polls that never started their due time back on stop, so a restart does not skip them', async () => {
    const clock = fakeClock(0);
    const { store, polls, scheduler } = setup(
      clock,
      [
        { id: 1, host: 'a', intervalMs: 300_000, nextDueAt: 0 },
        { id: 2, host: 'b', intervalMs: 300_000, nextDueAt: 0 },
        { id: 3, host: 'c', intervalMs: 300_000, nextDueAt: 700 },
      ],
      { concurrency: 1 },
    );
    scheduler.tick();
    await flush();
    expect(polls.started).toEqual([1]);
    expect([store.dueOf(2), store.dueOf(3)].every((due) => due >= 150_000)).toBe(true);
    const stopped = scheduler.stop(5_000);
    polls.release(1);
    await stopped;
    expect([store.dueOf(1) >= 150_000, store.dueOf(2), store.dueOf(3)]).toEqual([true, 0, 700]);
  });

  it('aborts polls still running when the grace period ends', async () => {
    const clock = fakeClock(0);
    const { polls, events, scheduler } = setup(clock, [{ id: 1, host: 'a', intervalMs: 60_000, nextDueAt: 0 }]);
    scheduler.tick();
    await flush();
    const stopped = scheduler.stop(2_000);
    await flush();
    clock.advance(2_000);
    await stopped;
    expect(polls.started).toEqual([1]);
    const finished = events.find((e) => e.type === 'poll-finished');
    expect(finished && 'error' in finished && finished.error).toBeInstanceOf(Error);
  });

  describe('a claim pass that throws (review of the metrics, defect 1)', () => {
    const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

    it('ends the pass, reports it, and claims the same providers at the next tick', async () => {
      const clock = fakeClock(0);
      const { store, polls, events, scheduler } = setup(clock, fleet(2));
      const reschedule = store.reschedule.bind(store);
      let failures = 1;
      store.reschedule = (entries) => {
        if (failures-- > 0) throw busy();
        reschedule(entries);
      };
      expect(() => scheduler.tick()).not.toThrow();
      await flush();
      expect(events.filter((e) => e.type === 'pass-failed')).toHaveLength(1);
      expect(polls.started).toEqual([]);
      expect(store.dueOf(1)).toBe(0);
      expect(scheduler.lastPassAt).toBeUndefined();

      clock.advance(1_000);
      scheduler.tick();
      await flush();
      expect(polls.started.sort()).toEqual([1, 2]);
      expect(store.dueOf(1)).toBeGreaterThan(1_000);
      expect(scheduler.lastPassAt).toBe(1_000);
      expect(events.at(-1)).toEqual({ type: 'tick', claimed: 2 });
    });

    it('ends a pass whose deferred slice throws without an uncaught exception', async () => {
      const clock = fakeClock(0);
      const { store, events, scheduler } = setup(clock, fleet(25), { idsPerClaimSlice: 10 });
      const dueProviders = store.dueProviders.bind(store);
      let failures = 1;
      store.dueProviders = (until, limit, ids) => {
        if (ids.afterId === 10 && failures-- > 0) throw busy();
        return dueProviders(until, limit, ids);
      };
      scheduler.tick();
      await waitForEvent(events, 'pass-failed');
      expect(store.dueOf(11)).toBe(0);

      scheduler.tick();
      await waitForEvent(events, 'tick');
      expect(fleet(25).every((p) => store.dueOf(p.id) === 60_000)).toBe(true);
    });

    it('runs the next pass after a failed one even when woken during it', () => {
      const clock = fakeClock(0);
      const turns = manualTurns();
      const { store, events, scheduler } = setup(clock, fleet(25), { idsPerClaimSlice: 10 }, turns.defer);
      const dueProviders = store.dueProviders.bind(store);
      let failures = 1;
      store.dueProviders = (until, limit, ids) => {
        if (ids.afterId === 10 && failures-- > 0) throw busy();
        return dueProviders(until, limit, ids);
      };
      scheduler.tick();
      scheduler.wake();
      while (turns.run());
      expect(events.map((e) => e.type).filter((t) => t === 'pass-failed' || t === 'tick')).toEqual(['pass-failed']);
      scheduler.tick();
      while (turns.run());
      expect(events.at(-1)).toEqual({ type: 'tick', claimed: 15 });
    });
  });

  it('spreads next due times with bounded jitter', () => {
    const clock = fakeClock(0);
    const store = memoryStore([{ id: 1, host: 'a', intervalMs: 100_000, nextDueAt: 0 }]);
    const scheduler = createScheduler({ clock, store, poll: async () => {}, random: () => 1 }, { jitterRatio: 0.05 });
    scheduler.tick();
    expect(store.dueOf(1)).toBe(105_000);
  });
});
