import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import { startService, tempDatabasePath, testConfig, waitFor } from './harness.js';

let idp: FakeIdp;
beforeAll(async () => {
  idp = await startFakeIdp();
});
afterAll(() => idp.close());

describe('the service across a restart', () => {
  it('polls a new provider at once, and after a restart keeps its schedule, history and status', async () => {
    const path = tempDatabasePath();
    const first = await startService(testConfig(path), idp.ca);
    const created = first.service.create({ name: 'fake idp', url: idp.jwksUrl, intervalSeconds: 600 });
    first.scheduler.tick();
    const polled = await waitFor(() => {
      const p = first.store.providers.get(created.id);
      return p?.state.lastPollAt !== undefined ? p : undefined;
    });
    expect(polled.state.status).not.toBe('pending');
    expect(polled.nextDueAt).toBeGreaterThan(Date.now() + 500_000);
    const runsBefore = first.store.history.listRuns(created.id);
    await first.stop();

    const second = await startService(testConfig(path), idp.ca);
    const reopened = second.store.providers.get(created.id);
    expect(reopened?.nextDueAt).toBe(polled.nextDueAt);
    expect(reopened?.state.status).toBe(polled.state.status);
    expect(second.store.history.listRuns(created.id)).toEqual(runsBefore);
    expect(second.store.history.listKeys(created.id)).toHaveLength(1);
    second.scheduler.tick();
    await new Promise((r) => setTimeout(r, 100));
    expect(second.service.pollsInFlight).toBe(0);
    await second.stop();
  });

  it('spreads providers that fell due while it was down over their interval instead of polling them in a burst', async () => {
    const path = tempDatabasePath();
    const first = await startService(testConfig(path), idp.ca);
    const ids = Array.from(
      { length: 50 },
      (_, i) =>
        first.service.create({ name: `p${i}`, url: `${idp.jwksUrl}?n=${i}`, intervalSeconds: 60, enabled: false }).id,
    );
    for (const id of ids)
      first.store.providers.update(id, { enabled: true, nextDueAt: Date.now() - 3_600_000 }, Date.now());
    await first.stop();

    // With a providers file that adds one: applying it wakes the scheduler, which claimed every overdue provider at
    // once when the file was applied before the spread.
    const providersFile = join(mkdtempSync(join(tmpdir(), 'jwks-monitor-pf-')), 'providers.json');
    writeFileSync(providersFile, JSON.stringify({ providers: [{ name: 'from-file', url: `${idp.jwksUrl}?file` }] }));
    const before = Date.now();
    const second = await startService(testConfig(path, { PROVIDERS_FILE: providersFile }), idp.ca);
    // The file's new provider is polled at once (its first poll), and of the 50 overdue only those the spread put
    // within the scheduler's look-ahead; before, all 50 were claimed.
    expect(second.scheduler.pending + second.scheduler.inFlight).toBeLessThan(10);
    const due = ids.map((id) => second.store.providers.get(id)!.nextDueAt!);
    expect(Math.min(...due)).toBeGreaterThanOrEqual(before);
    // Within the interval; one the spread put within the look-ahead is claimed, its next due one interval (with
    // jitter) after that.
    expect(Math.max(...due)).toBeLessThanOrEqual(Date.now() + 2 * 60_000);
    expect(new Set(due.map((d) => Math.floor((d - before) / 10_000))).size).toBeGreaterThan(2);
    await second.stop();
  });
});
