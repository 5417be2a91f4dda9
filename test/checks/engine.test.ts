import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine, resolveSeverity, type EvaluationRequest } from '../../src/checks/engine.js';
import { DEFAULT_CHECK_OPTIONS, SKIP, defineRule, type Rule } from '../../src/checks/types.js';
import type { FetchResult } from '../../src/fetch/types.js';
import { transportCacheControl } from '../../src/checks/transport/cache-control.js';
import { parseDocument } from '../../src/json/parse-document.js';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { MAX_FINDINGS_PER_RULE, MAX_KEYS_CHECKED } from '../../src/checks/limits.js';

const NOW = new Date('2026-06-01T00:00:00Z');

function jwksRequest(doc: unknown, extra: Partial<EvaluationRequest> = {}): EvaluationRequest {
  const bytes = Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc));
  return {
    profile: 'core',
    options: DEFAULT_CHECK_OPTIONS,
    now: NOW,
    jwks: { parsed: parseDocument(bytes), sha256: createHash('sha256').update(bytes).digest('hex') },
    ...extra,
  };
}

function fetchOf(bytes: Buffer): FetchResult {
  return {
    requestedUrl: 'https://idp.example/jwks',
    url: 'https://idp.example/jwks',
    redirects: [],
    status: 200,
    headers: { contentType: 'application/json' },
    timings: { firstByteMs: 1, totalMs: 2 },
    body: bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    notModified: false,
  };
}

const RSA_KEY = {
  kty: 'RSA',
  kid: 'k1',
  use: 'sig',
  alg: 'RS256',
  e: 'AQAB',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
};

/** A rule of `scope` that passes and counts how often it ran. */
function countingRule(scope: 'set' | 'transport'): { rule: Rule; runs: () => number } {
  let runs = 0;
  const rule: Rule = defineRule({
    id: `test.${scope}-counting`,
    title: 'counts its runs',
    severity: 'info',
    spec: 'none',
    scope,
    run: () => {
      runs++;
      return [];
    },
  });
  return { rule, runs: () => runs };
}

/** A rule for these tests: no spec, and `run` as given. */
function testRule<S extends 'key' | 'set'>(
  id: string,
  scope: S,
  run: Rule<S>['run'],
  severity: 'info' | 'warning' = 'info',
): Rule {
  return defineRule({ id, title: id, severity, spec: 'none', scope, run });
}

/** An engine whose only rule is a counting transport rule, and the RSA JWKS evaluated as fetched with given facts. */
function transportHarness() {
  const { rule, runs } = countingRule('transport');
  const engine = createEngine({ rules: [rule] });
  const bytes = Buffer.from(JSON.stringify({ keys: [RSA_KEY] }));
  const base = jwksRequest({ keys: [RSA_KEY] });
  const evaluate = (fetch: FetchResult, now = NOW) => engine.evaluate({ ...base, now, jwks: { ...base.jwks!, fetch } });
  return { runs, bytes, evaluate };
}

describe('the engine', () => {
  it('reports a leaked private exponent with the key identity and no secret value', () => {
    const leaked = { ...RSA_KEY, d: 'c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1uZXZlci1sZWFr' };
    const { findings } = createEngine().evaluate(jwksRequest({ keys: [leaked] }));
    const leak = findings.find((f) => f.ruleId === 'jwk.private.members');
    expect(leak).toMatchObject({ severity: 'error', kid: 'k1', pointer: '/keys/0', document: 'jwks' });
    expect(leak?.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(findings)).not.toContain(leaked.d);
  });

  it('points at the place a key has now when a rotation moves a key it already judged', () => {
    const engine = createEngine();
    const leaked = { ...RSA_KEY, d: 'c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1uZXZlci1sZWFr' };
    const other = { ...RSA_KEY, kid: 'k2' };
    const leakOf = (doc: unknown) => {
      const { findings, keys } = engine.evaluate(jwksRequest(doc));
      return { leak: findings.find((f) => f.ruleId === 'jwk.private.members'), keys };
    };
    expect(leakOf({ keys: [leaked, other] }).leak).toMatchObject({ kid: 'k1', pointer: '/keys/0' });
    const moved = leakOf({ keys: [other, leaked] });
    expect(moved.leak).toMatchObject({ kid: 'k1', pointer: '/keys/1' });
    expect(moved.keys.map((k) => [k.index, k.kid])).toEqual([
      [0, 'k2'],
      [1, 'k1'],
    ]);
    // And back: the facts first worked out at index 0 serve index 0 again, unchanged by the copy made for index 1.
    expect(leakOf({ keys: [leaked] }).leak).toMatchObject({ kid: 'k1', pointer: '/keys/0' });
  });
  it('gives no error for a well-formed public RSA set', () => {
    const { findings } = createEngine().evaluate(jwksRequest({ keys: [RSA_KEY] }));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('reports a document nested 20,000 levels deep as a finding instead of overflowing the stack', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const { findings } = createEngine().evaluate(jwksRequest(deep));
    expect(findings.map((f) => f.ruleId)).toContain('transport.body.json');
  });

  it('skips transport rules for a document without a fetch, and lists them as skipped', () => {
    const { findings, skippedRules } = createEngine().evaluate(jwksRequest({ keys: [RSA_KEY] }));
    expect(findings.some((f) => f.ruleId.startsWith('transport.status'))).toBe(false);
    expect(skippedRules).toContain('transport.status');
    expect(skippedRules).toContain('disc.issuer.match');
  });

  it('runs transport rules on every evaluation even when the content verdict is cached', () => {
    const bytes = Buffer.from(JSON.stringify({ keys: [RSA_KEY] }));
    const engine = createEngine();
    const ok = jwksRequest({ keys: [RSA_KEY] });
    const first = engine.evaluate({ ...ok, jwks: { ...ok.jwks!, fetch: fetchOf(bytes) } });
    expect(first.findings.some((f) => f.ruleId === 'transport.status')).toBe(false);
    const second = engine.evaluate({ ...ok, jwks: { ...ok.jwks!, fetch: { ...fetchOf(bytes), status: 500 } } });
    expect(second.findings.some((f) => f.ruleId === 'transport.status')).toBe(true);
  });

  it('judges the same bytes once and answers again from the cache until the entry expires', () => {
    const { rule: counting, runs } = countingRule('set');
    const engine = createEngine({ rules: [counting], cacheTtlMs: 1_000 });
    engine.evaluate(jwksRequest({ keys: [RSA_KEY] }));
    engine.evaluate(jwksRequest({ keys: [RSA_KEY] }));
    expect(runs()).toBe(1);
    engine.evaluate(jwksRequest({ keys: [RSA_KEY] }, { profile: 'oidc' }));
    expect(runs()).toBe(2);
    engine.evaluate(jwksRequest({ keys: [RSA_KEY] }, { now: new Date(NOW.getTime() + 1_001) }));
    expect(runs()).toBe(3);
  });

  it('remembers the transport verdict while the fetch repeats its facts, and works it out again when one changes', () => {
    const { runs, bytes, evaluate } = transportHarness();
    const first = evaluate(fetchOf(bytes));
    // Date and timings differ on every response; the rules cannot read them, so they do not count.
    const again = evaluate({
      ...fetchOf(bytes),
      headers: { contentType: 'application/json', date: 'Mon, 01 Jun 2026 00:00:05 GMT', age: '5' },
      timings: { firstByteMs: 3, totalMs: 4 },
    });
    expect(runs()).toBe(1);
    expect(again).toBe(first);
    evaluate({ ...fetchOf(bytes), headers: { contentType: 'text/plain' } });
    evaluate({ ...fetchOf(bytes), status: 203 });
    evaluate({ ...fetchOf(bytes), headers: { contentType: 'application/json', cacheControl: 'max-age=60' } });
    evaluate({
      ...fetchOf(bytes),
      url: 'https://idp.example/other',
      redirects: [{ url: 'https://idp.example/jwks', status: 302, location: 'https://idp.example/other' }],
    });
    expect(runs()).toBe(5);
    // Over the latency budget the verdict names the time, so it is never remembered.
    evaluate({ ...fetchOf(bytes), timings: { firstByteMs: 1, totalMs: 60_000 } });
    evaluate({ ...fetchOf(bytes), timings: { firstByteMs: 1, totalMs: 60_000 } });
    expect(runs()).toBe(7);
  });

  it('keeps the transport verdicts of both a 304 and the periodic unconditional 200 of one document', () => {
    const { runs, bytes, evaluate } = transportHarness();
    for (let poll = 0; poll < 6; poll++) evaluate({ ...fetchOf(bytes), notModified: poll % 3 !== 0 });
    expect(runs()).toBe(2);
    // A third set of facts pushes out the least recent one.
    evaluate({ ...fetchOf(bytes), status: 203 });
    evaluate({ ...fetchOf(bytes), notModified: true });
    evaluate({ ...fetchOf(bytes), notModified: false });
    expect(runs()).toBe(4);
  });

  it('does not read the parse of a document whose verdict it remembers', () => {
    const engine = createEngine();
    const request = jwksRequest({ keys: [RSA_KEY] });
    let reads = 0;
    const counted = (): EvaluationRequest => ({
      ...request,
      jwks: {
        sha256: request.jwks!.sha256,
        get parsed() {
          reads++;
          return request.jwks!.parsed;
        },
      },
    });
    const first = engine.evaluate(counted());
    expect(reads).toBeGreaterThan(0);
    const readsToJudge = reads;
    expect(engine.evaluate(counted())).toBe(first);
    expect(reads).toBe(readsToJudge);
    // Past the verdict's lifetime the content is judged again, from its parse.
    engine.evaluate({ ...counted(), now: new Date(NOW.getTime() + 2 * 60 * 60 * 1000) });
    expect(reads).toBeGreaterThan(readsToJudge);
  });

  it('works the TLS certificate verdict out again once the certificate enters its warning window', () => {
    const bytes = Buffer.from(JSON.stringify({ keys: [RSA_KEY] }));
    // A cache lifetime longer than the test's span: only the certificate's own dates can end the verdict.
    const engine = createEngine({ cacheTtlMs: 365 * 86_400_000 });
    const base = jwksRequest({ keys: [RSA_KEY] });
    const DAY = 86_400_000;
    const notAfter = new Date(NOW.getTime() + (DEFAULT_CHECK_OPTIONS.certExpiryWarnDays + 1) * DAY);
    const fetch: FetchResult = {
      ...fetchOf(bytes),
      tls: {
        protocol: 'TLSv1.3',
        cipher: 'TLS_AES_128_GCM_SHA256',
        leaf: {
          subject: 'CN=idp.example',
          issuer: 'CN=ca',
          notBefore: '2026-01-01T00:00:00Z',
          notAfter: notAfter.toISOString(),
        },
      },
    };
    const certificateFindings = (now: Date) =>
      engine
        .evaluate({ ...base, now, jwks: { ...base.jwks!, fetch } })
        .findings.filter((f) => f.ruleId === 'transport.tls.certificate')
        .map((f) => f.actual);
    expect(certificateFindings(NOW)).toEqual([]);
    expect(certificateFindings(new Date(NOW.getTime() + 2 * DAY))).toEqual([
      `${DEFAULT_CHECK_OPTIONS.certExpiryWarnDays - 1} days`,
    ]);
    expect(certificateFindings(new Date(NOW.getTime() + 3 * DAY))).toEqual([
      `${DEFAULT_CHECK_OPTIONS.certExpiryWarnDays - 2} days`,
    ]);
  });

  it('turns a crashing rule into an error finding of that rule and still runs the others', () => {
    const crashing = testRule('test.crashing', 'key', () => {
      throw new Error('boom');
    });
    const fine = testRule('test.fine', 'key', () => [{ message: 'seen' }], 'warning');
    const { findings } = createEngine({ rules: [crashing, fine] }).evaluate(jwksRequest({ keys: [RSA_KEY] }));
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['test.crashing', 'error'],
      ['test.fine', 'warning'],
    ]);
  });

  it('gives each finding the members that apply, in one order, and none that are undefined', () => {
    const shapes = testRule('test.shapes', 'set', () => [
      { message: 'bare' },
      { message: 'keyed', kid: 'k', thumbprint: 't' },
      { message: 'compared', expected: 'a', actual: 'b' },
      { message: 'kid only', kid: 'k' },
      { message: 'all', kid: 'k', thumbprint: 't', expected: 'a', actual: 'b' },
    ]);
    const { findings } = createEngine({ rules: [shapes] }).evaluate(jwksRequest({ keys: [] }));
    const base = ['ruleId', 'severity', 'message', 'pointer', 'document', 'spec'];
    expect(Object.fromEntries(findings.map((f) => [f.message, Object.keys(f)]))).toEqual({
      bare: base,
      keyed: [...base, 'kid', 'thumbprint'],
      compared: [...base, 'expected', 'actual'],
      'kid only': [...base, 'kid'],
      all: [...base, 'kid', 'thumbprint', 'expected', 'actual'],
    });
    expect(findings.find((f) => f.message === 'all')).toMatchObject({
      kid: 'k',
      thumbprint: 't',
      expected: 'a',
      actual: 'b',
    });
  });

  it('shares one finding without a key between documents, and keeps keyed findings apart', () => {
    const rule = testRule('test.shared', 'set', () => [
      { message: 'same for all' },
      { message: 'compared', expected: 'a', actual: 'b' },
      { message: 'keyed', kid: 'k' },
    ]);
    const engine = createEngine({ rules: [rule] });
    const first = engine.evaluate(jwksRequest({ keys: [] })).findings;
    const second = engine.evaluate(jwksRequest({ keys: [], other: 1 })).findings;
    expect(second).not.toBe(first);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
    expect(second[2]).toEqual(first[2]);
    expect(second[2]).not.toBe(first[2]);
  });

  it('tells apart shared findings whose texts would run together (a NUL inside a value from the document)', () => {
    const rule = testRule('test.nul', 'set', () => [
      { message: 'm', expected: 'a\u0000b', actual: 'c' },
      { message: 'm', expected: 'a', actual: 'b\u0000c' },
    ]);
    const { findings } = createEngine({ rules: [rule] }).evaluate(jwksRequest({ keys: [] }));
    expect(findings.map((f) => [f.expected, f.actual])).toHaveLength(2);
    expect(findings.map((f) => [f.expected, f.actual])).toEqual(
      expect.arrayContaining([
        ['a', 'b\u0000c'],
        ['a\u0000b', 'c'],
      ]),
    );
  });

  it('tells apart key uses whose texts would run together (one key_ops entry holding a comma)', () => {
    const engine = createEngine({ rules: [transportCacheControl] });
    const severityFor = (keyOps: string[]) => {
      const bytes = Buffer.from(JSON.stringify({ keys: [{ ...RSA_KEY, use: undefined, key_ops: keyOps }] }));
      const request = jwksRequest(bytes.toString());
      const findings = engine.evaluate({ ...request, jwks: { ...request.jwks!, fetch: fetchOf(bytes) } }).findings;
      return findings.find((f) => f.ruleId === 'transport.cache-control')?.severity;
    };
    expect(severityFor(['encrypt', 'decrypt'])).toBe('warning');
    expect(severityFor(['encrypt,decrypt'])).toBe('info');
  });

  it('treats SKIP as not evaluated and [] as a pass', () => {
    const skipper = testRule('test.skip', 'set', () => SKIP);
    const passer = testRule('test.pass', 'set', () => []);
    const { skippedRules } = createEngine({ rules: [skipper, passer] }).evaluate(jwksRequest({ keys: [] }));
    expect(skippedRules).toEqual(['test.skip']);
  });
});

describe('the engine on documents of thousands of keys (review of the API, defect 1)', () => {
  /** A private RSA key: the public one with a private exponent. */
  const PRIVATE_KEY = { ...RSA_KEY, kid: 'leaked', d: 'AQAB' };

  it('judges the first MAX_KEYS_CHECKED keys and says in a jwks.key-count error that the rest were not', () => {
    const keys: unknown[] = Array.from({ length: 20_000 }, () => ({}));
    keys[5_000] = PRIVATE_KEY;
    const evaluation = createEngine().evaluate(jwksRequest({ keys }));

    expect(evaluation.keys).toHaveLength(MAX_KEYS_CHECKED);
    const unchecked = evaluation.findings.filter((f) => f.ruleId === 'jwks.key-count' && f.severity === 'error');
    expect(unchecked.map((f) => [f.pointer, f.actual])).toContainEqual([`/keys/${MAX_KEYS_CHECKED}`, '20000 elements']);
    // Bounded by the catalogue, not by the document: at most one full list and a summary per rule.
    expect(evaluation.findings.length).toBeLessThan(CATALOGUE.length * (MAX_FINDINGS_PER_RULE + 1));
    expect(JSON.stringify(evaluation).length).toBeLessThan(200_000);
  });

  it('counts the keys it judged as a lower bound in jwks.key-count, not as the size of the set', () => {
    const keys = Array.from({ length: 3_000 }, (_, i) => ({ ...RSA_KEY, kid: `k${i}` }));
    const { findings } = createEngine().evaluate(
      jwksRequest({ keys }, { options: { ...DEFAULT_CHECK_OPTIONS, minKeys: 2_000 } }),
    );
    const counts = findings.filter((f) => f.ruleId === 'jwks.key-count').map((f) => f.actual);
    expect(counts).toEqual([`at least ${MAX_KEYS_CHECKED} key(s)`, '3000 elements']);
  });

  it('says nothing of unchecked keys when the set is exactly at the ceiling', () => {
    const keys = Array.from({ length: MAX_KEYS_CHECKED }, () => ({}));
    const evaluation = createEngine().evaluate(jwksRequest({ keys }));
    expect(evaluation.keys).toHaveLength(MAX_KEYS_CHECKED);
    expect(evaluation.findings.filter((f) => f.pointer === `/keys/${MAX_KEYS_CHECKED}`)).toEqual([]);
  });

  it('lists MAX_FINDINGS_PER_RULE findings of one rule, then one summary as loud as the worst left out', () => {
    const perKey = testRule('test.per-key', 'key', ({ key }) => [
      { message: `key ${key.index}`, severity: key.index === 100 ? 'warning' : 'info' },
    ]);
    const other = testRule('test.other', 'set', () => [{ message: 'one' }]);
    const { findings } = createEngine({ rules: [perKey, other] }).evaluate(
      jwksRequest({ keys: Array.from({ length: 120 }, (_, i) => ({ kid: `k${i}` })) }),
    );
    const listed = findings.filter((f) => f.ruleId === 'test.per-key');
    expect(listed).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    expect(listed.slice(0, MAX_FINDINGS_PER_RULE).map((f) => f.pointer)).toEqual(
      Array.from({ length: MAX_FINDINGS_PER_RULE }, (_, i) => `/keys/${i}`),
    );
    expect(listed.at(-1)).toMatchObject({
      severity: 'warning',
      pointer: '',
      message: `${120 - MAX_FINDINGS_PER_RULE} more findings of this rule are not listed`,
      actual: '120 findings',
    });
    expect(findings.filter((f) => f.ruleId === 'test.other')).toHaveLength(1);
  });

  it('caps per document: the discovery document gets its own list', () => {
    const many = testRule('test.many', 'set', () =>
      Array.from(
        { length: 120 },
        (_, i) => ({ message: `m${i}`, document: i % 2 === 0 ? 'jwks' : 'discovery' }) as const,
      ),
    );
    const { findings } = createEngine({ rules: [many] }).evaluate(jwksRequest({ keys: [] }));
    expect(findings.filter((f) => f.document === 'jwks')).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    expect(findings.filter((f) => f.document === 'discovery')).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
  });

  it('remembers the verdict on a capped document like any other', () => {
    const engine = createEngine();
    const request = jwksRequest({ keys: Array.from({ length: 5_000 }, () => ({})) });
    expect(engine.evaluate(request)).toBe(engine.evaluate(request));
  });
});

describe('severity profiles', () => {
  const rule = { severity: 'warning' as const, profiles: { oidc: 'error' as const, fapi2: 'off' as const } };

  it('uses the default severity when the profile has no override', () => {
    expect(resolveSeverity(rule, 'core')).toBe('warning');
  });

  it('lets fapi1 inherit the oidc override, and fapi2 turn the rule off', () => {
    expect(resolveSeverity(rule, 'fapi1')).toBe('error');
    expect(resolveSeverity(rule, 'fapi2')).toBe('off');
  });

  it('makes an empty key set an error under oidc and a warning under core', () => {
    const engine = createEngine();
    const severity = (profile: 'core' | 'oidc') =>
      engine.evaluate(jwksRequest({ keys: [] }, { profile })).findings.find((f) => f.ruleId === 'jwks.doc.empty')
        ?.severity;
    expect(severity('core')).toBe('warning');
    expect(severity('oidc')).toBe('error');
  });
});
