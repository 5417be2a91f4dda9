import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { DAY, T0, addProvider, ecKey, jwks, poll, tempStore, type TestStore } from '../history/helpers.js';

const stores: TestStore[] = [];
afterEach(() => {
  for (const t of stores.splice(0)) t.cleanup();
});

function store(): TestStore {
  const t = tempStore();
  stores.push(t);
  return t;
}

describe('the providers repository', () => {
  it('creates a provider with every setting and reads it back, pending until its first poll', () => {
    const { store: s } = store();
    const created = s.providers.create(
      {
        name: 'acme',
        url: 'https://acme.test',
        kind: 'issuer',
        profile: 'oidc',
        intervalSeconds: 300,
        minKeys: 1,
        maxKeys: 5,
        tokenLifetimeSeconds: 900,
        clientCacheSeconds: 300,
        silencedRules: [{ ruleId: 'jwks.kid.required', reason: 'legacy clients' }],
        tags: ['prod', 'eu'],
        enabled: true,
        source: 'file',
        nextDueAt: T0 + DAY,
      },
      T0,
    );
    expect(created).toMatchObject({
      name: 'acme',
      kind: 'issuer',
      profile: 'oidc',
      intervalSeconds: 300,
      minKeys: 1,
      maxKeys: 5,
      tokenLifetimeSeconds: 900,
      clientCacheSeconds: 300,
      silencedRules: [{ ruleId: 'jwks.kid.required', reason: 'legacy clients' }],
      tags: ['prod', 'eu'],
      enabled: true,
      source: 'file',
      nextDueAt: T0 + DAY,
      createdAt: T0,
      state: { status: 'pending', openFindings: { error: 0, warning: 0, info: 0 }, consecutiveFailures: 0 },
    });
    expect(s.providers.getByName('acme')?.id).toBe(created.id);
  });

  it('reports a duplicate name as PROVIDER_CONFLICT', () => {
    const { store: s } = store();
    addProvider(s, { name: 'dup' });
    let error: unknown;
    try {
      addProvider(s, { name: 'dup' });
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'PROVIDER_CONFLICT')).toBe(true);
  });

  it('updates settings through the same mapper and keeps the rest', () => {
    const { store: s } = store();
    const id = addProvider(s, { tags: ['a'] });
    const updated = s.providers.update(
      id,
      { intervalSeconds: 120, silencedRules: [{ ruleId: 'x', reason: 'y' }] },
      T0 + 1,
    );
    expect(updated).toMatchObject({
      intervalSeconds: 120,
      tags: ['a'],
      silencedRules: [{ ruleId: 'x', reason: 'y' }],
      updatedAt: T0 + 1,
    });
  });

  it('reports an update of a missing provider as PROVIDER_NOT_FOUND', () => {
    const { store: s } = store();
    let error: unknown;
    try {
      s.providers.update(999, { intervalSeconds: 10 }, T0);
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'PROVIDER_NOT_FOUND')).toBe(true);
  });

  it('lists providers filtered by status and tag, page by page', () => {
    const { store: s } = store();
    const ids = [1, 2, 3, 4, 5].map((i) => addProvider(s, { name: `p${i}`, tags: i % 2 === 0 ? ['even'] : ['odd'] }));
    poll(s, ids[0]!, T0, jwks(ecKey('a')));
    expect(s.providers.list({ status: 'up' }).map((p) => p.id)).toEqual([ids[0]]);
    expect(s.providers.list({ tag: 'even' }).map((p) => p.name)).toEqual(['p2', 'p4']);
    const first = s.providers.list({ limit: 2 });
    const second = s.providers.list({ limit: 2, afterId: first.at(-1)?.id ?? 0 });
    expect([...first, ...second].map((p) => p.name)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('reads the latest state of every provider in one query', () => {
    const { store: s } = store();
    const id = addProvider(s);
    addProvider(s, { name: 'other', enabled: false });
    poll(s, id, T0, jwks(ecKey('a'), ecKey('b')));
    expect(s.providers.listLatestStates()).toEqual([
      {
        id,
        name: 'idp',
        enabled: true,
        status: 'up',
        lastPollAt: T0,
        lastSuccessAt: T0,
        keyCount: 2,
        openFindings: { error: 0, warning: 0, info: 0 },
        consecutiveFailures: 0,
      },
      {
        id: id + 1,
        name: 'other',
        enabled: false,
        status: 'pending',
        openFindings: { error: 0, warning: 0, info: 0 },
        consecutiveFailures: 0,
      },
    ]);
  });

  it('deletes a provider with its history but keeps its events', () => {
    const { store: s } = store();
    const id = addProvider(s);
    poll(s, id, T0, jwks(ecKey('a')), { outcome: 'FETCH_TIMEOUT' });
    poll(s, id, T0 + 1, undefined, { outcome: 'FETCH_TIMEOUT' });
    poll(s, id, T0 + 2, undefined, { outcome: 'FETCH_TIMEOUT' });
    expect(s.events.listEvents().map((e) => e.type)).toEqual(['provider.down']);
    expect(s.providers.delete(id)).toBe(true);
    expect(s.providers.get(id)).toBeUndefined();
    expect(s.history.listRuns(id)).toEqual([]);
    expect(s.events.listEvents()).toMatchObject([{ type: 'provider.down', providerId: undefined }]);
    expect(s.providers.delete(id)).toBe(false);
  });
});

describe('poll targets', () => {
  it('reads a provider once and answers from memory, until the provider is updated or deleted', () => {
    const { store: s } = store();
    const id = addProvider(s, { minKeys: 2 });
    const first = s.providers.pollTarget(id);
    expect(first).toEqual({ id, url: s.providers.get(id)?.url, profile: 'core', minKeys: 2 });
    expect(s.providers.pollTarget(id)).toBe(first);
    s.providers.update(id, { url: 'https://moved.test/jwks', maxKeys: 9 }, T0);
    expect(s.providers.pollTarget(id)).toEqual({
      id,
      url: 'https://moved.test/jwks',
      profile: 'core',
      minKeys: 2,
      maxKeys: 9,
    });
    s.providers.delete(id);
    expect(s.providers.pollTarget(id)).toBeUndefined();
  });
});
