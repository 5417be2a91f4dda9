/**
 * GET /providers/:id/events?order=newest: a provider's latest events in one page, however many it has, newest first
 * and paged with `before`; the default order (oldest first from `after`) is unchanged. Regression test for the
 * dashboard review, defect 7: with more than 5,000 events in 90 days the Events section showed old ones and hid the
 * newest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, startHarness, type Api, type EventPage, type Harness, type ProviderView } from './app-harness.js';

const EVENTS_OF_A = 6_000;
const MINUTE = 60_000;

let h: Harness;
let api: Api;
let a: number;
let b: number;
/** Event ids of provider a, oldest first. */
let idsOfA: number[] = [];

beforeAll(async () => {
  h = await startHarness();
  api = apiOf(h.app);
  const register = async (name: string) => {
    const response = await api.post<ProviderView>('/providers', {
      name,
      url: `https://${name}.idp.test/jwks`,
      enabled: false,
    });
    expect(response.status).toBe(201);
    return response.body.id;
  };
  a = await register('busy');
  b = await register('neighbour');
  // Provider b's events interleave with a's, so a's ids are not contiguous; every tenth of a's is a key.removed.
  const insert = h.store.db.prepare<[string, number, number, string]>(
    'INSERT INTO events (type, provider_id, created_at, payload) VALUES (?, ?, ?, ?)',
  );
  const start = Date.now() - EVENTS_OF_A * MINUTE;
  h.store.db.transaction(() => {
    for (let i = 0; i < EVENTS_OF_A; i++) {
      const type = i % 10 === 0 ? 'key.removed' : 'key.added';
      const { lastInsertRowid } = insert.run(type, a, start + i * MINUTE, JSON.stringify({ key: { kid: `a-${i}` } }));
      idsOfA.push(Number(lastInsertRowid));
      if (i % 3 === 0) insert.run('key.added', b, start + i * MINUTE, JSON.stringify({ key: { kid: `b-${i}` } }));
    }
  })();
});
afterAll(() => h?.close());

const kids = (page: EventPage) => page.events.map((e) => (e.data as { key: { kid: string } }).key.kid);

describe('GET /providers/:id/events?order=newest', () => {
  it('answers the newest page of a provider with thousands of events, newest first', async () => {
    const response = await api.get<EventPage>(`/providers/${a}/events?order=newest&limit=50`);
    expect(response.status).toBe(200);
    const expected = Array.from({ length: 50 }, (_, i) => `a-${EVENTS_OF_A - 1 - i}`);
    expect(kids(response.body)).toEqual(expected);
    expect(response.body.events.every((e) => e.providerId === a)).toBe(true);
    expect(response.body.nextCursor).toBe(idsOfA[EVENTS_OF_A - 50]);

    const neighbour = (await api.get<EventPage>(`/providers/${b}/events?order=newest&limit=2`)).body;
    expect(kids(neighbour)).toEqual(['b-5997', 'b-5994']);
  });

  it('pages towards older events with before, missing none', async () => {
    const first = (await api.get<EventPage>(`/providers/${a}/events?order=newest&limit=50`)).body;
    const second = (await api.get<EventPage>(`/providers/${a}/events?order=newest&limit=50&before=${first.nextCursor}`))
      .body;
    expect(second.events.map((e) => e.id)).toEqual(idsOfA.slice(EVENTS_OF_A - 100, EVENTS_OF_A - 50).reverse());
  });

  it('applies the type filter and the since window, and ends with a null cursor', async () => {
    const removed = (await api.get<EventPage>(`/providers/${a}/events?order=newest&type=key.removed&limit=3`)).body;
    expect(kids(removed)).toEqual(['a-5990', 'a-5980', 'a-5970']);

    const since = idsOfA[EVENTS_OF_A - 5];
    const recent = (await api.get<EventPage>(`/providers/${a}/events?order=newest&since=${since}&limit=10`)).body;
    expect(kids(recent)).toEqual(['a-5999', 'a-5998', 'a-5997', 'a-5996']);
    expect(recent.nextCursor).toBeNull();
  });

  it('keeps the default order: oldest first, paged with after', async () => {
    const page = (await api.get<EventPage>(`/providers/${a}/events?limit=3`)).body;
    expect(kids(page)).toEqual(['a-0', 'a-1', 'a-2']);
    expect(page.nextCursor).toBe(idsOfA[2]);
  });

  it('refuses an unknown order', async () => {
    const response = await api.get(`/providers/${a}/events?order=sideways`);
    expect(response.status).toBe(400);
  });

  it('answers an empty page for a provider without events', async () => {
    const other = await api.post<ProviderView>('/providers', {
      name: 'quiet',
      url: 'https://quiet.idp.test/jwks',
      enabled: false,
    });
    const page = (await api.get<EventPage>(`/providers/${other.body.id}/events?order=newest`)).body;
    expect(page).toEqual({ events: [], nextCursor: null });
  });
});
