import { createHash } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCEPT_HEADER,
  DEFAULT_USER_AGENT,
  createFetcher,
  type Fetcher,
  type FetcherOptions,
} from '../../src/fetch/index.js';
import { startServer, type StartServerOptions, type TestServer } from '../helpers/https-server.js';
import { ROOMY_BUDGETS, expectFetchError, tableLookup } from './support.js';

const JWKS = {
  keys: [
    {
      kty: 'EC',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    },
  ],
};
const JWKS_BYTES = Buffer.from(JSON.stringify(JWKS));

const open: { servers: TestServer[]; fetchers: Fetcher[] } = { servers: [], fetchers: [] };

afterEach(async () => {
  await Promise.all(open.fetchers.map((fetcher) => fetcher.close()));
  await Promise.all(open.servers.map((server) => server.close()));
  open.fetchers = [];
  open.servers = [];
});

async function serve(options: StartServerOptions): Promise<TestServer> {
  const server = await startServer(options);
  open.servers.push(server);
  return server;
}

function fetcherFor(server: TestServer, options: FetcherOptions = {}): Fetcher {
  const fetcher = createFetcher({
    allowPrivateNetworks: true,
    ...ROOMY_BUDGETS,
    ...(server.ca === undefined ? {} : { ca: [server.ca] }),
    ...options,
  });
  open.fetchers.push(fetcher);
  return fetcher;
}

describe('createFetcher: a successful fetch', () => {
  it('reports status, headers, timings, TLS facts and the SHA-256 of the body', async () => {
    const server = await serve({
      tls: true,
      routes: {
        '/jwks': {
          body: JWKS_BYTES,
          headers: {
            'content-type': 'application/jwk-set+json',
            'cache-control': 'public, max-age=300',
            etag: '"v1"',
            'last-modified': 'Mon, 01 Jun 2026 00:00:00 GMT',
            vary: 'Accept-Encoding',
            'access-control-allow-origin': '*',
          },
        },
      },
    });
    const result = await fetcherFor(server).get(server.url('/jwks'));

    expect(result.status).toBe(200);
    expect(result.requestedUrl).toBe(server.url('/jwks'));
    expect(result.url).toBe(server.url('/jwks'));
    expect(result.redirects).toEqual([]);
    expect(result.notModified).toBe(false);
    expect(Buffer.from(result.body).equals(JWKS_BYTES)).toBe(true);
    expect(result.sha256).toBe(createHash('sha256').update(JWKS_BYTES).digest('hex'));
    expect(result.headers).toMatchObject({
      contentType: 'application/jwk-set+json',
      cacheControl: 'public, max-age=300',
      etag: '"v1"',
      lastModified: 'Mon, 01 Jun 2026 00:00:00 GMT',
      vary: 'Accept-Encoding',
      accessControlAllowOrigin: '*',
    });
    expect(result.headers.date).toEqual(expect.any(String));
    expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(result.tls?.cipher).toEqual(expect.any(String));
    expect(result.tls?.leaf?.subject).toBe('CN=localhost');
    expect(result.tls?.leaf?.issuer).toContain('CN=jwks-monitor test CA');
    expect(Date.parse(result.tls?.leaf?.notAfter ?? '')).toBeGreaterThan(Date.now());
    expect(Date.parse(result.tls?.leaf?.notBefore ?? '')).toBeLessThan(Date.now());
    // An IP literal needs no DNS; the new connection has TCP and TLS phases.
    expect(result.timings.dnsMs).toBeUndefined();
    expect(result.timings.connectMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.tlsMs).toBeGreaterThan(0);
    expect(result.timings.firstByteMs).toBeGreaterThan(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.firstByteMs);
  });

  it('sends a GET with the JWKS Accept header and an honest User-Agent', async () => {
    const server = await serve({ tls: true, routes: { '/jwks': { json: JWKS } } });
    await fetcherFor(server).get(server.url('/jwks'));

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.headers['accept']).toBe(ACCEPT_HEADER);
    expect(request?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(request?.headers['if-none-match']).toBeUndefined();
  });

  it('sends the validators and reports a 304 as notModified with an empty body', async () => {
    const server = await serve({
      tls: true,
      routes: {
        '/jwks': (request) =>
          request.headers['if-none-match'] === '"v1"' && request.headers['if-modified-since'] !== undefined
            ? { status: 304, headers: { etag: '"v1"' } }
            : { json: JWKS, headers: { etag: '"v1"' } },
      },
    });
    const result = await fetcherFor(server).get(server.url('/jwks'), {
      validators: { etag: '"v1"', lastModified: 'Mon, 01 Jun 2026 00:00:00 GMT' },
    });

    expect(result.status).toBe(304);
    expect(result.notModified).toBe(true);
    expect(result.body.byteLength).toBe(0);
    expect(result.headers.etag).toBe('"v1"');
  });

  it('reuses a kept-alive connection and still reports its TLS facts, without connection timings', async () => {
    const server = await serve({ tls: true, routes: { '/jwks': { json: JWKS } } });
    const fetcher = fetcherFor(server);
    const first = await fetcher.get(server.url('/jwks'));
    const second = await fetcher.get(server.url('/jwks'));

    expect(server.stats().connections).toBe(1);
    expect(second.tls).toEqual(first.tls);
    expect(second.timings.connectMs).toBeUndefined();
    expect(second.timings.tlsMs).toBeUndefined();
  });

  it('opens a connection per fetch when keepAlive is off, resuming the TLS session', async () => {
    const server = await serve({ tls: true, routes: { '/jwks': { json: JWKS } } });
    const fetcher = fetcherFor(server, { keepAlive: false });
    for (let i = 0; i < 3; i += 1) await fetcher.get(server.url('/jwks'));

    expect(server.stats().connections).toBe(3);
    expect(server.stats().resumedTlsSessions).toBeGreaterThanOrEqual(1);
  });

  it('reports the TLS facts and timings of a connection that closes right after its response', async () => {
    const server = await serve({ tls: true, routes: { '/jwks': { json: JWKS } } });
    const fetcher = fetcherFor(server, { keepAlive: false });
    for (let i = 0; i < 3; i += 1) {
      const result = await fetcher.get(server.url('/jwks'));
      expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(result.timings.tlsMs).toBeGreaterThan(0);
      // A resumed session shows no peer certificate; the leaf seen at the full handshake still stands.
      expect(result.tls?.leaf?.notAfter, `fetch ${i}`).toMatch(/^\d{4}-/);
    }
    expect(server.stats().resumedTlsSessions).toBeGreaterThan(0);
  });

  it('resolves host names through the injected lookup and reports the DNS time', async () => {
    const server = await serve({ tls: true, routes: { '/jwks': { json: JWKS } } });
    const { lookup, calls } = tableLookup({ localhost: '127.0.0.1' });
    const result = await fetcherFor(server, { lookup }).get(`https://localhost:${server.port}/jwks`);

    expect(result.status).toBe(200);
    expect(calls).toEqual(['localhost']);
    expect(result.timings.dnsMs).toBeGreaterThanOrEqual(0);
  });

  it('fetches an http URL (the transport rules report it) with no TLS facts', async () => {
    const server = await serve({ routes: { '/jwks': { json: JWKS } } });
    const result = await fetcherFor(server).get(server.url('/jwks'));

    expect(result.status).toBe(200);
    expect(result.tls).toBeUndefined();
    expect(result.timings.tlsMs).toBeUndefined();
  });

  it('returns an error status as a fact, with its body', async () => {
    const server = await serve({ tls: true, routes: { '/gone': { status: 404, body: 'no such key set' } } });
    const result = await fetcherFor(server).get(server.url('/gone'));

    expect(result.status).toBe(404);
    expect(Buffer.from(result.body).toString()).toBe('no such key set');
  });

  it('does not send the fragment of the URL', async () => {
    const server = await serve({ tls: true, routes: { '/jwks?x=1': { json: JWKS } } });
    const result = await fetcherFor(server).get(server.url('/jwks?x=1#frag'));

    expect(result.status).toBe(200);
    expect(server.requests[0]?.path).toBe('/jwks?x=1');
  });
});

describe('createFetcher: URLs it refuses to fetch', () => {
  it('rejects a string that is not an absolute URL with FETCH_INVALID_URL', async () => {
    await expectFetchError(createFetcher().get('/relative/jwks'), 'FETCH_INVALID_URL');
  });

  it.each(['ftp://127.0.0.1/jwks', 'file:///etc/passwd', 'data:application/json,{}'])(
    'rejects %s with FETCH_UNSUPPORTED_SCHEME',
    async (url) => {
      await expectFetchError(createFetcher().get(url), 'FETCH_UNSUPPORTED_SCHEME');
    },
  );

  it.each([
    ['a host name over 253 characters', `https://${'a'.repeat(100_000)}.com/jwks`],
    ['a host name label over 63 characters', `https://a.${'b'.repeat(64)}.com/jwks`],
  ])('rejects %s with FETCH_INVALID_URL, without asking the resolver', async (_what, url) => {
    const { lookup, calls } = tableLookup({});
    const error = await expectFetchError(createFetcher({ lookup }).get(url), 'FETCH_INVALID_URL');
    expect(calls).toEqual([]);
    expect(error.message.length).toBeLessThan(400);
  });

  it('rejects a URL with credentials, without echoing the password', async () => {
    const error = await expectFetchError(
      createFetcher().get('https://user:hunter2@127.0.0.1/jwks'),
      'FETCH_INVALID_URL',
    );
    expect(error.message).not.toContain('hunter2');
  });
});

describe('createFetcher: operational failures', () => {
  it('reports a refused connection as FETCH_CONNECT', async () => {
    const server = await serve({ tls: true });
    const url = server.url('/jwks');
    await server.close();
    const error = await expectFetchError(fetcherFor(server).get(url), 'FETCH_CONNECT');
    expect(error.details?.['reason']).toBe('ECONNREFUSED');
    expect(error.message).toContain(url);
  });

  it('reports a name that does not resolve as FETCH_DNS', async () => {
    const { lookup } = tableLookup({});
    await expectFetchError(
      createFetcher({ lookup, ...ROOMY_BUDGETS }).get('https://no-such-host.invalid/jwks'),
      'FETCH_DNS',
    );
  });

  it('reports a name the resolver refuses to look up (getaddrinfo EINVAL) as FETCH_DNS', async () => {
    const lookup: LookupFunction = (hostname, _options, callback) => {
      const error = Object.assign(new Error(`getaddrinfo EINVAL ${hostname}`), {
        code: 'EINVAL',
        syscall: 'getaddrinfo',
        hostname,
      });
      queueMicrotask(() => callback(error, ''));
    };
    await expectFetchError(createFetcher({ lookup, ...ROOMY_BUDGETS }).get('https://idp.invalid/jwks'), 'FETCH_DNS');
  });

  it('quotes a long URL in its error message cut short, as it does an invalid one', async () => {
    const { lookup } = tableLookup({});
    const error = await expectFetchError(
      createFetcher({ lookup, ...ROOMY_BUDGETS }).get(`https://no-such-host.invalid/${'x'.repeat(200_000)}`),
      'FETCH_DNS',
    );
    expect(error.message.length).toBeLessThan(400);
    expect(String(error.details?.['url']).length).toBeLessThan(400);
  });

  it('reports an https URL answered by a plain HTTP server as FETCH_TLS', async () => {
    const server = await serve({ routes: { '/jwks': { json: JWKS } } });
    await expectFetchError(fetcherFor(server).get(`https://127.0.0.1:${server.port}/jwks`), 'FETCH_TLS');
  });

  it('reports a caller abort as FETCH_ABORTED', async () => {
    const server = await serve({ tls: true, routes: { '/slow': { delayHeadersMs: 1_000, json: JWKS } } });
    const controller = new AbortController();
    const pending = fetcherFor(server).get(server.url('/slow'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expectFetchError(pending, 'FETCH_ABORTED');
  });

  it('refuses to start a fetch with a signal that is already aborted', async () => {
    const server = await serve({ tls: true, routes: { '/jwks': { json: JWKS } } });
    await expectFetchError(
      fetcherFor(server).get(server.url('/jwks'), { signal: AbortSignal.abort() }),
      'FETCH_ABORTED',
    );
    expect(server.stats().connections).toBe(0);
  });
});

describe('createFetcher: close()', () => {
  it('is idempotent and refuses later fetches with FETCH_ABORTED', async () => {
    const server = await serve({ tls: true, routes: { '/jwks': { json: JWKS } } });
    const fetcher = fetcherFor(server);
    await fetcher.get(server.url('/jwks'));

    await Promise.all([fetcher.close(), fetcher.close()]);
    await fetcher.close();
    await expectFetchError(fetcher.get(server.url('/jwks')), 'FETCH_ABORTED');
  });

  it('rejects options that make no sense with a TypeError', () => {
    expect(() => createFetcher({ maxBodyBytes: 0 })).toThrow(TypeError);
    expect(() => createFetcher({ totalTimeoutMs: Number.NaN })).toThrow(TypeError);
    expect(() => createFetcher({ maxRedirects: -1 })).toThrow(TypeError);
  });

  it('rejects a timeout longer than a Node timer can wait, which would fire after 1 ms', () => {
    expect(() => createFetcher({ totalTimeoutMs: 2 ** 31 })).toThrow(TypeError);
    expect(() => createFetcher({ connectTimeoutMs: 2 ** 31 })).toThrow(TypeError);
    expect(() => createFetcher({ totalTimeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });
});
