/**
 * Regression tests for the rotation review (/tmp/s10/review/rotation.md #1, #4, #6), the webhook review
 * (/tmp/s10/review/webhooks.md #3, #6, #7) and the dashboard review's aside on an endpoint that serves a new key on
 * every fetch: the real recorder, a fake clock and a real SQLite file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { JSON_TEXT_KEY_MEMBER } from '../../src/history/plan-poll.js';
import type { SilencedRule } from '../../src/history/types.js';
import {
  HOUR,
  MINUTE,
  T0,
  addProvider,
  dataOf,
  ecKey,
  eventTypes,
  finding,
  jwks,
  poll,
  report,
  rsaKeyPair,
  tempStore,
  type Jwk,
  type TestStore,
} from './helpers.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const t of stores.splice(0)) t.cleanup();
});

function setup(overrides: Parameters<typeof addProvider>[1] = {}): { t: TestStore; id: number } {
  const t = tempStore();
  stores.push(t);
  return { t, id: addProvider(t.store, overrides) };
}

function events(t: TestStore, id: number): { type: string; createdAt: number; data: Record<string, unknown> }[] {
  return t.store.events
    .listEvents({ providerId: id, limit: 1000 })
    .map((e) => ({ type: e.type, createdAt: e.createdAt, data: dataOf(e) }));
}

/** [type, ruleId] of every event, ruleId undefined for other than conformance events. */
function typesAndRules(t: TestStore, id: number): [string, unknown][] {
  return events(t, id).map((e) => [e.type, e.data['ruleId']]);
}

function openRuleIds(t: TestStore, id: number): string[] {
  return [...new Set(t.store.history.listIncidents(id, { state: 'open' }).map((i) => i.ruleId))].sort();
}

const A = ecKey('a');
const B = ecKey('b');

describe('a disjoint rotation confirmed late (rotation #1)', () => {
  it('is flagged when the confirming poll comes after token lifetime + cache, and resolves at the next poll', () => {
    // 5-minute polls, 1-minute tokens and no client cache: the hold window is over when the change is confirmed.
    const { t, id } = setup({ intervalSeconds: 300, tokenLifetimeSeconds: 60, clientCacheSeconds: 0 });
    poll(t.store, id, T0, jwks(A));
    poll(t.store, id, T0 + 5 * MINUTE, jwks(B));
    const confirmed = poll(t.store, id, T0 + 10 * MINUTE, jwks(B));
    expect(confirmed.events.map((e) => [e.type, dataOf(e)['ruleId']])).toEqual([
      ['key.added', undefined],
      ['key.removed', undefined],
      ['rotation.detected', undefined],
      ['conformance.failed', 'rotation.no-overlap'],
      ['conformance.failed', 'rotation.too-fast'],
    ]);
    expect(openRuleIds(t, id)).toEqual(['rotation.no-overlap', 'rotation.too-fast']);
    // The harm window is long over: the next poll (not the unchanged-poll shortcut) resolves both.
    const next = poll(t.store, id, T0 + 15 * MINUTE, jwks(B));
    expect(next.path).toBe('recorded');
    expect(next.events.map((e) => [e.type, dataOf(e)['ruleId']])).toEqual([
      ['conformance.resolved', 'rotation.no-overlap'],
      ['conformance.resolved', 'rotation.too-fast'],
    ]);
    expect(t.store.providers.get(id)?.state.status).toBe('up');
  });

  it('is flagged after CDN propagation, and confirmed minutes after the replicas converge, not an hour', () => {
    const { t, id } = setup({ intervalSeconds: 60, tokenLifetimeSeconds: 900, clientCacheSeconds: 600 });
    let now = T0;
    for (let i = 0; i < 5; i++, now += MINUTE) poll(t.store, id, now, jwks(A));
    // Ten minutes of replicas answering old and new set in turn, then the new set everywhere.
    for (let i = 0; i < 10; i++, now += MINUTE) poll(t.store, id, now, i % 2 === 0 ? jwks(B) : jwks(A));
    const convergedAt = now;
    for (let i = 0; i < 90; i++, now += MINUTE) poll(t.store, id, now, jwks(B));

    const all = events(t, id);
    const rotation = all.find((e) => e.type === 'rotation.detected');
    expect(rotation?.data).toMatchObject({ state: 'disjoint' });
    // Stable for as long as the turbulence lasted (about 10 minutes), not for the whole one-hour flap window.
    expect(rotation!.createdAt - convergedAt).toBeLessThanOrEqual(15 * MINUTE);
    expect(all.filter((e) => e.type === 'rotation.detected')).toHaveLength(1);
    const failed = all.filter((e) => e.type === 'conformance.failed').map((e) => e.data['ruleId']);
    expect(failed).toEqual(['rotation.flapping', 'rotation.no-overlap', 'rotation.too-fast']);
    expect(openRuleIds(t, id)).toEqual([]);
  });

  it('does not turn replicas that stay out of sync into a rotation every few polls', () => {
    const { t, id } = setup({ intervalSeconds: 60 });
    poll(t.store, id, T0, jwks(A));
    // Two hours of a load balancer answering in runs of two: A A B B A A B B ...
    for (let i = 1; i <= 120; i++)
      poll(t.store, id, T0 + i * MINUTE, Math.floor((i - 1) / 2) % 2 === 0 ? jwks(B) : jwks(A));
    const types = events(t, id).map((e) => e.type);
    expect(types.filter((type) => type === 'rotation.flapping')).toHaveLength(1);
    expect(types.filter((type) => type === 'rotation.detected').length).toBeLessThanOrEqual(2);
  });
});

describe('a rollback within the flap window (rotation #4)', () => {
  it('after a 200 with an empty key set is a change back, not flapping: keys, incidents and status recover at once', () => {
    const { t, id } = setup({ intervalSeconds: 60 });
    const empty = jwks();
    const emptyReport = report(empty, {
      findings: [finding('jwks.doc.empty', { severity: 'warning', message: 'the JWK Set has no keys' })],
    });
    let now = T0;
    for (let i = 0; i < 5; i++, now += MINUTE) poll(t.store, id, now, jwks(A, B));
    for (let i = 0; i < 2; i++, now += MINUTE) poll(t.store, id, now, empty, { report: emptyReport });
    expect(openRuleIds(t, id)).toEqual(['jwks.doc.empty', 'rotation.no-overlap']);
    const before = events(t, id).length;

    poll(t.store, id, now, jwks(A, B));
    const back = poll(t.store, id, now + MINUTE, jwks(A, B));
    const after = typesAndRules(t, id).slice(before);
    expect(after).not.toContainEqual(['rotation.flapping', undefined]);
    expect(after).toEqual([
      ['conformance.resolved', 'jwks.doc.empty'],
      ['key.added', undefined],
      ['key.added', undefined],
      ['rotation.detected', undefined],
      ['conformance.resolved', 'rotation.no-overlap'],
    ]);
    expect(back.status).toBe('up');
    expect(t.store.history.listKeys(id).map((k) => [k.kid, k.removedAt])).toEqual([
      ['a', undefined],
      ['b', undefined],
    ]);
  });

  it('is flapping when it goes back and forth again', () => {
    const { t, id } = setup({ intervalSeconds: 60 });
    poll(t.store, id, T0, jwks(A));
    poll(t.store, id, T0 + MINUTE, jwks(B));
    poll(t.store, id, T0 + 2 * MINUTE, jwks(B)); // B confirmed
    poll(t.store, id, T0 + 3 * MINUTE, jwks(A));
    poll(t.store, id, T0 + 4 * MINUTE, jwks(A)); // rolled back
    const again = poll(t.store, id, T0 + 5 * MINUTE, jwks(B));
    expect(eventTypes(again)).toEqual(['rotation.flapping', 'conformance.failed']);
  });

  it('keeps the last-seen time of a key that every poll serves while a new set waits', () => {
    const { t, id } = setup({ intervalSeconds: 60 });
    let now = T0;
    for (let i = 0; i < 5; i++, now += MINUTE) poll(t.store, id, now, jwks(A));
    // Replicas disagree for 4 minutes ({a} / {a,b}), then {a,b} everywhere: a is in every answer.
    for (let i = 0; i < 4; i++, now += MINUTE) poll(t.store, id, now, i % 2 === 0 ? jwks(A, B) : jwks(A));
    let last = now;
    for (let i = 0; i < 3; i++, now += MINUTE) {
      poll(t.store, id, now, jwks(A, B));
      last = now;
    }
    expect(t.store.providers.get(id)?.state.keyCount).toBe(2);
    expect(t.store.history.listKeys(id).find((k) => k.kid === 'a')?.lastSeenAt).toBe(last);
  });
});

describe('an endpoint that serves a new key on every fetch (dashboard aside)', () => {
  it('alerts once as flapping instead of staying silent, and never reports a rotation', () => {
    const { t, id } = setup({ intervalSeconds: 60 });
    for (let i = 0; i <= 60; i++) poll(t.store, id, T0 + i * MINUTE, jwks(ecKey(`churn-${i}`)));
    const all = events(t, id);
    expect(all.map((e) => [e.type, e.data['ruleId']])).toEqual([
      ['rotation.flapping', undefined],
      ['conformance.failed', 'rotation.flapping'],
    ]);
    expect(all[0]?.data).toMatchObject({ contents: 3, keyCount: 3 });
    expect(openRuleIds(t, id)).toEqual(['rotation.flapping']);
    expect(t.store.providers.get(id)?.state.status).toBe('degraded');
    expect(t.store.providers.get(id)?.state.lastRotationAt).toBeUndefined();
  });
});

describe('events an on-call engineer can act on (rotation #6)', () => {
  it('name the keys and snapshots of a flapping episode, and snapshot ids that the API takes', () => {
    const { t, id } = setup({ intervalSeconds: 60 });
    poll(t.store, id, T0, jwks(A));
    poll(t.store, id, T0 + MINUTE, jwks(A, B));
    const flip = poll(t.store, id, T0 + 2 * MINUTE, jwks(A));
    const flapping = flip.events.find((e) => e.type === 'rotation.flapping');
    const history = t.store.history.listHistory(id);
    const idOf = (hash: string): number | undefined => history.find((h) => h.hash === hash)?.snapshotId;
    const data = dataOf(flapping);
    expect(data).toMatchObject({ contents: 2, keyCount: 1, keys: [{ kid: 'b', thumbprint: expect.any(String) }] });
    const snapshots = data['snapshots'] as { hash: string; snapshotId: number }[];
    expect(snapshots).toHaveLength(2);
    for (const s of snapshots) expect(s.snapshotId).toBe(idOf(s.hash));
    const failed = flip.events.find((e) => e.type === 'conformance.failed');
    expect(JSON.stringify(dataOf(failed)['findings'])).toContain('kid \\"b\\"');
  });

  it('carry snapshot ids next to the hashes of key and rotation events', () => {
    const { t, id } = setup({ intervalSeconds: 60 });
    poll(t.store, id, T0, jwks(A));
    poll(t.store, id, T0 + MINUTE, jwks(A, B));
    const confirmed = poll(t.store, id, T0 + 2 * MINUTE, jwks(A, B));
    const [oldest, newest] = t.store.history.listHistory(id).reverse();
    expect(dataOf(confirmed.events[0])).toMatchObject({ snapshot: newest!.hash, snapshotId: newest!.snapshotId });
    expect(dataOf(confirmed.events[1])).toMatchObject({
      from: oldest!.hash,
      to: newest!.hash,
      fromSnapshotId: oldest!.snapshotId,
      toSnapshotId: newest!.snapshotId,
    });
    // What a receiver reads from the API is what it was sent.
    const stored = t.store.events.listEvents({ providerId: id, limit: 10 }).find((e) => e.type === 'rotation.detected');
    expect(dataOf(stored)).toMatchObject({ toSnapshotId: newest!.snapshotId });
  });

  it('show an ETag as served and tell keys apart by thumbprint when a kid is reused', () => {
    const { t, id } = setup({ intervalSeconds: 60 });
    poll(t.store, id, T0, jwks(A), { etag: '"v1"' });
    const stale = poll(t.store, id, T0 + MINUTE, jwks(A, B), { etag: '"v1"' });
    const message = String((dataOf(stale.events[0])['findings'] as { message: string }[])[0]?.message);
    expect(message).toContain('ETag "v1" did not');

    const reused = ecKey('a');
    poll(t.store, id, T0 + DAY_LATER, jwks(reused, B), { etag: '"v2"' });
    const swap = poll(t.store, id, T0 + DAY_LATER + MINUTE, jwks(reused, B), { etag: '"v2"' });
    const tooFast = swap.events.find((e) => dataOf(e)['ruleId'] === 'rotation.too-fast');
    const text = String((dataOf(tooFast)['findings'] as { message: string }[])[0]?.message);
    expect(text).toMatch(/^kid "a" \(\S+\) was removed .* successor kid "a" \(\S+\) appeared/);
  });
});

const DAY_LATER = 24 * HOUR;

describe('replacing a large key set (webhooks #3)', () => {
  it('sends one key.added and one key.removed listing the keys, not one message per key', () => {
    const { t, id } = setup({ intervalSeconds: 60 });
    const before = Array.from({ length: 60 }, (_, i) => ecKey(`old-${i}`));
    const after = Array.from({ length: 60 }, (_, i) => ecKey(`new-${i}`));
    poll(t.store, id, T0, jwks(...before));
    poll(t.store, id, T0 + MINUTE, jwks(...after));
    const swap = poll(t.store, id, T0 + 2 * MINUTE, jwks(...after));
    expect(eventTypes(swap)).toEqual([
      'key.added',
      'key.removed',
      'rotation.detected',
      'conformance.failed',
      'conformance.failed',
    ]);
    const added = dataOf(swap.events[0]);
    expect(added).toMatchObject({ count: 60, key: { kid: 'new-0' } });
    expect(added['keys']).toHaveLength(10);
    expect(dataOf(swap.events[1])).toMatchObject({ count: 60 });
  });

  it('still sends one event per key for a change of a few keys', () => {
    const { t, id } = setup({ intervalSeconds: 60 });
    const extra = [ecKey('c'), ecKey('d'), ecKey('e')];
    poll(t.store, id, T0, jwks(A));
    poll(t.store, id, T0 + MINUTE, jwks(A, ...extra));
    const added = poll(t.store, id, T0 + 2 * MINUTE, jwks(A, ...extra));
    expect(eventTypes(added)).toEqual(['key.added', 'key.added', 'key.added', 'rotation.detected']);
    expect(dataOf(added.events[0])).not.toHaveProperty('count');
  });
});

describe('leaked private material (webhooks #6, #7)', () => {
  function leakReport(value: unknown): ReturnType<typeof report> {
    return report(value, { findings: [finding('jwk.private.members', { pointer: '/keys/0', kid: 'leaky' })] });
  }

  it('sends key.private_material when a silence on the leak rule is lifted while the key still leaks', () => {
    const silenced: SilencedRule[] = [{ ruleId: 'jwk.private.members', reason: 'test IdP' }];
    const { t, id } = setup({ silencedRules: silenced });
    const { privateJwk } = rsaKeyPair('leaky');
    const leaking = jwks(privateJwk, A);
    expect(poll(t.store, id, T0, leaking, { report: leakReport(leaking) }).events).toEqual([]);
    expect(poll(t.store, id, T0 + MINUTE, leaking, { report: leakReport(leaking) }).events).toEqual([]);

    t.store.providers.update(id, { silencedRules: [] }, T0 + 90_000);
    const lifted = poll(t.store, id, T0 + 2 * MINUTE, leaking, { report: leakReport(leaking) });
    expect(eventTypes(lifted)).toEqual(['key.private_material', 'conformance.failed']);
    expect(dataOf(lifted.events[0])).toMatchObject({
      count: 1,
      keys: [{ kid: 'leaky', members: ['d', 'p', 'q', 'dp', 'dq', 'qi'] }],
    });
    // Once only.
    expect(poll(t.store, id, T0 + 3 * MINUTE, leaking, { report: leakReport(leaking) }).events).toEqual([]);
  });

  it('names a key published as JSON text instead of listing an empty member name', () => {
    const { t, id } = setup();
    const { privateJwk } = rsaKeyPair('text');
    const asText = JSON.stringify(privateJwk);
    const value = { keys: [A, asText] };
    const base = report(value);
    // As the engine reports such an element: the string itself is where the private material is.
    const textReport = { ...base, keys: base.keys.map((k) => (k.index === 1 ? { ...k, privateMembers: [''] } : k)) };
    const first = poll(t.store, id, T0, value, { report: textReport });
    expect(eventTypes(first)).toEqual(['key.private_material']);
    expect(dataOf(first.events[0])).toMatchObject({ keys: [{ index: 1, members: [JSON_TEXT_KEY_MEMBER] }] });
    expect(JSON.stringify(first.events)).not.toContain(String((privateJwk as Jwk)['d']));
  });
});
