/**
 * /api/v1/providers through app.inject(): create, list (filters, keyset pagination), read, change, remove, and the
 * errors that come with them (conflict, not found, read-only). Only the status-filter test polls (the fake IdP).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rsaPublicJwk, startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import {
  apiOf,
  databaseState,
  startHarness,
  type Api,
  type FindingView,
  type Harness,
  type PollView,
  type ProviderPage,
  type ProviderView,
} from './app-harness.js';

let idp: FakeIdp;
let h: Harness;
let api: Api;

beforeAll(async () => {
  idp = await startFakeIdp();
});
afterAll(() => idp.close());
beforeEach(async () => {
  h = await startHarness({ ca: [idp.ca] });
  api = apiOf(h.app);
});
afterEach(() => h.close());

async function create(name: string, extra: Record<string, unknown> = {}): Promise<ProviderView> {
  const response = await api.post<ProviderView>('/providers', { name, url: `https://${name}.example/jwks`, ...extra });
  expect(response.status).toBe(201);
  return response.body;
}

describe('POST /providers', () => {
  it('creates a provider: 201 with its settings, a pending state, and its first poll due at once', async () => {
    const wakesBefore = h.wakes();
    const response = await api.post<ProviderView & Record<string, unknown>>('/providers', {
      name: 'acme',
      url: 'https://acme.example',
      intervalSeconds: 60,
      minKeys: 1,
      tags: ['prod', 'eu'],
      silencedRules: [{ ruleId: 'jwks.kid.required', reason: 'legacy clients' }],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'acme',
      url: 'https://acme.example',
      kind: 'issuer',
      profile: 'oidc',
      intervalSeconds: 60,
      minKeys: 1,
      maxKeys: null,
      tags: ['prod', 'eu'],
      silencedRules: [{ ruleId: 'jwks.kid.required', reason: 'legacy clients' }],
      enabled: true,
      source: 'api',
      status: 'pending',
      lastPollAt: null,
      keyCount: null,
      openFindings: { error: 0, warning: 0, info: 0 },
      lastRotationAt: null,
    });
    expect(response.body['nextDueAt']).toBe(new Date(h.clock.now()).toISOString());
    expect(h.wakes()).toBe(wakesBefore + 1);
    expect(h.store.providers.get(response.body.id)?.name).toBe('acme');
  });

  it('applies the defaults: a JWKS URL gets the core profile and a 300 s interval', async () => {
    const created = await create('plain');
    expect(created).toMatchObject({ kind: 'jwks', profile: 'core', intervalSeconds: 300, enabled: true, tags: [] });
  });

  it('answers 409 PROVIDER_CONFLICT for a duplicate name and stores nothing', async () => {
    await create('twin');
    const before = databaseState(h.store);
    const response = await api.post('/providers', { name: 'twin', url: 'https://other.example/jwks' });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('PROVIDER_CONFLICT');
    expect(databaseState(h.store)).toBe(before);
  });
});

describe('GET /providers', () => {
  it('pages by id with limit and the after cursor until nextCursor is null', async () => {
    const ids: number[] = [];
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) ids.push((await create(name)).id);
    const seen: number[] = [];
    const cursors: (number | null)[] = [];
    let path = '/providers?limit=2';
    for (let page = 0; page < 5; page++) {
      const { status, body } = await api.get<ProviderPage>(path);
      expect(status).toBe(200);
      seen.push(...body.providers.map((p) => p.id));
      cursors.push(body.nextCursor);
      if (body.nextCursor === null) break;
      path = `/providers?limit=2&after=${body.nextCursor}`;
    }
    expect(seen).toEqual(ids);
    expect(cursors).toEqual([ids[1], ids[3], null]);
  });

  it('defaults to pages of 100 and accepts at most 1000', async () => {
    await create('only');
    const all = await api.get<ProviderPage>('/providers');
    expect(all.body.providers).toHaveLength(1);
    expect(all.body.nextCursor).toBeNull();
    expect((await api.get('/providers?limit=1000')).status).toBe(200);
    for (const bad of ['limit=1001', 'limit=0', 'limit=ten', 'after=-1', 'status=sleepy', 'colour=blue']) {
      const response = await api.get(`/providers?${bad}`);
      expect(response.status, bad).toBe(400);
      expect(response.body.code, bad).toBe('VALIDATION_FAILED');
    }
  });

  it('filters by tag', async () => {
    const eu = await create('eu-1', { tags: ['eu', 'prod'] });
    await create('us-1', { tags: ['us', 'prod'] });
    const eu2 = await create('eu-2', { tags: ['eu'] });
    const { body } = await api.get<ProviderPage>('/providers?tag=eu');
    expect(body.providers.map((p) => p.id)).toEqual([eu.id, eu2.id]);
    expect((await api.get<ProviderPage>('/providers?tag=prod')).body.providers).toHaveLength(2);
    expect((await api.get<ProviderPage>('/providers?tag=none')).body.providers).toHaveLength(0);
  });

  it('filters by status, with the latest state of each provider listed', async () => {
    const polled = await api.post<ProviderView>('/providers', { name: 'live', url: idp.jwksUrl });
    const waiting = await create('waiting');
    const poll = await api.post<PollView>(`/providers/${polled.body.id}/check`);
    expect(poll.status).toBe(200);
    expect(poll.body.status).not.toBe('pending');

    const pending = await api.get<ProviderPage>('/providers?status=pending');
    expect(pending.body.providers.map((p) => p.id)).toEqual([waiting.id]);
    const byPolledStatus = await api.get<ProviderPage>(`/providers?status=${poll.body.status}`);
    expect(byPolledStatus.body.providers.map((p) => p.id)).toEqual([polled.body.id]);
    expect(byPolledStatus.body.providers[0]).toMatchObject({ keyCount: 1, latestSnapshotId: expect.any(Number) });
    expect(byPolledStatus.body.providers[0]?.lastPollAt).toBe(new Date(h.clock.now()).toISOString());
  });
});

describe('GET, PATCH, DELETE /providers/:id', () => {
  it('reads one provider', async () => {
    const created = await create('one');
    const { status, body } = await api.get<ProviderView>(`/providers/${created.id}`);
    expect(status).toBe(200);
    expect(body).toEqual(created);
  });

  it('changes only the fields sent, and null clears an optional number', async () => {
    const created = await create('change-me', { minKeys: 2, tags: ['a'] });
    h.clock.advance(1_000);
    const patched = await api.patch<ProviderView & { updatedAt: string }>(`/providers/${created.id}`, {
      intervalSeconds: 600,
      minKeys: null,
      enabled: false,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'change-me',
      intervalSeconds: 600,
      minKeys: null,
      enabled: false,
      tags: ['a'],
    });
    expect(patched.body.updatedAt).toBe(new Date(h.clock.now()).toISOString());
    expect(h.store.providers.get(created.id)).toMatchObject({ intervalSeconds: 600, enabled: false });
    expect(h.store.providers.get(created.id)?.minKeys).toBeUndefined();
  });

  it('keeps a chosen profile when the URL changes, and lets a default profile follow a change of kind', async () => {
    const chosen = await create('fapi-idp', { profile: 'fapi2' });
    const moved = await api.patch<ProviderView>(`/providers/${chosen.id}`, { url: `${idp.jwksUrl}?v=2` });
    expect(moved.body).toMatchObject({ kind: 'jwks', profile: 'fapi2' });

    const plain = await create('plain-idp');
    expect(plain.profile).toBe('core');
    const toIssuer = await api.patch<ProviderView>(`/providers/${plain.id}`, { url: idp.issuer });
    expect(toIssuer.body).toMatchObject({ profile: 'oidc' });
  });

  it('brings the next poll forward when the interval gets shorter, and asks the scheduler to look', async () => {
    const created = await create('slowly', { intervalSeconds: 3600 });
    h.store.providers.update(created.id, { nextDueAt: h.clock.now() + 3_600_000 }, h.clock.now());
    const wakes = h.wakes();
    await api.patch(`/providers/${created.id}`, { intervalSeconds: 10 });
    expect(h.store.providers.get(created.id)?.nextDueAt).toBe(h.clock.now() + 10_000);
    expect(h.wakes()).toBe(wakes + 1);
    await api.patch(`/providers/${created.id}`, { intervalSeconds: 7200 });
    expect(h.store.providers.get(created.id)?.nextDueAt).toBe(h.clock.now() + 10_000);
  });

  it('refuses to rename onto an existing name with 409 and changes nothing', async () => {
    await create('taken');
    const other = await create('free');
    const before = databaseState(h.store);
    const response = await api.patch(`/providers/${other.id}`, { name: 'taken' });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('PROVIDER_CONFLICT');
    expect(databaseState(h.store)).toBe(before);
  });

  it('removes a provider: 204, then 404', async () => {
    const created = await create('doomed');
    const removed = await api.delete(`/providers/${created.id}`);
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expect(h.store.providers.get(created.id)).toBeUndefined();
    expect((await api.get(`/providers/${created.id}`)).body.code).toBe('PROVIDER_NOT_FOUND');
  });

  it('answers 404 PROVIDER_NOT_FOUND for an unknown id on every provider route', async () => {
    const attempts = [
      api.get('/providers/4242'),
      api.patch('/providers/4242', { intervalSeconds: 60 }),
      api.delete('/providers/4242'),
      api.post('/providers/4242/check'),
      api.get('/providers/4242/runs'),
      api.get('/providers/4242/snapshots'),
      api.get('/providers/4242/snapshots/1'),
      api.get('/providers/4242/diff?from=1&to=2'),
      api.get('/providers/4242/keys'),
      api.get('/providers/4242/findings'),
      api.get('/providers/4242/events'),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('PROVIDER_NOT_FOUND');
    }
  });

  it('answers 400 for an id that is not a positive integer', async () => {
    for (const id of ['0', '-1', 'abc', '1.5', '99999999999999999999']) {
      const response = await api.get(`/providers/${id}`);
      expect(response.status, id).toBe(400);
      expect(response.body.code, id).toBe('VALIDATION_FAILED');
    }
  });

  it('keeps a file-managed provider read-only: 403 PROVIDER_READ_ONLY on PATCH and DELETE, still readable', async () => {
    const managed = h.service.create({ name: 'from-file', url: 'https://file.example/jwks' }, 'file');
    const before = databaseState(h.store);
    const patch = await api.patch(`/providers/${managed.id}`, { intervalSeconds: 60 });
    const remove = await api.delete(`/providers/${managed.id}`);
    expect([patch.status, remove.status]).toEqual([403, 403]);
    expect([patch.body.code, remove.body.code]).toEqual(['PROVIDER_READ_ONLY', 'PROVIDER_READ_ONLY']);
    expect(databaseState(h.store)).toBe(before);
    expect((await api.get<ProviderView>(`/providers/${managed.id}`)).body.source).toBe('file');
  });
});

describe('PATCH /providers/:id silencedRules (review: dashboard "silence leaves status stale")', () => {
  it('counts a silenced or unsilenced rule in the status and open findings at once, not at the next poll', async () => {
    const key = rsaPublicJwk('twin', 2048);
    idp.server.setRoute('/duplicate-kid', { json: { keys: [key, rsaPublicJwk('twin', 2048)] } });
    const created = await api.post<ProviderView>('/providers', {
      name: 'duplicate-kid',
      url: idp.server.url('/duplicate-kid'),
    });
    expect((await api.post(`/providers/${created.body.id}/check`)).status).toBe(200);
    const polled = (await api.get<ProviderView>(`/providers/${created.body.id}`)).body;
    expect(polled.status).toBe('failing');
    const errors = polled.openFindings.error;
    expect(errors).toBeGreaterThan(0);
    const kidErrors = (
      await api.get<{ findings: FindingView[] }>(`/providers/${created.body.id}/findings`)
    ).body.findings.filter((f) => f.ruleId === 'jwks.kid.unique').length;
    expect(kidErrors).toBeGreaterThan(0);
    const runs = h.store.history.listRuns(created.body.id).length;

    const silenced = await api.patch<ProviderView>(`/providers/${created.body.id}`, {
      silencedRules: [{ ruleId: 'jwks.kid.unique', reason: 'known, fixed next release' }],
    });
    expect(silenced.body.openFindings.error).toBe(errors - kidErrors);
    expect(silenced.body.status).not.toBe('failing');
    const listed = (await api.get<ProviderPage>('/providers')).body.providers.find((p) => p.id === created.body.id);
    expect(listed).toMatchObject({ status: silenced.body.status, openFindings: silenced.body.openFindings });
    expect(h.store.providers.listLatestStates().find((p) => p.id === created.body.id)?.status).toBe(
      silenced.body.status,
    );

    const unsilenced = await api.patch<ProviderView>(`/providers/${created.body.id}`, { silencedRules: [] });
    expect(unsilenced.body).toMatchObject({ status: 'failing', openFindings: polled.openFindings });
    // No poll in between: the counts came from the open incidents.
    expect(h.store.history.listRuns(created.body.id)).toHaveLength(runs);
  });
});

describe('PATCH /providers/:id url (review rotation #3: a URL edit reported as a disjoint rotation)', () => {
  it('starts a new baseline: no rotation events or findings comparing the new URL with the old, history kept', async () => {
    const served = { keys: [rsaPublicJwk('old-1', 2048)] };
    const route = (path: string, document: () => unknown, lastModified: string) =>
      idp.server.setRoute(path, () => ({
        json: document(),
        headers: { 'content-type': 'application/json', 'last-modified': lastModified },
      }));
    let oldKeys: unknown = served;
    route('/before-move', () => oldKeys, 'Wed, 10 Dec 2025 10:00:00 GMT');
    // The new URL's document is older than the old one's: compared across the move, Last-Modified went backwards.
    const newKeys = { keys: [rsaPublicJwk('new-1', 2048), rsaPublicJwk('new-2', 2048)] };
    route('/after-move', () => newKeys, 'Mon, 01 Dec 2025 10:00:00 GMT');

    const created = await api.post<ProviderView>('/providers', { name: 'moving', url: idp.server.url('/before-move') });
    const id = created.body.id;
    const poll = async (): Promise<void> => {
      h.clock.advance(60_000);
      expect((await api.post(`/providers/${id}/check`)).status).toBe(200);
    };
    // A real disjoint rotation at the old URL opens rotation findings, which judge the old URL's keys.
    await poll();
    oldKeys = { keys: [rsaPublicJwk('old-2', 2048)] };
    await poll();
    await poll();
    const openRotation = () =>
      h.store.history
        .listIncidents(id, { state: 'open' })
        .map((incident) => incident.ruleId)
        .filter((ruleId) => ruleId.startsWith('rotation.'));
    const rotationFindings = [...new Set(openRotation())];
    expect(rotationFindings).toContain('rotation.no-overlap');
    const eventsBefore = h.store.events.listEvents({ providerId: id }).length;
    const snapshotsBefore = h.store.history.listHistory(id).length;
    const runsBefore = h.store.history.listRuns(id).length;

    h.clock.advance(60_000);
    const movedAt = h.clock.now();
    const moved = await api.patch<ProviderView>(`/providers/${id}`, { url: idp.server.url('/after-move') });
    expect(moved.status).toBe(200);
    // The old URL's rotation findings resolve with the move, as a poll would say it.
    expect(openRotation()).toEqual([]);
    const atMove = h.store.events.listEvents({ providerId: id }).slice(eventsBefore);
    expect(atMove.map((e) => e.type)).toEqual(rotationFindings.map(() => 'conformance.resolved'));
    expect(atMove.map((e) => (e.data as { ruleId?: string }).ruleId).sort()).toEqual([...rotationFindings].sort());
    expect(moved.body.status).toBe('up');

    for (let i = 0; i < 3; i++) await poll();
    // A later settings change sends the next poll through the full recorder, which runs every history rule again.
    await api.patch(`/providers/${id}`, { tags: ['moved'] });
    await poll();

    const afterMove = h.store.events.listEvents({ providerId: id }).slice(eventsBefore + atMove.length);
    expect(afterMove.map((e) => e.type)).toEqual([]);
    expect(openRotation()).toEqual([]);
    const provider = (await api.get<ProviderView>(`/providers/${id}`)).body;
    expect(provider).toMatchObject({ status: 'up', keyCount: 2 });
    // History so far is kept: the old URL's key sets and runs are still listed.
    expect(h.store.history.listHistory(id).length).toBe(snapshotsBefore + 1);
    expect(h.store.history.listRuns(id).length).toBeGreaterThanOrEqual(runsBefore);
    // The old URL's keys are closed at the move (no key.removed), the new URL's are current.
    const keys = h.store.history.listKeys(id, { includeRemoved: true });
    expect(
      keys
        .filter((k) => k.removedAt === undefined)
        .map((k) => k.kid)
        .sort(),
    ).toEqual(['new-1', 'new-2']);
    expect(keys.find((k) => k.kid === 'old-2')?.removedAt).toBe(movedAt);
  });
});
