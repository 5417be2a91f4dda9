import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/checks/engine.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/types.js';
import type { FetchResult } from '../../src/fetch/types.js';
import { checkTarget, type CheckTargetDeps } from '../../src/probe/check-target.js';
import { EC_KEY, fetchResultOf } from './documents.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const JWKS_URL = 'https://idp.example/jwks';
const DISCOVERY_URL = 'https://idp.example/.well-known/openid-configuration';
const KEY = EC_KEY;

function fetchOf(url: string, value: unknown): FetchResult {
  return fetchResultOf(
    url,
    200,
    { contentType: 'application/json', cacheControl: 'max-age=300' },
    Buffer.from(JSON.stringify(value)),
  );
}

/** A real engine whose parses are counted. */
function countingEngine(): { engine: Engine; parses: () => number } {
  const real = createEngine();
  let parses = 0;
  return {
    engine: {
      parse(bytes, sha256) {
        parses++;
        return real.parse(bytes, sha256);
      },
      evaluate: (request) => real.evaluate(request),
    },
    parses: () => parses,
  };
}

function deps(engine: Engine, documents: Record<string, unknown>): CheckTargetDeps {
  return {
    fetch: async (url) => {
      if (!(url in documents)) throw new Error(`unexpected fetch of ${url}`);
      return fetchOf(url, documents[url]);
    },
    readFile: () => Promise.reject(new Error('no files here')),
    engine,
    now: () => NOW,
  };
}

const settings = { profile: undefined, options: DEFAULT_CHECK_OPTIONS };

describe('checkTarget', () => {
  it('judges an unchanged JWKS again without parsing it, and parses it when the report value is read', async () => {
    const { engine, parses } = countingEngine();
    const d = deps(engine, { [JWKS_URL]: { keys: [KEY] } });
    const first = await checkTarget(JWKS_URL, d, settings);
    expect(parses()).toBe(1);
    const second = await checkTarget(JWKS_URL, d, settings);
    expect(parses()).toBe(1);
    expect(second.report?.findings).toBe(first.report?.findings);
    expect(second.report?.keys).toEqual([expect.objectContaining({ kid: 'k1', kty: 'EC', crv: 'P-256' })]);
    expect(second.report?.jwksParsed).toBe(true);
    expect(second.report?.jwksValue).toEqual({ keys: [KEY] });
    expect(parses()).toBe(2);
  });

  it('hands over the parsed values when a report is cloned to another thread', async () => {
    const { engine } = countingEngine();
    const { report } = await checkTarget(JWKS_URL, deps(engine, { [JWKS_URL]: { keys: [KEY] } }), settings);
    const cloned = structuredClone(report);
    expect(cloned?.jwksValue).toEqual({ keys: [KEY] });
    expect(cloned?.jwksParsed).toBe(true);
  });

  it('says a JWKS that is not JSON was not parsed', async () => {
    const { engine } = countingEngine();
    const d: CheckTargetDeps = {
      ...deps(engine, {}),
      fetch: async (url) => {
        const body = Buffer.from('{"keys": [');
        return { ...fetchOf(url, null), body, sha256: createHash('sha256').update(body).digest('hex') };
      },
    };
    const { report } = await checkTarget(JWKS_URL, d, settings);
    expect(report?.jwksParsed).toBe(false);
    expect(report?.jwksValue).toBeUndefined();
    expect(report?.findings.map((f) => f.ruleId)).toContain('transport.body.json');
  });

  it('follows an unchanged discovery document to its jwks_uri without parsing either again', async () => {
    const { engine, parses } = countingEngine();
    const discovery = {
      issuer: 'https://idp.example',
      jwks_uri: JWKS_URL,
      authorization_endpoint: 'https://idp.example/authorize',
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
    };
    const d = deps(engine, { [DISCOVERY_URL]: discovery, [JWKS_URL]: { keys: [KEY] } });
    const first = await checkTarget(DISCOVERY_URL, d, settings);
    expect(first.report?.kind).toBe('discovery');
    expect(first.report?.documents.map((doc) => doc.kind)).toEqual(['discovery', 'jwks']);
    const parsesToJudge = parses();
    const second = await checkTarget(DISCOVERY_URL, d, settings);
    expect(parses()).toBe(parsesToJudge);
    expect(second.report?.findings).toBe(first.report?.findings);
    expect(second.report?.discoveryValue).toEqual(discovery);
  });

  it('routes a URL the same way when it checks it again from the remembered route', async () => {
    const { engine } = countingEngine();
    const discovery = { issuer: 'https://idp.example', jwks_uri: JWKS_URL };
    const d = deps(engine, {
      'https://idp.example': { page: 'not a key set' },
      [DISCOVERY_URL]: discovery,
      [JWKS_URL]: { keys: [KEY] },
    });
    for (let round = 0; round < 2; round++) {
      // An issuer: its own URL first, then the discovery document of the issuer it would be.
      const issuer = await checkTarget('https://idp.example', d, settings);
      expect(issuer.report?.documents.map((doc) => doc.kind)).toEqual(['discovery', 'jwks']);
      // Not a URL at all: refused before any fetch, with the reason.
      const refused = await checkTarget('https://bad host/jwks', d, settings);
      expect(refused.error).toEqual({
        code: 'FETCH_INVALID_URL',
        message: 'https://bad host/jwks: not an absolute URL',
      });
    }
  });
});
