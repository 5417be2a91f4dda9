/**
 * What counts as a provider's key set (regressions from the review of 2026-11-23):
 * - an outage page is none, even as JSON (`503 {"error": …}`, as API gateways answer): it was read as a set of no
 *   keys, so an outage paged "every key removed, disjoint rotation", the recovery "flapping", and the key list stayed
 *   empty for the flap window;
 * - the keys are the content, not the members beside them: a set stamped on every response (`generated_at`) never
 *   confirmed a change, so an added key was never reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaPublicJwk, startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import { apiOf, startHarness, type Api, type Harness, type PollView, type ProviderView } from './app-harness.js';

let idp: FakeIdp;
let h: Harness;
let api: Api;

beforeAll(async () => {
  idp = await startFakeIdp();
  h = await startHarness({ ca: [idp.ca] });
  api = apiOf(h.app);
});
afterAll(async () => {
  await h.close();
  await idp.close();
});

async function poll(id: number): Promise<PollView> {
  h.clock.advance(60_000);
  const check = await api.post<PollView>(`/providers/${id}/check`);
  expect(check.status).toBe(200);
  return check.body;
}

describe('an outage answered with a JSON error body', () => {
  it('removes no key, detects no rotation and, once over, no flapping', async () => {
    const id = (await api.post<ProviderView>('/providers', { name: 'gateway', url: idp.jwksUrl })).body.id;
    for (let i = 0; i < 2; i++) await poll(id);
    const keysBefore = (await api.get<{ keys: { kid?: string }[] }>(`/providers/${id}/keys`)).body.keys;
    expect(keysBefore).toHaveLength(1);

    const published = idp.keys();
    for (const json of [{ error: 'temporarily_unavailable' }, { keys: [] }]) {
      idp.server.setRoute('/jwks', { status: 503, json });
      for (let i = 0; i < 3; i++) {
        const outage = await poll(id);
        expect(outage.findings.map((f) => f.ruleId)).toContain('transport.status');
      }
    }
    expect((await api.get<{ keys: unknown[] }>(`/providers/${id}/keys`)).body.keys).toEqual(keysBefore);

    idp.setJwks({ keys: published });
    for (let i = 0; i < 3; i++) await poll(id);
    const types = (await api.get<{ events: { type: string }[] }>(`/providers/${id}/events`)).body.events.map(
      (e) => e.type,
    );
    expect(types.filter((t) => t.startsWith('key.') || t.startsWith('rotation.'))).toEqual([]);
    expect((await api.get<ProviderView>(`/providers/${id}`)).body.status).toBe('up');
  });
});

describe('a JWK Set with a member that changes on every response', () => {
  it('confirms a key set that stays the same and reports the key added to it', async () => {
    const first = rsaPublicJwk('first');
    const id = (await api.post<ProviderView>('/providers', { name: 'stamped', url: idp.jwksUrl })).body.id;
    let stamp = 0;
    const pollWith = async (keys: unknown[]) => {
      idp.setJwks({ keys, generated_at: ++stamp });
      h.clock.advance(60_000);
      expect((await api.post(`/providers/${id}/check`)).status).toBe(200);
    };
    for (let i = 0; i < 3; i++) await pollWith([first]);
    const second = rsaPublicJwk('second');
    for (let i = 0; i < 3; i++) await pollWith([first, second]);

    const types = (await api.get<{ events: { type: string }[] }>(`/providers/${id}/events`)).body.events.map(
      (e) => e.type,
    );
    expect(types).toEqual(expect.arrayContaining(['key.added', 'rotation.detected']));
    expect(types).not.toContain('rotation.flapping');
    const keys = (await api.get<{ keys: { kid?: string }[] }>(`/providers/${id}/keys`)).body.keys;
    expect(keys.map((k) => k.kid).sort()).toEqual(['first', 'second']);
    const snapshots = (await api.get<{ snapshots: unknown[] }>(`/providers/${id}/snapshots`)).body.snapshots;
    expect(snapshots).toHaveLength(2);
  });
});

describe('an endpoint that answers with an error status', () => {
  it('is unreachable for that poll: no alert while it flaps between 200 and 503, down after 3 in a row', async () => {
    const published = idp.keys();
    idp.setJwks({ keys: published });
    const id = (await api.post<ProviderView>('/providers', { name: 'flaky', url: idp.jwksUrl })).body.id;
    for (let i = 0; i < 2; i++) await poll(id);
    const eventsNow = async () =>
      (await api.get<{ events: { type: string; data: { error?: { code: string } } }[] }>(`/providers/${id}/events`))
        .body.events;

    for (let i = 0; i < 4; i++) {
      idp.server.setRoute('/jwks', { status: 503, body: 'Service Unavailable' });
      const outage = await poll(id);
      expect(outage.error?.code).toBe('FETCH_HTTP_STATUS');
      idp.setJwks({ keys: published });
      await poll(id);
    }
    expect(await eventsNow()).toEqual([]);
    expect((await api.get<ProviderView>(`/providers/${id}`)).body.status).toBe('up');

    idp.server.setRoute('/jwks', { status: 503, body: 'Service Unavailable' });
    for (let i = 0; i < 3; i++) await poll(id);
    idp.setJwks({ keys: published });
    for (let i = 0; i < 2; i++) await poll(id);
    const events = await eventsNow();
    expect(events.map((e) => e.type)).toEqual(['provider.down', 'provider.recovered']);
    expect(events[0]?.data.error?.code).toBe('FETCH_HTTP_STATUS');
  });
});
