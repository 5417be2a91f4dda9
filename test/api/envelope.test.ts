/**
 * A JWK Set stamped with a member that changes on every response (`generated_at`): the key set is the content.
 * Regression (review of 2026-11-23): the whole document was the content, so no change ever confirmed and an added
 * key was never reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaPublicJwk, startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import { apiOf, startHarness, type Api, type Harness, type ProviderView } from './app-harness.js';

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
