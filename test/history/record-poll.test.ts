/** The poll recorder end to end: a fake clock, hand-built reports, and a real SQLite file. */
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { flapWindowMs } from '../../src/history/plan-poll.js';
import { DEFAULT_RECORDER_SETTINGS } from '../../src/history/types.js';
import {
  DAY,
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

/** The distinct rule ids of the open incidents. */
function openRuleIds(t: TestStore, id: number): string[] {
  return [...new Set(t.store.history.listIncidents(id, { state: 'open' }).map((i) => i.ruleId))].sort();
}

function allEventTypes(t: TestStore, id: number): string[] {
  return t.store.events.listEvents({ providerId: id, limit: 1000 }).map((e) => e.type);
}

const A = ecKey('a');
const B = ecKey('b');
const C = ecKey('c');

describe('the first poll of a provider', () => {
  it('stores the baseline: snapshot, confirmed history row, key inventory, run and latest state, without change events', () => {
    const { t, id } = setup();
    const result = poll(t.store, id, T0, jwks(A, B), { etag: '"v1"', cacheControl: 'max-age=300' });
    expect(result).toMatchObject({ path: 'recorded', status: 'up', events: [] });
    const [entry] = t.store.history.listHistory(id);
    expect(entry).toMatchObject({
      keyCount: 2,
      firstSeenAt: T0,
      lastSeenAt: T0,
      pollCount: 1,
      confirmedAt: T0,
      etag: '"v1"',
      cacheControl: 'max-age=300',
    });
    expect(t.store.history.listKeys(id).map((k) => [k.kid, k.firstSeenAt, k.removedAt])).toEqual([
      ['a', T0, undefined],
      ['b', T0, undefined],
    ]);
    expect(t.store.providers.get(id)?.state).toMatchObject({
      status: 'up',
      lastPollAt: T0,
      lastSuccessAt: T0,
      keyCount: 2,
      latestSnapshotId: entry?.snapshotId,
    });
  });
});

describe('unchanged polls', () => {
  it('collapse into one run and one history row whose last seen time and count move', () => {
    const { t, id } = setup();
    for (let i = 0; i < 5; i++) poll(t.store, id, T0 + i * MINUTE, jwks(A, B), { etag: '"v1"' });
    expect(t.store.history.listRuns(id)).toMatchObject([{ firstAt: T0, lastAt: T0 + 4 * MINUTE, pollCount: 5 }]);
    expect(t.store.history.listHistory(id)).toMatchObject([
      { firstSeenAt: T0, lastSeenAt: T0 + 4 * MINUTE, pollCount: 5 },
    ]);
    expect(t.store.history.listKeys(id).map((k) => k.lastSeenAt)).toEqual([T0 + 4 * MINUTE, T0 + 4 * MINUTE]);
    expect(allEventTypes(t, id)).toEqual([]);
  });

  it('take the one-row shortcut once the provider is in a steady state', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A), { etag: '"v1"' });
    expect(poll(t.store, id, T0 + MINUTE, jwks(A), { etag: '"v1"' }).path).toBe('unchanged');
  });

  it('treat reordered keys and members as no change (the raw bytes differ, the content does not)', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A, B));
    const reordered = {
      keys: [Object.fromEntries(Object.entries(B).reverse()), Object.fromEntries(Object.entries(A).reverse())],
    };
    const result = poll(t.store, id, T0 + MINUTE, reordered);
    expect(result.events).toEqual([]);
    expect(t.store.history.listHistory(id)).toHaveLength(1);
    expect(t.store.history.listRuns(id)).toHaveLength(1);
    expect(poll(t.store, id, T0 + 2 * MINUTE, reordered).path).toBe('unchanged');
  });

  it('treat a 304 Not Modified as the content last seen', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A), { etag: '"v1"' });
    const notModified = { ...report(jwks(A)), jwksParsed: false, jwksValue: undefined, documents: [] };
    expect(
      poll(t.store, id, T0 + MINUTE, undefined, { report: notModified, notModified: true, etag: '"v1"' }).events,
    ).toEqual([]);
    expect(t.store.history.listHistory(id)).toMatchObject([{ pollCount: 2, lastSeenAt: T0 + MINUTE }]);
  });
});

describe('rotation with overlap', () => {
  it('is confirmed on the second sight of the new set and reported as safe_overlap, then overlap', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A));
    // The new key is published: nothing yet, the change must be confirmed.
    expect(eventTypes(poll(t.store, id, T0 + 5 * MINUTE, jwks(A, B)))).toEqual([]);
    const confirmed = poll(t.store, id, T0 + 10 * MINUTE, jwks(A, B));
    expect(eventTypes(confirmed)).toEqual(['key.added', 'rotation.detected']);
    expect(confirmed.events[1]?.data).toMatchObject({
      state: 'safe_overlap',
      at: new Date(T0 + 5 * MINUTE).toISOString(),
      added: [{ kid: 'b' }],
      removed: [],
    });
    // Two hours later the old key goes: an overlap rotation, slow enough for tokens and caches.
    poll(t.store, id, T0 + 2 * HOUR, jwks(B));
    const retired = poll(t.store, id, T0 + 2 * HOUR + 5 * MINUTE, jwks(B));
    expect(eventTypes(retired)).toEqual(['key.removed', 'rotation.detected']);
    expect(retired.events[1]?.data).toMatchObject({ state: 'overlap', removed: [{ kid: 'a' }] });
    expect(openRuleIds(t, id)).toEqual([]);
    expect(t.store.history.listKeys(id).map((k) => [k.kid, k.firstSeenAt, k.removedAt])).toEqual([
      ['a', T0, T0 + 2 * HOUR],
      ['b', T0 + 5 * MINUTE, undefined],
    ]);
    expect(t.store.providers.get(id)?.state).toMatchObject({ status: 'up', lastRotationAt: T0 + 2 * HOUR });
  });

  it('is recorded at once with confirmPolls = 1', () => {
    const { t, id } = setup();
    const settings = { ...DEFAULT_RECORDER_SETTINGS, confirmPolls: 1 };
    poll(t.store, id, T0, jwks(A), {}, { settings });
    expect(eventTypes(poll(t.store, id, T0 + MINUTE, jwks(A, B), {}, { settings }))).toEqual([
      'key.added',
      'rotation.detected',
    ]);
  });
});

describe('rotation without overlap', () => {
  it('is disjoint, raises rotation.no-overlap and rotation.too-fast, and they resolve after token lifetime + cache window', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A));
    poll(t.store, id, T0 + 3 * DAY, jwks(B));
    const swap = poll(t.store, id, T0 + 3 * DAY + MINUTE, jwks(B));
    expect(eventTypes(swap)).toEqual([
      'key.added',
      'key.removed',
      'rotation.detected',
      'conformance.failed',
      'conformance.failed',
    ]);
    expect(swap.events[2]?.data).toMatchObject({ state: 'disjoint' });
    expect(openRuleIds(t, id)).toEqual(['rotation.no-overlap', 'rotation.too-fast']);
    expect(t.store.providers.get(id)?.state.status).toBe('degraded');

    // Nothing changes while the hold window lasts; then one poll resolves both findings.
    expect(eventTypes(poll(t.store, id, T0 + 3 * DAY + 30 * MINUTE, jwks(B)))).toEqual([]);
    const later = poll(t.store, id, T0 + 3 * DAY + 2 * HOUR, jwks(B));
    expect(eventTypes(later)).toEqual(['conformance.resolved', 'conformance.resolved']);
    expect(openRuleIds(t, id)).toEqual([]);
    expect(t.store.providers.get(id)?.state.status).toBe('up');
    const incidents = t.store.history.listIncidents(id, { state: 'resolved' });
    expect(
      incidents.every((i) => i.openedAt === T0 + 3 * DAY + MINUTE && i.resolvedAt === T0 + 3 * DAY + 2 * HOUR),
    ).toBe(true);
  });
});

describe('kid reuse', () => {
  it('reports key.changed and opens a rotation.kid-reuse error', () => {
    const { t, id } = setup();
    const reused = ecKey('a');
    poll(t.store, id, T0, jwks(A, B));
    poll(t.store, id, T0 + DAY, jwks(reused, B));
    const result = poll(t.store, id, T0 + DAY + MINUTE, jwks(reused, B));
    expect(eventTypes(result)).toContain('key.changed');
    expect(result.events.find((e) => e.type === 'key.changed')?.data).toMatchObject({ kid: 'a' });
    expect(openRuleIds(t, id)).toContain('rotation.kid-reuse');
    expect(t.store.providers.get(id)?.state.status).toBe('failing');
  });
});

describe('replicas out of sync', () => {
  it('produce one rotation.flapping event and finding, no rotations, then one rotation once they converge', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A));
    const types: string[] = [];
    // Two replicas answer in turn for 40 minutes: A, A+B, A, A+B, ...
    for (let i = 1; i <= 40; i++)
      types.push(...eventTypes(poll(t.store, id, T0 + i * MINUTE, i % 2 === 0 ? jwks(A) : jwks(A, B))));
    expect(types.filter((type) => type === 'rotation.flapping')).toHaveLength(1);
    expect(types).not.toContain('rotation.detected');
    expect(types).not.toContain('key.added');
    expect(openRuleIds(t, id)).toEqual(['rotation.flapping']);

    // The replicas converge on A+B: the rotation is reported once the set was stable for the whole flap window.
    const after: string[] = [];
    for (let i = 41; i <= 41 + 70; i++) after.push(...eventTypes(poll(t.store, id, T0 + i * MINUTE, jwks(A, B))));
    expect(after.filter((type) => type === 'rotation.detected')).toHaveLength(1);
    expect(after).toContain('conformance.resolved');
    expect(openRuleIds(t, id)).toEqual([]);
  });

  it('do not open and close incidents on every flip', () => {
    const { t, id } = setup();
    const clean = jwks(A);
    const broken = jwks(A, C);
    const withFinding = report(broken, {
      findings: [finding('jwks.kid.required', { severity: 'warning', pointer: '/keys/1' })],
    });
    poll(t.store, id, T0, clean);
    for (let i = 1; i <= 20; i++)
      poll(t.store, id, T0 + i * MINUTE, i % 2 === 0 ? clean : undefined, i % 2 === 0 ? {} : { report: withFinding });
    const incidents = t.store.history.listIncidents(id).filter((i) => i.ruleId === 'jwks.kid.required');
    expect(incidents).toHaveLength(1);
    expect(allEventTypes(t, id).filter((type) => type === 'conformance.failed')).toHaveLength(2); // the rule, and rotation.flapping
  });

  it('count a single-poll blip back to the old set as flapping, not a rotation', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A));
    poll(t.store, id, T0 + MINUTE, jwks(B));
    const back = poll(t.store, id, T0 + 2 * MINUTE, jwks(A));
    expect(eventTypes(back)).toEqual(['rotation.flapping', 'conformance.failed']);
    expect(t.store.history.listHistory(id).map((h) => h.confirmedAt === undefined)).toEqual([false, true, false]);
  });
});

describe('the state the recorder loads', () => {
  it('reads the flap window whole, however many rows, and sees the live row as last seen by the latest poll', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A));
    // 60 flips, one a minute: a history row each, more than the first pages of the read hold.
    for (let i = 1; i <= 60; i++) poll(t.store, id, T0 + i * MINUTE, i % 2 === 0 ? jwks(A) : jwks(A, B));
    // Then the same content for 10 minutes: only the provider row moves, not the history row.
    for (let i = 61; i <= 70; i++) expect(poll(t.store, id, T0 + i * MINUTE, jwks(A)).path).toBe('unchanged');
    const now = T0 + 71 * MINUTE;
    const state = t.store.poll.loadState(id, now, DEFAULT_RECORDER_SETTINGS);
    const history = t.store.history.listHistory(id); // newest first
    const live = history[0]!;
    const stored = t.store.db.prepare('SELECT last_seen_at FROM provider_snapshots WHERE id = ?').pluck().get(live.id);
    expect(stored).toBeLessThan(T0 + 70 * MINUTE);
    expect(state?.recent[0]).toMatchObject({ historyId: live.id, lastSeenAt: T0 + 70 * MINUTE });
    const windowMs = flapWindowMs(state!, DEFAULT_RECORDER_SETTINGS);
    const within = history.filter((h) => now - h.lastSeenAt < windowMs);
    expect(within.length).toBeGreaterThan(40);
    expect(within.length).toBeLessThan(history.length);
    expect(state?.recent.map((r) => r.historyId)).toEqual(within.map((h) => h.id));
    expect(state?.observation?.historyId).toBe(live.id);
    expect(state?.previousObservation?.historyId).toBe(history[1]!.id);
  });
});

describe('validators', () => {
  it('flag new content served with the old ETag (rotation.validator-stale) until the ETag changes', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A), { etag: '"same"' });
    poll(t.store, id, T0 + MINUTE, jwks(A, B), { etag: '"same"' });
    expect(openRuleIds(t, id)).toEqual(['rotation.validator-stale']);
    poll(t.store, id, T0 + 2 * MINUTE, jwks(A, B), { etag: '"fixed"' });
    expect(openRuleIds(t, id)).toEqual([]);
  });
});

describe('discovery', () => {
  it('reports a changed issuer as discovery.changed and rotation.discovery-drift', () => {
    const { t, id } = setup({ kind: 'issuer', url: 'https://idp.test' });
    const discovery = (issuer: string): Record<string, unknown> => ({ issuer, jwks_uri: 'https://idp.test/jwks' });
    poll(t.store, id, T0, undefined, { report: report(jwks(A), { discovery: discovery('https://idp.test') }) });
    poll(t.store, id, T0 + MINUTE, undefined, {
      report: report(jwks(A), { discovery: discovery('https://other.test') }),
    });
    const result = poll(t.store, id, T0 + 2 * MINUTE, undefined, {
      report: report(jwks(A), { discovery: discovery('https://other.test') }),
    });
    expect(eventTypes(result)).toEqual(['discovery.changed', 'conformance.failed']);
    expect(result.events[0]?.data).toMatchObject({
      changes: [{ member: 'issuer', before: 'https://idp.test', after: 'https://other.test' }],
    });
    expect(openRuleIds(t, id)).toEqual(['rotation.discovery-drift']);
    expect(t.store.history.listHistory(id)[0]).toMatchObject({
      issuer: 'https://other.test',
      jwksUri: 'https://idp.test/jwks',
    });
  });
});

describe('conformance incidents', () => {
  const keys = jwks(A, { ...B, kid: undefined });

  it('open with conformance.failed, batched per rule, and resolve with conformance.resolved', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, keys);
    const findings = [
      finding('jwks.kid.required', { severity: 'warning', pointer: '/keys/1', thumbprint: 'tp1' }),
      finding('jwks.kid.required', { severity: 'warning', pointer: '/keys/2', thumbprint: 'tp2' }),
      finding('jwk.alg.present', { severity: 'info', pointer: '/keys/1' }),
    ];
    const failed = poll(t.store, id, T0 + MINUTE, keys, { report: report(keys, { findings }) });
    expect(failed.events.map((e) => [e.type, dataOf(e)['ruleId'], dataOf(e)['count']])).toEqual([
      ['conformance.failed', 'jwks.kid.required', 2],
      ['conformance.failed', 'jwk.alg.present', 1],
    ]);
    expect(t.store.providers.get(id)?.state.openFindings).toEqual({ error: 0, warning: 2, info: 1 });
    const resolved = poll(t.store, id, T0 + 2 * MINUTE, keys);
    expect(eventTypes(resolved)).toEqual(['conformance.resolved', 'conformance.resolved']);
    expect(
      t.store.history.listIncidents(id, { state: 'resolved' }).map((i) => [i.openedAt, i.lastSeenAt, i.resolvedAt]),
    ).toEqual([
      [T0 + MINUTE, T0 + MINUTE, T0 + 2 * MINUTE],
      [T0 + MINUTE, T0 + MINUTE, T0 + 2 * MINUTE],
      [T0 + MINUTE, T0 + MINUTE, T0 + 2 * MINUTE],
    ]);
  });

  it('follow a key by thumbprint, so reordering the keys does not close and reopen them', () => {
    const { t, id } = setup();
    const tp = 'thumbprint-of-b';
    poll(t.store, id, T0, jwks(A, B), {
      report: report(jwks(A, B), {
        findings: [finding('jwk.alg.present', { pointer: '/keys/1/alg', thumbprint: tp })],
      }),
    });
    const reordered = poll(t.store, id, T0 + MINUTE, jwks(B, A), {
      report: report(jwks(B, A), {
        findings: [finding('jwk.alg.present', { pointer: '/keys/0/alg', thumbprint: tp })],
      }),
    });
    expect(reordered.events).toEqual([]);
    expect(t.store.history.listIncidents(id)).toMatchObject([
      { pointer: '/keys/0/alg', openedAt: T0, lastSeenAt: T0 + MINUTE },
    ]);
  });

  it('are one row from opening to resolution, whatever the number of polls', () => {
    const { t, id } = setup();
    const withFinding = report(keys, {
      findings: [finding('jwks.kid.required', { severity: 'warning', pointer: '/keys/1' })],
    });
    for (let i = 0; i < 10; i++) poll(t.store, id, T0 + i * MINUTE, keys, { report: withFinding });
    expect(t.store.history.listIncidents(id)).toMatchObject([{ openedAt: T0, lastSeenAt: T0 + 9 * MINUTE }]);
  });

  it('send no event on the first verdict', () => {
    const { t, id } = setup();
    const result = poll(t.store, id, T0, keys, { report: report(keys, { findings: [finding('jwks.kid.required')] }) });
    expect(result.events).toEqual([]);
    expect(openRuleIds(t, id)).toEqual(['jwks.kid.required']);
  });

  it('of a silenced rule are recorded as silenced, never alert, and do not count in the status', () => {
    const { t, id } = setup({ silencedRules: [{ ruleId: 'jwks.kid.required', reason: 'legacy clients' }] });
    poll(t.store, id, T0, keys);
    const result = poll(t.store, id, T0 + MINUTE, keys, {
      report: report(keys, { findings: [finding('jwks.kid.required')] }),
    });
    expect(result.events).toEqual([]);
    expect(result.status).toBe('up');
    expect(t.store.history.listIncidents(id)).toMatchObject([{ ruleId: 'jwks.kid.required', silenced: true }]);
  });

  it('stay open while their rule cannot be evaluated (a poll without a JWKS is not a pass)', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, keys, { report: report(keys, { findings: [finding('jwks.kid.required')] }) });
    const noJwks = {
      ...report(keys),
      jwksParsed: false,
      jwksValue: undefined,
      documents: [],
      skippedRules: ['jwks.kid.required'],
      findings: [finding('transport.status')],
    };
    poll(t.store, id, T0 + MINUTE, undefined, { report: noJwks });
    expect(openRuleIds(t, id)).toEqual(['jwks.kid.required', 'transport.status']);
    expect(
      t.store.history.listIncidents(id, { state: 'open' }).find((i) => i.ruleId === 'jwks.kid.required')?.lastSeenAt,
    ).toBe(T0);
  });

  it('reopen after a settings change takes effect on the next poll', () => {
    const { t, id } = setup();
    const withFinding = report(keys, { findings: [finding('jwks.kid.required')] });
    poll(t.store, id, T0, keys, { report: withFinding });
    poll(t.store, id, T0 + MINUTE, keys, { report: withFinding });
    t.store.providers.update(id, { silencedRules: [{ ruleId: 'jwks.kid.required', reason: 'accepted' }] }, T0 + 90_000);
    const result = poll(t.store, id, T0 + 2 * MINUTE, keys, { report: withFinding });
    expect(result.path).toBe('recorded');
    expect(result.status).toBe('up');
    expect(t.store.history.listIncidents(id)).toMatchObject([{ silenced: true }]);
  });
});

describe('reachability', () => {
  it('goes down after 3 failed polls with one provider.down, and recovers after 2 good ones with one provider.recovered', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A));
    const statuses: string[] = [];
    const types: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const r = poll(t.store, id, T0 + i * MINUTE, undefined, {
        outcome: 'FETCH_TIMEOUT',
        errorMessage: 'timed out after 5000 ms',
      });
      statuses.push(r.status);
      types.push(...eventTypes(r));
    }
    expect(statuses).toEqual(['up', 'up', 'down', 'down', 'down', 'down']);
    expect(types).toEqual(['provider.down']);
    expect(t.store.events.listEvents({ type: 'provider.down' })[0]?.data).toMatchObject({
      error: { code: 'FETCH_TIMEOUT', message: 'timed out after 5000 ms' },
      consecutiveFailures: 3,
    });
    const first = poll(t.store, id, T0 + 7 * MINUTE, jwks(A));
    const second = poll(t.store, id, T0 + 8 * MINUTE, jwks(A));
    expect([first.status, second.status]).toEqual(['down', 'up']);
    expect(eventTypes(second)).toEqual(['provider.recovered']);
    expect(t.store.history.listRuns(id).map((r) => [r.outcome, r.status, r.pollCount])).toEqual([
      ['ok', 'up', 1],
      ['ok', 'down', 1],
      ['FETCH_TIMEOUT', 'down', 4],
      ['FETCH_TIMEOUT', 'up', 2],
      ['ok', 'up', 1],
    ]);
    // The content did not change through the outage.
    expect(t.store.history.listHistory(id)).toHaveLength(1);
  });
});

describe('change events', () => {
  it('stay under 20 KB each, however hostile the document', () => {
    const { t, id } = setup({ silencedRules: [] });
    const settings = { ...DEFAULT_RECORDER_SETTINGS, confirmPolls: 1 };
    const huge = (prefix: string, i: number): string => `${prefix}${i}-${'x'.repeat(10_000)}`;
    const keysOf = (prefix: string): { keys: Jwk[] } =>
      jwks(
        ...Array.from({ length: 60 }, (_, i) => ({
          ...A,
          x: huge(prefix, i),
          kid: huge(prefix, i),
          alg: huge('alg', i),
        })),
      );
    const before = keysOf('old');
    const after = keysOf('new');
    const findings = Array.from({ length: 60 }, (_, i) =>
      finding('jwks.kid.required', {
        message: huge('m', i),
        pointer: `/keys/${i}/${'p'.repeat(5_000)}`,
        kid: huge('k', i),
      }),
    );
    poll(t.store, id, T0, before, {}, { settings });
    const changed = poll(t.store, id, T0 + MINUTE, after, { report: report(after, { findings }) }, { settings });
    expect(eventTypes(changed)).toEqual(
      expect.arrayContaining(['key.added', 'key.removed', 'rotation.detected', 'conformance.failed']),
    );
    for (const event of t.store.events.listEvents({ limit: 1000 })) {
      expect(
        Buffer.byteLength(
          JSON.stringify({ type: event.type, timestamp: new Date(event.createdAt).toISOString(), data: event.data }),
        ),
      ).toBeLessThan(20 * 1024);
    }
  });
});

describe('the unchanged-poll shortcut', () => {
  it('stores exactly what the full recorder stores', () => {
    const fast = setup();
    const slow = setup();
    const reused = ecKey('a');
    const withFinding = (keys: { keys: Jwk[] }) =>
      report(keys, { findings: [finding('jwks.kid.required', { severity: 'warning', pointer: '/keys/0' })] });
    const script: [number, unknown, Parameters<typeof poll>[4]][] = [];
    let now = T0;
    const step = (value: unknown, options: Parameters<typeof poll>[4] = {}, advance = MINUTE) => {
      script.push([now, value, options]);
      now += advance;
    };
    for (let i = 0; i < 5; i++) step(jwks(A), { etag: '"1"' });
    for (let i = 0; i < 5; i++) step(jwks(A, B), { etag: '"2"' }, 30 * MINUTE);
    for (let i = 0; i < 4; i++) step(undefined, { outcome: 'FETCH_CONNECT' });
    for (let i = 0; i < 5; i++) step(jwks(B), { etag: '"3"', report: withFinding(jwks(B)) }, 2 * HOUR);
    for (let i = 0; i < 3; i++) step(jwks(reused, B), { etag: '"4"' }, 10 * MINUTE);
    for (let i = 0; i < 10; i++) step(jwks(reused, B), { etag: '"4"' }, DAY);
    for (const [at, value, options] of script) {
      poll(fast.t.store, fast.id, at, value, options);
      poll(slow.t.store, slow.id, at, value, options, { fastPath: false });
    }
    const read = ({ t, id }: { t: TestStore; id: number }) => ({
      provider: t.store.providers.get(id)?.state,
      history: t.store.history.listHistory(id),
      runs: t.store.history.listRuns(id).map(({ id: _id, ...run }) => run),
      keys: t.store.history.listKeys(id),
      incidents: t.store.history.listIncidents(id),
      events: t.store.events
        .listEvents({ limit: 1000 })
        .map(({ type, createdAt, data }) => ({ type, createdAt, data })),
    });
    expect(read(fast)).toEqual(read(slow));
  });
});

describe('an unknown provider', () => {
  it('is refused with PROVIDER_NOT_FOUND', () => {
    const { t } = setup();
    let error: unknown;
    try {
      poll(t.store, 999, T0, jwks(A));
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'PROVIDER_NOT_FOUND')).toBe(true);
  });
});

describe('the database', () => {
  it('still holds everything after it is closed and reopened, and recording goes on', () => {
    const { t, id } = setup();
    poll(t.store, id, T0, jwks(A));
    poll(t.store, id, T0 + MINUTE, jwks(A, B));
    poll(t.store, id, T0 + 2 * MINUTE, jwks(A, B), {
      report: report(jwks(A, B), { findings: [finding('jwk.alg.present', { severity: 'info' })] }),
    });
    const before = {
      provider: t.store.providers.get(id),
      history: t.store.history.listHistory(id),
      runs: t.store.history.listRuns(id),
      keys: t.store.history.listKeys(id),
      incidents: t.store.history.listIncidents(id),
      events: t.store.events.listEvents(),
    };
    const reopened = t.reopen();
    stores.push(reopened);
    const s = reopened.store;
    expect({
      provider: s.providers.get(id),
      history: s.history.listHistory(id),
      runs: s.history.listRuns(id),
      keys: s.history.listKeys(id),
      incidents: s.history.listIncidents(id),
      events: s.events.listEvents(),
    }).toEqual(before);
    const next = poll(s, id, T0 + 3 * MINUTE, jwks(A, B), {
      report: report(jwks(A, B), { findings: [finding('jwk.alg.present', { severity: 'info' })] }),
    });
    expect(next.path).toBe('unchanged');
    expect(s.history.listRuns(id)[0]?.pollCount).toBe(2);
  });

  it('grows by less than 1 KB a day for a provider polled every minute with nothing changing', () => {
    const { t, id } = setup();
    const keys = jwks(A, B);
    const withFinding = report(keys, { findings: [finding('jwk.alg.present', { severity: 'info' })] });
    for (let i = 0; i < 60; i++) poll(t.store, id, T0 + i * MINUTE, keys, { report: withFinding, etag: '"v1"' });
    const size = (): number => {
      t.store.db.pragma('wal_checkpoint(TRUNCATE)');
      return (
        Number(t.store.db.pragma('page_count', { simple: true })) *
        Number(t.store.db.pragma('page_size', { simple: true }))
      );
    };
    const before = size();
    for (let i = 60; i < 60 + 24 * 60; i++)
      poll(t.store, id, T0 + i * MINUTE, keys, { report: withFinding, etag: '"v1"' });
    expect(size() - before).toBeLessThan(1024);
  });
});
