import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine, resolveSeverity, type EvaluationRequest } from '../../src/checks/engine.js';
import { DEFAULT_CHECK_OPTIONS, SKIP, defineRule, type Rule } from '../../src/checks/types.js';
import type { FetchResult } from '../../src/fetch/types.js';
import { parseDocument } from '../../src/json/parse-document.js';

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

describe('the engine', () => {
  it('reports a leaked private exponent with the key identity and no secret value', () => {
    const leaked = { ...RSA_KEY, d: 'c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1uZXZlci1sZWFr' };
    const { findings } = createEngine().evaluate(jwksRequest({ keys: [leaked] }));
    const leak = findings.find((f) => f.ruleId === 'jwk.private.members');
    expect(leak).toMatchObject({ severity: 'error', kid: 'k1', pointer: '/keys/0', document: 'jwks' });
    expect(leak?.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(findings)).not.toContain(leaked.d);
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
    let runs = 0;
    const counting: Rule = defineRule({
      id: 'test.counting',
      title: 'counts its runs',
      severity: 'info',
      spec: 'none',
      scope: 'set',
      run: () => {
        runs++;
        return [];
      },
    });
    const engine = createEngine({ rules: [counting], cacheTtlMs: 1_000 });
    engine.evaluate(jwksRequest({ keys: [RSA_KEY] }));
    engine.evaluate(jwksRequest({ keys: [RSA_KEY] }));
    expect(runs).toBe(1);
    engine.evaluate(jwksRequest({ keys: [RSA_KEY] }, { profile: 'oidc' }));
    expect(runs).toBe(2);
    engine.evaluate(jwksRequest({ keys: [RSA_KEY] }, { now: new Date(NOW.getTime() + 1_001) }));
    expect(runs).toBe(3);
  });

  it('turns a crashing rule into an error finding of that rule and still runs the others', () => {
    const crashing: Rule = defineRule({
      id: 'test.crashing',
      title: 'throws',
      severity: 'info',
      spec: 'none',
      scope: 'key',
      run: () => {
        throw new Error('boom');
      },
    });
    const fine: Rule = defineRule({
      id: 'test.fine',
      title: 'finds',
      severity: 'warning',
      spec: 'none',
      scope: 'key',
      run: () => [{ message: 'seen' }],
    });
    const { findings } = createEngine({ rules: [crashing, fine] }).evaluate(jwksRequest({ keys: [RSA_KEY] }));
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['test.crashing', 'error'],
      ['test.fine', 'warning'],
    ]);
  });

  it('treats SKIP as not evaluated and [] as a pass', () => {
    const skipper: Rule = defineRule({
      id: 'test.skip',
      title: 'skips',
      severity: 'info',
      spec: 'none',
      scope: 'set',
      run: () => SKIP,
    });
    const passer: Rule = defineRule({
      id: 'test.pass',
      title: 'passes',
      severity: 'info',
      spec: 'none',
      scope: 'set',
      run: () => [],
    });
    const { skippedRules } = createEngine({ rules: [skipper, passer] }).evaluate(jwksRequest({ keys: [] }));
    expect(skippedRules).toEqual(['test.skip']);
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
