/**
 * The request contract outside the bodies: query values, path ids, content types and the errors fastify raises
 * itself. Every refusal is `{code, message, details?}` with a status and code that say what was wrong.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  apiOf,
  databaseState,
  startHarness,
  type Api,
  type ErrorView,
  type Harness,
  type ProviderView,
} from './app-harness.js';

let h: Harness;
let api: Api;
let provider: ProviderView;

beforeAll(async () => {
  h = await startHarness({ allowPrivateNetworks: false });
  api = apiOf(h.app);
  provider = (await api.post<ProviderView>('/providers', { name: 'existing', url: 'https://idp.example/jwks' })).body;
});
afterAll(() => h.close());

const fieldsOf = (body: ErrorView) => body.details?.fields?.map((f) => f.field);

describe('since= that the date-time format admits but Date.parse cannot read (review of the API, defect 6)', () => {
  for (const since of ['2026-01-01T23:59:60Z', '2026-01-01T00:00:00%2B05']) {
    it(`refuses ${since} with 400 naming querystring.since, on both event routes`, async () => {
      for (const path of [`/events?since=${since}`, `/providers/${provider.id}/events?since=${since}`]) {
        const { status, body } = await api.get(path);
        expect([status, body.code], path).toEqual([400, 'VALIDATION_FAILED']);
        expect(fieldsOf(body), path).toEqual(['querystring.since']);
      }
    });
  }

  it('still reads an RFC 3339 time with a full offset', async () => {
    expect((await api.get('/events?since=2026-01-01T00:00:00%2B05:00')).status).toBe(200);
  });
});

describe('a text/plain body (review of the API, defect 9)', () => {
  const json = JSON.stringify({ name: 'plain', url: 'https://idp.example/other' });

  it('gets 415 like any other type that is not JSON, and stores nothing', async () => {
    const before = databaseState(h.store);
    for (const [method, path] of [
      ['POST', '/providers'],
      ['PATCH', `/providers/${provider.id}`],
      ['POST', '/check'],
    ] as const) {
      const { status, body } = await api.send(method, path, json, 'text/plain');
      expect([status, body.code], path).toEqual([415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE']);
    }
    expect(databaseState(h.store)).toBe(before);
  });
});

describe('errors fastify raises itself (review of the API, defect 10)', () => {
  it('answers a path that does not percent-decode in the API shape', async () => {
    for (const path of ['/providers/%', '/providers/%ff']) {
      const response = await h.app.inject({ method: 'GET', url: `${API}${path}` });
      expect(response.statusCode, path).toBe(400);
      const body = response.json<Record<string, unknown>>();
      expect(Object.keys(body).sort(), path).toEqual(['code', 'message']);
      expect(body['code']).toBe('FST_ERR_BAD_URL');
    }
  });

  it('names a 403 without a code of its own FORBIDDEN, not BAD_REQUEST', async () => {
    // Over a socket: inject resolves the dots before routing, as curl does without --path-as-is.
    const origin = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const { status, body } = await rawGet(`${origin}/docs/static/../../package.json`);
    expect(status).toBe(403);
    expect(JSON.parse(body)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('integers in paths and query strings (review of the API, defect 11)', () => {
  for (const id of ['0x1', '1e0', '+1', '%201', '01', '1%20']) {
    it(`refuses the id ${id}, which Number() reads as 1`, async () => {
      const { status, body } = await api.get(`/providers/${id}`);
      expect([status, body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(fieldsOf(body)).toEqual(['params.id']);
    });
  }

  it('refuses a limit written other than in decimal digits, and still reads one that is', async () => {
    for (const limit of ['0x10', '1e1', '+5', '010']) {
      const { status, body } = await api.get(`/events?limit=${limit}`);
      expect([status, fieldsOf(body)], limit).toEqual([400, ['querystring.limit']]);
    }
    expect((await api.get(`/events?limit=10&after=0`)).status).toBe(200);
    expect((await api.get<ProviderView>(`/providers/${provider.id}`)).body.id).toBe(provider.id);
  });
});

/** A GET with the path sent exactly as written (no dot segments resolved). */
function rawGet(url: string): Promise<{ status: number; body: string }> {
  const { origin } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(origin, { method: 'GET', path: url.slice(origin.length) }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('text that is not well-formed Unicode (review of the API, defect 5)', () => {
  it('refuses a lone surrogate escape in any field, on every JSON route, with 400 and nothing stored', async () => {
    const before = databaseState(h.store);
    for (const [path, body] of [
      ['/providers', '{"name":"x\\ud800","url":"https://idp.example/other"}'],
      ['/providers', '{"name":"ok","url":"https://idp.example/other","tags":["\\udc00"]}'],
      ['/webhooks', '{"url":"https://hooks.example/in","description":"\\ud800"}'],
      ['/check', '{"document":{"keys":[],"\\ud800":1}}'],
    ] as const) {
      const { status, body: answer } = await api.send('POST', path, body);
      expect([status, answer.code], `${path} ${body}`).toEqual([400, 'VALIDATION_FAILED']);
      expect(answer.message).toContain('lone surrogate');
    }
    expect(databaseState(h.store)).toBe(before);
    expect((await api.get<{ webhooks: unknown[] }>('/webhooks')).body.webhooks).toEqual([]);
  });

  it('refuses a body that is not valid UTF-8 instead of storing U+FFFD', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"name":"bad'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","url":"https://idp.example/x"}'),
    ]);
    const response = await h.app.inject({
      method: 'POST',
      url: `${API}/providers`,
      headers: { 'content-type': 'application/json' },
      payload: bytes,
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'body: the body is not valid UTF-8',
    });
  });

  it('still reads a well-formed astral character (a surrogate pair)', async () => {
    const { status, body } = await api.send<ProviderView>(
      'POST',
      '/providers',
      '{"name":"idp \\ud83d\\udd11","url":"https://idp.example/pair"}',
    );
    expect(status).toBe(201);
    expect(body.name).toBe('idp \u{1F511}');
  });
});
