/** The "Change over time" rules, each with passing and failing cases, on hand-built history inputs. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { historyRules } from '../../src/checks/history/index.js';
import type { HistoryContent, HistoryInput, InventoryKey } from '../../src/checks/history/types.js';
import { DEFAULT_CHECK_OPTIONS, SKIP, type FindingDraft, type Rule } from '../../src/checks/types.js';
import { keyViewsOf, type KeyView } from '../../src/jwks/diff.js';
import { runHistoryRules } from '../../src/history/run-history-rules.js';

const T0 = Date.UTC(2026, 5, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function ec(kid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig', ...extra };
}

const [A, B, C] = [ec('a'), ec('b'), ec('c')];

function content(keys: readonly Record<string, unknown>[], extra: Partial<HistoryContent> = {}): HistoryContent {
  return {
    hash: `h-${keys.map((k) => String(k['kid'])).join('-')}`,
    keys: keyViewsOf({ keys }),
    firstSeenAt: T0,
    lastSeenAt: T0,
    ...extra,
  };
}

function inventoryOf(entries: readonly [KeyView, number, number?][]): InventoryKey[] {
  return entries.map(([key, firstSeenAt, removedAt]) => ({
    id: key.id,
    ...(key.kid !== undefined && { kid: key.kid }),
    firstSeenAt,
    lastSeenAt: removedAt ?? firstSeenAt,
    ...(removedAt !== undefined && { removedAt }),
  }));
}

function view(jwk: Record<string, unknown>): KeyView {
  const [v] = keyViewsOf({ keys: [jwk] });
  if (v === undefined) throw new TypeError('no view');
  return v;
}

interface Build {
  now?: number;
  current?: HistoryContent;
  transition?: HistoryInput['transition'];
  latest?: HistoryContent;
  previous?: HistoryContent;
  inventory?: InventoryKey[];
  flapping?: HistoryInput['flapping'];
}

function input(build: Build): HistoryInput {
  const current = build.current ?? build.transition?.to ?? content([A]);
  return {
    profile: 'core',
    options: DEFAULT_CHECK_OPTIONS,
    now: new Date(build.now ?? T0),
    settings: { tokenLifetimeSeconds: 3600, clientCacheSeconds: 600, keyAgeMaxDays: 180, flapWindowSeconds: 3600 },
    current,
    transition: build.transition,
    observed: { latest: build.latest ?? current, previous: build.previous },
    inventory: build.inventory ?? inventoryOf(current.keys.map((k): [KeyView, number] => [k, T0])),
    flapping: build.flapping,
  };
}

function rule(id: string): Rule<'history'> {
  const found = historyRules.find((r) => r.id === id);
  if (found === undefined) throw new TypeError(`no rule ${id}`);
  return found;
}

function run(id: string, build: Build): readonly FindingDraft[] | typeof SKIP {
  return rule(id).run(input(build));
}

/** A transition from `from` to `to`, first seen at `at` (now = at unless given). */
function transition(from: HistoryContent, to: HistoryContent, at: number): NonNullable<HistoryInput['transition']> {
  return { from, to, at };
}

describe('the history rule group', () => {
  it('holds the eight "Change over time" ids of the catalogue, scoped history', () => {
    expect(historyRules.map((r) => r.id).sort()).toEqual([
      'rotation.discovery-drift',
      'rotation.flapping',
      'rotation.key-age',
      'rotation.kid-reuse',
      'rotation.material-reuse',
      'rotation.no-overlap',
      'rotation.too-fast',
      'rotation.validator-stale',
    ]);
    expect(historyRules.every((r) => r.scope === 'history')).toBe(true);
  });

  it('has the catalogue default severities', () => {
    const severities = Object.fromEntries(historyRules.map((r) => [r.id, r.severity]));
    expect(severities).toEqual({
      'rotation.kid-reuse': 'error',
      'rotation.material-reuse': 'warning',
      'rotation.no-overlap': 'warning',
      'rotation.key-age': 'info',
      'rotation.flapping': 'warning',
      'rotation.discovery-drift': 'warning',
      'rotation.validator-stale': 'warning',
      'rotation.too-fast': 'warning',
    });
  });
});

describe('rotation.kid-reuse', () => {
  const reused = ec('a');

  it('flags a kid that now names different key material', () => {
    const to = content([reused, B]);
    const findings = run('rotation.kid-reuse', {
      transition: transition(content([A, B]), to, T0 + HOUR),
      now: T0 + HOUR,
    });
    expect(findings).toHaveLength(1);
    expect(findings !== SKIP && findings[0]).toMatchObject({
      kid: 'a',
      pointer: '/keys/0/kid',
      thumbprint: view(reused).thumbprint,
    });
  });

  it('flags a kid reused from a key removed long before, found in the inventory', () => {
    const inventory = inventoryOf([
      [view(A), T0 - 30 * DAY, T0 - 20 * DAY],
      [view(B), T0 - 30 * DAY],
      [view(reused), T0],
    ]);
    const findings = run('rotation.kid-reuse', {
      transition: transition(content([B]), content([B, reused]), T0),
      inventory,
    });
    expect(findings).toHaveLength(1);
  });

  it('passes a rotation that uses a new kid', () => {
    expect(run('rotation.kid-reuse', { transition: transition(content([A]), content([A, B]), T0) })).toEqual([]);
  });

  it('stops flagging once the token lifetime and cache window have passed', () => {
    const t = transition(content([A]), content([reused]), T0);
    expect(run('rotation.kid-reuse', { transition: t, now: T0 + HOUR })).toHaveLength(1);
    expect(run('rotation.kid-reuse', { transition: t, now: T0 + 71 * MINUTE })).toEqual([]);
  });

  it('is skipped without a previous confirmed content', () => {
    expect(run('rotation.kid-reuse', {})).toBe(SKIP);
  });
});

describe('rotation.material-reuse', () => {
  it('flags old key material that comes back under a new kid', () => {
    const renamed = { ...A, kid: 'a-2026' };
    const findings = run('rotation.material-reuse', { transition: transition(content([A]), content([renamed]), T0) });
    expect(findings).toHaveLength(1);
    expect(findings !== SKIP && findings[0]?.kid).toBe('a-2026');
  });

  it('flags material retired earlier and republished under another kid', () => {
    const inventory = inventoryOf([
      [view(A), T0 - 10 * DAY, T0 - 5 * DAY],
      [view(B), T0 - 10 * DAY],
    ]);
    const findings = run('rotation.material-reuse', {
      transition: transition(content([B]), content([B, { ...A, kid: 'z' }]), T0),
      inventory,
    });
    expect(findings).toHaveLength(1);
  });

  it('passes new material under a new kid', () => {
    expect(run('rotation.material-reuse', { transition: transition(content([A]), content([A, B]), T0) })).toEqual([]);
  });
});

describe('rotation.no-overlap', () => {
  it('flags a change where every previous signing key disappeared at once', () => {
    expect(run('rotation.no-overlap', { transition: transition(content([A, B]), content([C]), T0) })).toHaveLength(1);
  });

  it('passes a rotation that keeps one previous signing key', () => {
    expect(run('rotation.no-overlap', { transition: transition(content([A, B]), content([B, C]), T0) })).toEqual([]);
  });

  it('ignores encryption keys when looking for an overlap', () => {
    const enc = ec('enc', { use: 'enc', alg: 'ECDH-ES' });
    expect(
      run('rotation.no-overlap', { transition: transition(content([A, enc]), content([B, enc]), T0) }),
    ).toHaveLength(1);
  });
});

describe('rotation.too-fast', () => {
  it('flags an old key removed less than token lifetime + cache window after its successor appeared', () => {
    const inventory = inventoryOf([
      [view(A), T0 - 10 * DAY],
      [view(B), T0 - 20 * MINUTE],
    ]);
    const findings = run('rotation.too-fast', { transition: transition(content([A, B]), content([B]), T0), inventory });
    expect(findings).toHaveLength(1);
    expect(findings !== SKIP && findings[0]?.kid).toBe('a');
  });

  it('flags a new key that became the only key before client caches could see it', () => {
    const inventory = inventoryOf([
      [view(A), T0 - 10 * DAY],
      [view(B), T0 - 5 * MINUTE],
    ]);
    const findings = run('rotation.too-fast', {
      transition: transition(content([A]), content([B]), T0 - 5 * MINUTE),
      inventory,
      now: T0,
    });
    // Two findings: A went the moment B appeared, and B was then the only key, unknown to cached sets.
    expect(findings !== SKIP && findings.map((f) => f.kid)).toEqual(['a', undefined]);
  });

  it('passes an old key kept long enough after its successor appeared', () => {
    const inventory = inventoryOf([
      [view(A), T0 - 10 * DAY],
      [view(B), T0 - 2 * HOUR],
    ]);
    expect(run('rotation.too-fast', { transition: transition(content([A, B]), content([B]), T0), inventory })).toEqual(
      [],
    );
  });

  it('does not judge keys seen since monitoring began, whose age is unknown', () => {
    const inventory = inventoryOf([
      [view(A), T0 - 10 * MINUTE],
      [view(B), T0 - 10 * MINUTE],
    ]);
    expect(run('rotation.too-fast', { transition: transition(content([A, B]), content([B]), T0), inventory })).toEqual(
      [],
    );
  });
});

describe('rotation.key-age', () => {
  it('flags a signing key set unchanged for longer than the policy window', () => {
    const inventory = inventoryOf([[view(A), T0 - 200 * DAY]]);
    expect(run('rotation.key-age', { inventory })).toHaveLength(1);
  });

  it('passes when a signing key appeared within the window', () => {
    const inventory = inventoryOf([
      [view(A), T0 - 200 * DAY],
      [view(B), T0 - 10 * DAY],
    ]);
    expect(run('rotation.key-age', { current: content([A, B]), inventory })).toEqual([]);
  });

  it('is skipped for a set without signing keys', () => {
    expect(run('rotation.key-age', { current: content([ec('e', { use: 'enc' })]) })).toBe(SKIP);
  });
});

describe('rotation.flapping', () => {
  it('flags responses alternating between key sets within the window', () => {
    const flapping = { startedAt: T0 - 10 * MINUTE, lastFlapAt: T0 - MINUTE, contents: 2, unstableKeys: [] };
    expect(run('rotation.flapping', { flapping })).toHaveLength(1);
  });

  it('passes once no switch back happened for a whole window', () => {
    const flapping = { startedAt: T0 - 3 * HOUR, lastFlapAt: T0 - 61 * MINUTE, contents: 2, unstableKeys: [] };
    expect(run('rotation.flapping', { flapping })).toEqual([]);
    expect(run('rotation.flapping', {})).toEqual([]);
  });
});

describe('rotation.discovery-drift', () => {
  const from = content([A], { issuer: 'https://idp.test', jwksUri: 'https://idp.test/jwks' });

  it('flags a changed issuer and a changed jwks_uri', () => {
    const to = content([A], { issuer: 'https://evil.test', jwksUri: 'https://evil.test/jwks' });
    const findings = run('rotation.discovery-drift', { transition: transition(from, to, T0) });
    expect(findings !== SKIP && findings.map((f) => f.pointer)).toEqual(['/issuer', '/jwks_uri']);
  });

  it('passes when both stay the same', () => {
    expect(
      run('rotation.discovery-drift', {
        transition: transition(
          from,
          content([B], { issuer: 'https://idp.test', jwksUri: 'https://idp.test/jwks' }),
          T0,
        ),
      }),
    ).toEqual([]);
  });

  it('is skipped for a provider without a discovery document', () => {
    expect(run('rotation.discovery-drift', { transition: transition(content([A]), content([B]), T0) })).toBe(SKIP);
  });

  it('reports its findings against the discovery document', () => {
    const to = content([A], { issuer: 'https://evil.test', jwksUri: 'https://idp.test/jwks' });
    const verdict = runHistoryRules(input({ transition: transition(from, to, T0) }));
    expect(verdict.findings.find((f) => f.ruleId === 'rotation.discovery-drift')?.document).toBe('discovery');
  });
});

describe('rotation.validator-stale', () => {
  const before = content([A], { hash: 'h1', etag: '"v1"', lastModified: 'Mon, 01 Jun 2026 00:00:00 GMT' });

  it('flags new content served with the same ETag and Last-Modified', () => {
    const latest = content([B], { hash: 'h2', etag: '"v1"', lastModified: 'Mon, 01 Jun 2026 00:00:00 GMT' });
    expect(run('rotation.validator-stale', { latest, previous: before })).toHaveLength(1);
  });

  it('flags a Last-Modified that went backwards', () => {
    const latest = content([B], { hash: 'h2', etag: '"v2"', lastModified: 'Sun, 31 May 2026 00:00:00 GMT' });
    expect(run('rotation.validator-stale', { latest, previous: before })).toHaveLength(1);
  });

  it('passes new content with a new ETag', () => {
    const latest = content([B], { hash: 'h2', etag: '"v2"', lastModified: 'Tue, 02 Jun 2026 00:00:00 GMT' });
    expect(run('rotation.validator-stale', { latest, previous: before })).toEqual([]);
  });

  it('passes unchanged content and responses without validators', () => {
    expect(run('rotation.validator-stale', { latest: before, previous: before })).toEqual([]);
    expect(
      run('rotation.validator-stale', { latest: content([B], { hash: 'h2' }), previous: content([A], { hash: 'h1' }) }),
    ).toEqual([]);
  });

  it('is skipped for the first observation', () => {
    expect(run('rotation.validator-stale', {})).toBe(SKIP);
  });
});

describe('runHistoryRules', () => {
  it('turns a crashing rule into an error finding instead of a pass', () => {
    const crashing: Rule<'history'> = {
      ...rule('rotation.flapping'),
      run: () => {
        throw new Error('boom');
      },
    };
    const verdict = runHistoryRules(input({}), [crashing]);
    expect(verdict.findings).toMatchObject([{ ruleId: 'rotation.flapping', severity: 'error' }]);
  });

  it('does not evaluate a rule that a profile turns off', () => {
    const off: Rule<'history'> = { ...rule('rotation.flapping'), profiles: { core: 'off' } };
    const verdict = runHistoryRules(
      input({ flapping: { startedAt: T0, lastFlapAt: T0, contents: 2, unstableKeys: [] } }),
      [off],
    );
    expect(verdict.findings).toEqual([]);
    expect(verdict.evaluated.has('rotation.flapping')).toBe(false);
  });
});
