/**
 * Hostile and broken requests on every write route (POST /providers, PATCH /providers/:id, POST /check, and the
 * body cap on POST /providers/:id/check): each gets its error code and leaves the database exactly as it was.
 * Private networks are refused here, as in production; no request leaves the process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  apiOf,
  databaseState,
  startHarness,
  type Api,
  type ApiResponse,
  type ErrorView,
  type Harness,
  type ProviderView,
} from './app-harness.js';

const FIVE_MIB = 5 * 1024 * 1024;

let h: Harness;
let api: Api;
let existing: ProviderView;

beforeEach(async () => {
  h = await startHarness({ allowPrivateNetworks: false });
  api = apiOf(h.app);
  existing = (await api.post<ProviderView>('/providers', { name: 'existing', url: 'https://idp.example/jwks' })).body;
});
afterEach(() => h.close());

/** Sends `attempt` and checks it was refused with `status`/`code` and that no table changed. */
async function expectRefused(
  attempt: () => Promise<ApiResponse<ErrorView>>,
  status: number,
  code: string,
  field?: string,
): Promise<void> {
  const before = databaseState(h.store);
  const response = await attempt();
  expect(response.status).toBe(status);
  expect(response.body.code).toBe(code);
  if (field !== undefined) expect(response.body.details?.fields?.map((f) => f.field)).toContain(field);
  expect(databaseState(h.store)).toBe(before);
}

const HOSTILE_URLS = [
  'file:///etc/passwd',
  'javascript:alert(1)',
  'http://169.254.169.254/latest',
  'http://user:pw@idp.example',
  'http://[::ffff:127.0.0.1]/',
  'https://127.0.0.1/jwks',
  'https://localhost/jwks',
  'not a url at all',
];

/**
 * URLs `new URL` reads as another URL (which the poller then took for a file path), and host names no resolver
 * takes: each is refused with a reason instead of stored and failed on every poll.
 */
const REWRITTEN_OR_UNRESOLVABLE_URLS = [
  'https:idp.example/jwks',
  'https:\\\\idp.example\\jwks',
  ' https://idp.example/jwks',
  'https://idp.example/jwks ',
  'https://idp.example/\njwks',
  `https://${'a'.repeat(250)}.example/jwks`,
  `https://${'a'.repeat(64)}.example/jwks`,
];

const VALID = { name: 'fresh', url: 'https://fresh.example/jwks' };

/** Field-level problems shared by create and patch: [description, body, field named in the 400]. */
const FIELD_PROBLEMS: readonly [string, Record<string, unknown>, string][] = [
  ['intervalSeconds as a string', { intervalSeconds: '300' }, 'body.intervalSeconds'],
  ['intervalSeconds below the minimum', { intervalSeconds: 5 }, 'body.intervalSeconds'],
  ['a fractional interval', { intervalSeconds: 60.5 }, 'body.intervalSeconds'],
  ['enabled as a string', { enabled: 'true' }, 'body.enabled'],
  ['tags as a string', { tags: 'prod' }, 'body.tags'],
  ['a tag with spaces', { tags: ['two words'] }, 'body.tags.0'],
  ['an unknown profile', { profile: 'lax' }, 'body.profile'],
  ['an unknown field', { colour: 'blue' }, 'body.colour'],
  [
    'a silenced rule without a reason',
    { silencedRules: [{ ruleId: 'jwks.kid.required' }] },
    'body.silencedRules.0.reason',
  ],
  [
    'a silenced rule that is not in the catalogue',
    { silencedRules: [{ ruleId: 'no.such.rule', reason: 'x' }] },
    'body.silencedRules.0.ruleId',
  ],
  ['minKeys above maxKeys', { minKeys: 5, maxKeys: 2 }, 'body.minKeys'],
  ['a name with a control character', { name: 'bad\u0000name' }, 'body.name'],
];

describe('POST /providers refuses', () => {
  it.each(FIELD_PROBLEMS)('%s', async (_what, problem, field) => {
    await expectRefused(() => api.post('/providers', { ...VALID, ...problem }), 400, 'VALIDATION_FAILED', field);
  });

  it('a body without a name', async () => {
    await expectRefused(() => api.post('/providers', { url: VALID.url }), 400, 'VALIDATION_FAILED', 'body.name');
  });

  it('a body without a url', async () => {
    await expectRefused(() => api.post('/providers', { name: 'nameless-url' }), 400, 'VALIDATION_FAILED', 'body.url');
  });

  it('a body that is not an object', async () => {
    await expectRefused(() => api.send('POST', '/providers', '[1,2]'), 400, 'VALIDATION_FAILED');
  });

  it.each(HOSTILE_URLS)('the hostile URL %s', async (url) => {
    await expectRefused(() => api.post('/providers', { name: 'hostile', url }), 400, 'VALIDATION_FAILED', 'body.url');
  });

  it.each(REWRITTEN_OR_UNRESOLVABLE_URLS)(
    'the URL %j, which would be fetched as another or not at all',
    async (url) => {
      await expectRefused(() => api.post('/providers', { name: 'odd', url }), 400, 'VALIDATION_FAILED', 'body.url');
    },
  );

  it('a metadata address without sending the operator to ALLOW_PRIVATE_NETWORKS, which never allows it', async () => {
    const metadata = await api.post<ErrorView>('/providers', { name: 'imds', url: 'http://169.254.169.254/latest' });
    expect(metadata.body.message).toContain('a cloud metadata service address');
    expect(metadata.body.message).not.toContain('ALLOW_PRIVATE_NETWORKS');
    const loopback = await api.post<ErrorView>('/providers', { name: 'lo', url: 'https://127.0.0.1/jwks' });
    expect(loopback.body.message).toContain('a loopback address, which is refused (ALLOW_PRIVATE_NETWORKS=1');
  });

  it('malformed JSON', async () => {
    await expectRefused(
      () => api.send('POST', '/providers', '{"name": "x", "url": '),
      400,
      'FST_ERR_CTP_INVALID_JSON_BODY',
    );
  });

  it('a prototype-poisoning key', async () => {
    await expectRefused(
      () => api.send('POST', '/providers', '{"name":"p","url":"https://p.example/jwks","__proto__":{"admin":true}}'),
      400,
      'FST_ERR_CTP_INVALID_JSON_BODY',
    );
  });

  it('a 5 MB body with 413 BODY_TOO_LARGE', async () => {
    const huge = JSON.stringify({ ...VALID, padding: 'A'.repeat(FIVE_MIB) });
    await expectRefused(() => api.send('POST', '/providers', huge), 413, 'BODY_TOO_LARGE');
  });

  it('a body that is not JSON', async () => {
    await expectRefused(
      () => api.send('POST', '/providers', 'name=x', 'application/x-www-form-urlencoded'),
      415,
      'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    );
  });
});

describe('PATCH /providers/:id refuses', () => {
  it.each(FIELD_PROBLEMS)('%s', async (_what, problem, field) => {
    await expectRefused(() => api.patch(`/providers/${existing.id}`, problem), 400, 'VALIDATION_FAILED', field);
  });

  it('an empty patch', async () => {
    await expectRefused(() => api.patch(`/providers/${existing.id}`, {}), 400, 'VALIDATION_FAILED');
  });

  it('an empty name', async () => {
    await expectRefused(
      () => api.patch(`/providers/${existing.id}`, { name: '' }),
      400,
      'VALIDATION_FAILED',
      'body.name',
    );
  });

  it.each(HOSTILE_URLS)('the hostile URL %s', async (url) => {
    await expectRefused(() => api.patch(`/providers/${existing.id}`, { url }), 400, 'VALIDATION_FAILED', 'body.url');
  });

  it.each(REWRITTEN_OR_UNRESOLVABLE_URLS)(
    'the URL %j, which would be fetched as another or not at all',
    async (url) => {
      await expectRefused(() => api.patch(`/providers/${existing.id}`, { url }), 400, 'VALIDATION_FAILED', 'body.url');
    },
  );

  it('malformed JSON', async () => {
    await expectRefused(
      () => api.send('PATCH', `/providers/${existing.id}`, '{"intervalSeconds": 60,}'),
      400,
      'FST_ERR_CTP_INVALID_JSON_BODY',
    );
  });

  it('a 5 MB body with 413 BODY_TOO_LARGE', async () => {
    const huge = JSON.stringify({ tags: ['a'], padding: 'A'.repeat(FIVE_MIB) });
    await expectRefused(() => api.send('PATCH', `/providers/${existing.id}`, huge), 413, 'BODY_TOO_LARGE');
  });
});

describe('POST /providers/:id/check refuses', () => {
  it('a 5 MB body with 413 BODY_TOO_LARGE, without polling', async () => {
    await expectRefused(
      () => api.send('POST', `/providers/${existing.id}/check`, JSON.stringify({ padding: 'A'.repeat(FIVE_MIB) })),
      413,
      'BODY_TOO_LARGE',
    );
  });
});

describe('POST /check refuses', () => {
  it.each<[string, unknown, string | undefined]>([
    ['neither url nor document', { profile: 'core' }, undefined],
    ['both url and document', { url: 'https://idp.example/jwks', document: { keys: [] } }, undefined],
    ['an unknown field', { document: { keys: [] }, colour: 'blue' }, 'body.colour'],
    ['a document that is a number', { document: 42 }, 'body.document'],
    ['a document that is an array', { document: [] }, 'body.document'],
    ['minKeys as a string', { document: { keys: [] }, minKeys: '1' }, 'body.minKeys'],
    ['minKeys above maxKeys', { document: { keys: [] }, minKeys: 3, maxKeys: 1 }, 'body.minKeys'],
    ['an unknown profile', { document: { keys: [] }, profile: 'lax' }, 'body.profile'],
    ['a url that is not a string', { url: 42 }, 'body.url'],
  ])('%s', async (_what, body, field) => {
    await expectRefused(() => api.post('/check', body), 400, 'VALIDATION_FAILED', field);
  });

  it.each([
    ['file:///etc/passwd', 'VALIDATION_FAILED'],
    ['javascript:alert(1)', 'VALIDATION_FAILED'],
    ['http://user:pw@idp.example', 'VALIDATION_FAILED'],
    ['not a url at all', 'VALIDATION_FAILED'],
    ['http://169.254.169.254/latest', 'FETCH_FORBIDDEN_ADDRESS'],
    ['http://[::ffff:127.0.0.1]/', 'FETCH_FORBIDDEN_ADDRESS'],
    ['https://10.0.0.1/jwks', 'FETCH_FORBIDDEN_ADDRESS'],
  ])('the hostile URL %s with %s', async (url, code) => {
    await expectRefused(() => api.post('/check', { url }), 400, code);
  });

  // Only forms never fetched before the fix: one that was (a trailing space) would have gone to the network.
  it.each([
    'https:idp.example/jwks',
    'https:\\\\idp.example\\jwks',
    ' https://idp.example/jwks',
    `https://${'a'.repeat(250)}.example/jwks`,
    `https://${'a'.repeat(64)}.example/jwks`,
  ])('the URL %j, which would be fetched as another or not at all', async (url) => {
    await expectRefused(() => api.post('/check', { url }), 400, 'VALIDATION_FAILED', 'body.url');
  });

  it('malformed JSON', async () => {
    await expectRefused(
      () => api.send('POST', '/check', '{"document": {"keys": [}'),
      400,
      'FST_ERR_CTP_INVALID_JSON_BODY',
    );
  });

  it('a 5 MB body with 413 BODY_TOO_LARGE', async () => {
    const huge = JSON.stringify({ document: { keys: [], padding: 'A'.repeat(FIVE_MIB) } });
    await expectRefused(() => api.send('POST', '/check', huge), 413, 'BODY_TOO_LARGE');
  });
});
