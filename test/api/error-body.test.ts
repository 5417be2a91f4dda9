/**
 * An IdP whose outage page is JSON (`503 {"error": …}`, as API gateways answer): not a key set. Regression (review
 * of 2026-11-23): it was read as a set of no keys, so an outage paged "every key removed, disjoint rotation" and the
 * recovery "flapping", and the key list stayed empty for the flap window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
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
