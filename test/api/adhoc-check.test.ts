/**
 * POST /api/v1/check: a URL or a posted document judged once, registering and storing nothing. A target that
 * cannot be fetched is a verdict (200 with `error`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_KEYS_CHECKED } from '../../src/checks/limits.js';
import { rsaPublicJwk, startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import { startServer, type TestServer } from '../helpers/https-server.js';
import { apiOf, databaseState, startHarness, type AdhocView, type Api, type Harness } from './app-harness.js';

let idp: FakeIdp;
let closed: TestServer;
let h: Harness;
let api: Api;
let stateBefore: string;

beforeAll(async () => {
  idp = await startFakeIdp();
  // A port that was listening a moment ago and is closed now: connecting fails at once, on loopback.
  closed = await startServer({ tls: true });
  await closed.close();
  h = await startHarness({ ca: [idp.ca] });
  api = apiOf(h.app);
  stateBefore = databaseState(h.store);
});
afterAll(async () => {
  // Nothing any of these checks did was stored.
  expect(databaseState(h.store)).toBe(stateBefore);
  await h.close();
  await idp.close();
});

const errorsOf = (body: AdhocView) => body.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId);

describe('POST /check with a document', () => {
  const key = rsaPublicJwk('posted');

  it('judges a posted JWKS object', async () => {
    const { status, body } = await api.post<AdhocView>('/check', { document: { keys: [key] } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'jwks', ok: true, profile: 'core' });
    expect(errorsOf(body)).toEqual([]);
    expect(body.keys.map((k) => k.kid)).toEqual(['posted']);
    expect(body.error).toBeUndefined();
  });

  it('judges the same JWKS posted as JSON text alike', async () => {
    const asObject = await api.post<AdhocView>('/check', { document: { keys: [key] } });
    const asText = await api.post<AdhocView>('/check', { document: JSON.stringify({ keys: [key] }) });
    expect(asText.body).toEqual(asObject.body);
  });

  it('reports text that is not JSON as findings, not as an API error', async () => {
    const { status, body } = await api.post<AdhocView>('/check', { document: '{"keys": [' });
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    expect(errorsOf(body).length).toBeGreaterThan(0);
  });

  it('applies minKeys and the profile asked for', async () => {
    const { body } = await api.post<AdhocView>('/check', { document: { keys: [key] }, minKeys: 2, profile: 'fapi2' });
    expect(body.profile).toBe('fapi2');
    expect(body.findings.map((f) => f.ruleId)).toContain('jwks.key-count');
  });
});

describe('POST /check with a URL', () => {
  it('fetches and judges a JWKS URL', async () => {
    const { status, body } = await api.post<AdhocView>('/check', { url: idp.jwksUrl });
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'jwks', profile: 'core' });
    expect(body.keys.map((k) => k.kid)).toEqual(idp.keys().map((k) => k.kid));
  });

  it('follows an issuer to its discovery document and JWKS', async () => {
    const { status, body } = await api.post<AdhocView>('/check', { url: idp.issuer });
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'discovery', profile: 'oidc' });
    expect(body.keys).toHaveLength(1);
    expect(errorsOf(body)).toEqual([]);
  });

  it('answers 200 with error when the target cannot be fetched', async () => {
    const { status, body } = await api.post<AdhocView>('/check', { url: closed.url('/jwks') });
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    expect(body.error?.code).toBe('FETCH_CONNECT');
    expect(body.keys).toEqual([]);
  });
});

describe('POST /check with a document of many keys (review of the API, defect 1)', () => {
  it('answers a 1 MiB document of 349,000 empty keys promptly with a bounded body', async () => {
    const body = JSON.stringify({ document: { keys: Array.from({ length: 349_000 }, () => ({})) } });
    expect(body.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    const { status, body: view, text } = await api.send<AdhocView>('POST', '/check', body);
    const elapsedMs = performance.now() - started;

    expect(status).toBe(200);
    // Before the ceiling: a 269 MB body after 54 s here, and an out-of-memory crash under `npm start`.
    expect(text.length).toBeLessThan(256 * 1024);
    expect(elapsedMs).toBeLessThan(15_000);
    expect(view.findings.filter((f) => f.ruleId === 'jwks.key-count').map((f) => f.pointer)).toContain(
      `/keys/${MAX_KEYS_CHECKED}`,
    );
  });
});
