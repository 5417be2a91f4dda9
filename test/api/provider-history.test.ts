/**
 * Polling now and reading a provider's history over the API, against a loopback HTTPS fake IdP: check-now, a key
 * rotation seen through snapshots, diff, key inventory, findings and events, and the 404s of snapshots that
 * belong to another provider.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import {
  apiOf,
  startHarness,
  type Api,
  type DiffView,
  type EventPage,
  type Harness,
  type HistoryEntryView,
  type IncidentView,
  type InventoryView,
  type PollView,
  type ProviderView,
  type RunView,
} from './app-harness.js';

const MINUTE = 60_000;
/** The test CA issues short-lived certificates; the expiry warning is silenced so a clean IdP is `up`. */

let idps: FakeIdp[] = [];
/** The IdP every test starts with; a test that needs a second one starts it with idp(). */
let server: FakeIdp;
let h: Harness;
let api: Api;

beforeEach(async () => {
  server = await idp();
  h = await startHarness({ ca: [server.ca] });
  api = apiOf(h.app);
});
afterEach(async () => {
  await h.close();
  await Promise.all(idps.map((i) => i.close()));
  idps = [];
});

async function idp(): Promise<FakeIdp> {
  const started = await startFakeIdp();
  idps.push(started);
  return started;
}

async function register(name: string, url: string): Promise<number> {
  const response = await api.post<ProviderView>('/providers', { name, url });
  expect(response.status).toBe(201);
  return response.body.id;
}

/** Polls now, a minute after the previous poll. */
async function checkNow(id: number): Promise<PollView> {
  h.clock.advance(MINUTE);
  const response = await api.post<PollView>(`/providers/${id}/check`);
  expect(response.status).toBe(200);
  return response.body;
}

describe('POST /providers/:id/check', () => {
  it('polls the fake IdP now: status up, its key listed, the run recorded', async () => {
    const id = await register('acme', server.issuer);
    const result = await checkNow(id);
    expect(result.status).toBe('up');
    expect(result.error).toBeUndefined();
    expect(result.keys.map((k) => k.kid)).toEqual(server.keys().map((k) => k.kid));
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);

    const provider = await api.get<ProviderView>(`/providers/${id}`);
    expect(provider.body).toMatchObject({
      status: 'up',
      keyCount: 1,
      lastPollAt: new Date(h.clock.now()).toISOString(),
    });
    const runs = await api.get<{ runs: RunView[] }>(`/providers/${id}/runs`);
    expect(runs.body.runs.map((r) => r.id)).toEqual([result.runId]);
    expect(runs.body.runs[0]).toMatchObject({
      outcome: 'ok',
      status: 'up',
      snapshotId: provider.body.latestSnapshotId,
    });
  });

  it('collapses identical polls into one run', async () => {
    const id = await register('steady', server.jwksUrl);
    const first = await checkNow(id);
    const second = await checkNow(id);
    const third = await checkNow(id);
    expect(new Set([first.runId, second.runId, third.runId]).size).toBe(1);
    const runs = await api.get<{ runs: RunView[] }>(`/providers/${id}/runs`);
    expect(runs.body.runs).toHaveLength(1);
    expect(runs.body.runs[0]?.pollCount).toBe(3);
  });

  it('returns a verdict, not an API error, when the IdP cannot be reached', async () => {
    const id = await register('gone', server.jwksUrl);
    await server.close();
    const result = await checkNow(id);
    expect(result.error?.code).toBe('FETCH_CONNECT');
    expect(result.keys).toEqual([]);
    const runs = await api.get<{ runs: RunView[] }>(`/providers/${id}/runs`);
    expect(runs.body.runs[0]?.outcome).toBe('FETCH_CONNECT');
  });
});

describe('a key rotation, read back through the history routes', () => {
  it('shows the new snapshot, the diff, the inventory, the findings and the events', async () => {
    const id = await register('rotating', server.issuer);
    const oldKid = server.keys()[0]?.kid;
    await checkNow(id);
    const [before] = (await api.get<{ snapshots: HistoryEntryView[] }>(`/providers/${id}/snapshots`)).body.snapshots;

    const added = server.rotate();
    await checkNow(id);
    await checkNow(id); // the second sighting confirms the new content
    server.rotate({ dropOldest: true });
    await checkNow(id);
    await checkNow(id);

    const snapshots = (
      await api.get<{ snapshots: HistoryEntryView[]; nextCursor: number | null }>(`/providers/${id}/snapshots`)
    ).body;
    expect(snapshots.snapshots).toHaveLength(3);
    const [latest, middle, first] = snapshots.snapshots;
    expect(first?.snapshotId).toBe(before?.snapshotId);
    expect([first?.keyCount, middle?.keyCount, latest?.keyCount]).toEqual([1, 2, 2]);
    expect(latest?.confirmedAt).not.toBeNull();
    expect(latest?.cacheControl).toBe('public, max-age=300');

    const overlap = await api.get<DiffView>(`/providers/${id}/diff?from=${first?.snapshotId}&to=${middle?.snapshotId}`);
    expect(overlap.status).toBe(200);
    expect(overlap.body.added.map((k) => k.kid)).toEqual([added.kid]);
    expect(overlap.body.removed).toEqual([]);
    expect(overlap.body.rotationState).toBe('safe_overlap');
    const dropped = await api.get<DiffView>(
      `/providers/${id}/diff?from=${middle?.snapshotId}&to=${latest?.snapshotId}`,
    );
    expect(dropped.body.removed.map((k) => k.kid)).toEqual([oldKid]);
    expect(dropped.body.rotationState).toBe('overlap');

    const current = await api.get<InventoryView>(`/providers/${id}/keys`);
    expect(current.body.keys.map((k) => k.kid)).toEqual([added.kid, server.keys()[1]?.kid]);
    const all = await api.get<InventoryView>(`/providers/${id}/keys?includeRemoved=true`);
    expect(all.body.keys.map((k) => k.kid)).toEqual([oldKid, added.kid, server.keys()[1]?.kid]);
    expect(all.body.keys[0]?.removedAt).not.toBeNull();

    const events = await api.get<EventPage>(`/providers/${id}/events`);
    const types = events.body.events.map((e) => e.type);
    expect(types).toContain('key.added');
    expect(types).toContain('key.removed');
    expect(types.filter((t) => t === 'rotation.detected')).toHaveLength(2);
    expect(events.body.events.every((e) => e.providerId === id)).toBe(true);

    const provider = await api.get<ProviderView>(`/providers/${id}`);
    expect(provider.body.lastRotationAt).not.toBeNull();
    expect(provider.body.latestSnapshotId).toBe(latest?.snapshotId);
  });

  it('lists open and resolved findings with first and last seen, filtered by state', async () => {
    const id = await register('findings', server.jwksUrl);
    await checkNow(id);
    server.rotate({ dropOldest: true });
    await checkNow(id);
    await checkNow(id);

    const all = (await api.get<{ findings: IncidentView[] }>(`/providers/${id}/findings`)).body.findings;
    expect(all.some((f) => f.state === 'open')).toBe(true);
    expect(all.some((f) => f.state === 'resolved')).toBe(true);
    for (const finding of all) {
      expect(Date.parse(finding.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(finding.firstSeenAt));
      expect(finding.resolvedAt === null).toBe(finding.state === 'open');
    }
    const open = (await api.get<{ findings: IncidentView[] }>(`/providers/${id}/findings?state=open`)).body.findings;
    const resolved = (await api.get<{ findings: IncidentView[] }>(`/providers/${id}/findings?state=resolved`)).body
      .findings;
    expect(open.every((f) => f.state === 'open')).toBe(true);
    expect(resolved.every((f) => f.state === 'resolved')).toBe(true);
    expect(open.length + resolved.length).toBe(all.length);
    expect((await api.get(`/providers/${id}/findings?state=closed`)).body.code).toBe('VALIDATION_FAILED');
  });
});

describe('snapshots and diffs of another provider', () => {
  it('answer 404 SNAPSHOT_NOT_FOUND', async () => {
    const a = await register('a', server.jwksUrl);
    const b = await register('b', (await idp()).jwksUrl);
    await checkNow(a);
    await checkNow(b);
    const snapshotOf = async (id: number) => (await api.get<ProviderView>(`/providers/${id}`)).body.latestSnapshotId;
    const aSnapshot = await snapshotOf(a);
    const bSnapshot = await snapshotOf(b);
    expect(aSnapshot).not.toBe(bSnapshot);

    expect((await api.get(`/providers/${a}/snapshots/${aSnapshot}`)).status).toBe(200);
    const attempts = [
      api.get(`/providers/${b}/snapshots/${aSnapshot}`),
      api.get(`/providers/${a}/snapshots/99999`),
      api.get(`/providers/${b}/diff?from=${aSnapshot}&to=${bSnapshot}`),
      api.get(`/providers/${b}/diff?from=${bSnapshot}&to=${aSnapshot}`),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('SNAPSHOT_NOT_FOUND');
    }
    const missingTo = await api.get(`/providers/${a}/diff?from=${aSnapshot}`);
    expect([missingTo.status, missingTo.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('GET /events', () => {
  it('filters by type and provider, and pages with the cursor in after or since', async () => {
    const a = await register('a', server.jwksUrl);
    const otherIdp = await idp();
    const b = await register('b', otherIdp.jwksUrl);
    for (const id of [a, b]) await checkNow(id);
    // Two rotations: key.added and rotation.detected each (a rule firing on old and new keys alike is no event).
    for (let rotation = 0; rotation < 2; rotation++) {
      otherIdp.rotate();
      await checkNow(b);
      await checkNow(b);
    }

    const all = (await api.get<EventPage>('/events')).body;
    expect(all.events.length).toBeGreaterThan(2);
    expect(all.nextCursor).toBeNull();
    const ids = all.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));

    const added = (await api.get<EventPage>(`/events?type=key.added&providerId=${b}`)).body.events;
    expect(added.map((e) => e.type)).toEqual(['key.added', 'key.added']);
    expect(added[0]?.providerId).toBe(b);
    expect((await api.get<EventPage>(`/events?providerId=${a}`)).body.events.every((e) => e.providerId === a)).toBe(
      true,
    );

    const firstPage = (await api.get<EventPage>('/events?limit=2')).body;
    expect(firstPage.events.map((e) => e.id)).toEqual(ids.slice(0, 2));
    expect(firstPage.nextCursor).toBe(ids[1]);
    const byAfter = (await api.get<EventPage>(`/events?after=${firstPage.nextCursor}`)).body.events.map((e) => e.id);
    const bySince = (await api.get<EventPage>(`/events?since=${firstPage.nextCursor}`)).body.events.map((e) => e.id);
    expect(byAfter).toEqual(ids.slice(2));
    expect(bySince).toEqual(byAfter);

    const future = new Date(h.clock.now() + MINUTE).toISOString();
    expect((await api.get<EventPage>(`/events?since=${future}`)).body.events).toEqual([]);
    const past = new Date(0).toISOString();
    expect((await api.get<EventPage>(`/events?since=${past}`)).body.events.map((e) => e.id)).toEqual(ids);

    for (const bad of ['type=key.exploded', 'since=yesterday', 'providerId=0', 'limit=5000']) {
      const response = await api.get(`/events?${bad}`);
      expect([response.status, response.body.code], bad).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});
