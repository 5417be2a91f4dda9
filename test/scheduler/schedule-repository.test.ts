import { afterEach, describe, expect, it } from 'vitest';
import { createScheduleRepository } from '../../src/store/schedule-repository.js';
import { T0, addProvider, tempStore, type TestStore } from '../history/helpers.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const t of stores.splice(0)) t.cleanup();
});

function setup() {
  const t = tempStore();
  stores.push(t);
  const add = (name: string, nextDueAt: number, enabled = true) =>
    addProvider(t.store, { name, url: `https://${name}.test/jwks`, nextDueAt, enabled });
  return { store: t.store, schedule: createScheduleRepository(t.store.db), add };
}

describe('the schedule repository', () => {
  it('reads the enabled providers due by then within an id range, earliest first', () => {
    const { schedule, add } = setup();
    const a = add('a', T0 + 300);
    const b = add('b', T0 + 100);
    add('off', T0, false);
    const later = add('later', T0 + 5_000);
    const c = add('c', T0 + 200);
    const due = schedule.dueProviders(T0 + 1_000, 10, { afterId: 0, throughId: later });
    expect(due.map((p) => p.id)).toEqual([b, a]);
    expect(due[0]).toEqual({ id: b, host: 'b.test', nextDueAt: T0 + 100, intervalMs: 60_000 });
    expect(schedule.dueProviders(T0 + 1_000, 10, { afterId: later, throughId: c }).map((p) => p.id)).toEqual([c]);
  });

  it('reads at most the limit, and nothing for a limit of 0', () => {
    const { schedule, add } = setup();
    const ids = [add('a', T0), add('b', T0 + 1), add('c', T0 + 2)];
    const all = { afterId: 0, throughId: Math.max(...ids) };
    expect(schedule.dueProviders(T0 + 10, 2, all)).toHaveLength(2);
    expect(schedule.dueProviders(T0 + 10, 0, all)).toEqual([]);
  });

  it('at start, spreads overdue providers over their interval and providers never polled over a minute at most', () => {
    const { schedule, add, store } = setup();
    const now = T0 + 10_000_000;
    const overdue = add('overdue', now - 1_000);
    const claimedNeverPolled = add('claimed', now + 3_600_000);
    const polledLater = add('later', now + 3_600_000);
    store.db
      .prepare('UPDATE providers SET interval_seconds = 3600, last_poll_at = ? WHERE id IN (?, ?)')
      .run(now, overdue, polledLater);
    store.db.prepare('UPDATE providers SET interval_seconds = 3600 WHERE id = ?').run(claimedNeverPolled);
    expect(schedule.spreadOverdue(now, () => 0.99)).toBe(2);
    const dueOf = (id: number) => store.providers.get(id)?.nextDueAt ?? Number.NaN;
    expect(dueOf(overdue)).toBe(now + Math.floor(0.99 * 3_600_000));
    expect(dueOf(claimedNeverPolled)).toBe(now + Math.floor(0.99 * 60_000));
    expect(dueOf(polledLater)).toBe(now + 3_600_000);
  });

  it('at start, brings forward a provider whose claimed poll never ran (kill -9 between claim and poll)', () => {
    const { schedule, add, store } = setup();
    const now = T0 + 10_000_000;
    const interval = 3_600_000;
    // Claimed: the due time moved an interval past the one the last poll set, and no poll was recorded after it.
    const lost = add('lost', now + interval / 2);
    // Recorded: due an interval (and 2% jitter) after the last poll.
    const recorded = add('recorded', now + interval / 2);
    const setPolled = store.db.prepare('UPDATE providers SET interval_seconds = 3600, last_poll_at = ? WHERE id = ?');
    setPolled.run(now + interval / 2 - 2 * interval, lost);
    setPolled.run(now + interval / 2 - 1.02 * interval, recorded);
    expect(schedule.spreadOverdue(now, () => 0.5)).toBe(1);
    expect(store.providers.get(lost)?.nextDueAt).toBe(now + 30_000);
    expect(store.providers.get(recorded)?.nextDueAt).toBe(now + interval / 2);
  });

  it('reports the highest provider id, 0 when there is none', () => {
    const { schedule, add, store } = setup();
    expect(schedule.lastProviderId()).toBe(0);
    add('a', T0);
    const b = add('b', T0);
    expect(schedule.lastProviderId()).toBe(b);
    store.providers.delete(b);
    expect(schedule.lastProviderId()).toBeLessThan(b);
  });
});
