import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher, type FetcherOptions } from '../../src/fetch/index.js';
import { startServer, type StartServerOptions, type TestServer } from '../helpers/https-server.js';
import { ROOMY_BUDGETS, expectFetchError, tableLookup } from './support.js';

const KIB = 1024;

const open: { servers: { close(): Promise<void> }[]; fetchers: Fetcher[] } = { servers: [], fetchers: [] };

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

function fetcherFor(server: Pick<TestServer, 'ca'>, options: FetcherOptions = {}): Fetcher {
  const fetcher = createFetcher({
    allowPrivateNetworks: true,
    ...ROOMY_BUDGETS,
    ...(server.ca === undefined ? {} : { ca: [server.ca] }),
    ...options,
  });
  open.fetchers.push(fetcher);
  return fetcher;
}

describe('createFetcher: timeouts', () => {
  it('gives up on a server that sends no headers within connectTimeoutMs', async () => {
    const server = await serve({ tls: true, routes: { '/jwks': { delayHeadersMs: 2_000, json: { keys: [] } } } });
    const startedAt = Date.now();
    const error = await expectFetchError(
      fetcherFor(server, { connectTimeoutMs: 200, totalTimeoutMs: 5_000 }).get(server.url('/jwks')),
      'FETCH_TIMEOUT',
    );
    expect(error.details).toMatchObject({ phase: 'headers', timeoutMs: 200 });
    expect(Date.now() - startedAt).toBeLessThan(1_500);
  });

  it('gives up on a body trickling past totalTimeoutMs even though every chunk arrives in time', async () => {
    const server = await serve({
      tls: true,
      routes: { '/jwks': { body: 'x'.repeat(40), trickle: { chunkBytes: 1, intervalMs: 20 } } },
    });
    const startedAt = Date.now();
    const error = await expectFetchError(
      fetcherFor(server, { connectTimeoutMs: 1_000, totalTimeoutMs: 300 }).get(server.url('/jwks')),
      'FETCH_TIMEOUT',
    );
    expect(error.details).toMatchObject({ phase: 'total', timeoutMs: 300 });
    expect(Date.now() - startedAt).toBeLessThan(1_500);
  });

  it('counts redirect hops against totalTimeoutMs', async () => {
    const server = await serve({
      tls: true,
      routes: {
        '/a': { delayHeadersMs: 100, redirect: '/b' },
        '/b': { delayHeadersMs: 100, redirect: '/c' },
        '/c': { delayHeadersMs: 100, redirect: '/d' },
        '/d': { delayHeadersMs: 100, json: { keys: [] } },
      },
    });
    // Each hop answers well within connectTimeoutMs; together they take longer than totalTimeoutMs.
    const error = await expectFetchError(
      fetcherFor(server, { connectTimeoutMs: 400, totalTimeoutMs: 250 }).get(server.url('/a')),
      'FETCH_TIMEOUT',
    );
    expect(error.details?.['phase']).toBe('total');
  });

  it('completes a slow but timely body', async () => {
    const server = await serve({
      tls: true,
      routes: { '/jwks': { body: 'abcd', trickle: { chunkBytes: 1, intervalMs: 10 } } },
    });
    const result = await fetcherFor(server).get(server.url('/jwks'));
    expect(Buffer.from(result.body).toString()).toBe('abcd');
  });
});

describe('createFetcher: a server that is not an HTTP(S) server', () => {
  /** A bare TCP listener on loopback that hands each connection to `onSocket`. */
  async function rawServer(onSocket: (socket: Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      onSocket(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const handle = {
      port: address.port,
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    };
    open.servers.push(handle);
    return handle;
  }

  it('names the connect phase when the TLS handshake never completes', async () => {
    const server = await rawServer(() => undefined);
    const error = await expectFetchError(
      fetcherFor({ ca: undefined }, { connectTimeoutMs: 200 }).get(`https://127.0.0.1:${server.port}/jwks`),
      'FETCH_TIMEOUT',
    );
    expect(error.details).toMatchObject({ phase: 'connect', timeoutMs: 200 });
  });

  it('reports a reply that is not HTTP as FETCH_PROTOCOL', async () => {
    const server = await rawServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    const error = await expectFetchError(
      fetcherFor({ ca: undefined }).get(`http://127.0.0.1:${server.port}/jwks`),
      'FETCH_PROTOCOL',
    );
    expect(error.details?.['reason']).toMatch(/^HPE_/);
  });
});

describe('createFetcher: body cap', () => {
  it('refuses a body whose Content-Length announces more than maxBodyBytes, before reading it', async () => {
    const server = await serve({ tls: true, routes: { '/jwks': { body: 'x', contentLength: 2 * 1024 * KIB } } });
    const error = await expectFetchError(
      fetcherFor(server, { maxBodyBytes: KIB }).get(server.url('/jwks')),
      'FETCH_BODY_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ limitBytes: KIB, contentLength: 2 * 1024 * KIB });
  });

  it('aborts a chunked body without a length once it grows past maxBodyBytes', async () => {
    const server = await serve({
      tls: true,
      routes: { '/jwks': { body: Buffer.alloc(64 * KIB, 0x61), contentLength: 'none' } },
    });
    const error = await expectFetchError(
      fetcherFor(server, { maxBodyBytes: KIB }).get(server.url('/jwks')),
      'FETCH_BODY_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ limitBytes: KIB });
  });

  it('aborts a trickled chunked body at the cap instead of waiting for the rest', async () => {
    const server = await serve({
      tls: true,
      routes: {
        '/jwks': { body: Buffer.alloc(8 * KIB), contentLength: 'none', trickle: { chunkBytes: 512, intervalMs: 5 } },
      },
    });
    await expectFetchError(fetcherFor(server, { maxBodyBytes: KIB }).get(server.url('/jwks')), 'FETCH_BODY_TOO_LARGE');
  });

  it.each([
    ['chunked', 'none'],
    ['with a Content-Length', undefined],
  ] as const)(
    'refuses a 3xx without a Location whose body, %s, is over maxBodyBytes, as it would a 200',
    async (_how, contentLength) => {
      // Only a redirect that will be followed has its body cut short; without a Location the 3xx is the response.
      const server = await serve({
        tls: true,
        routes: { '/jwks': { status: 301, body: Buffer.alloc(64 * KIB, 0x61), contentLength } },
      });
      await expectFetchError(
        fetcherFor(server, { maxBodyBytes: KIB }).get(server.url('/jwks')),
        'FETCH_BODY_TOO_LARGE',
      );
    },
  );

  it('accepts a body of exactly maxBodyBytes', async () => {
    const server = await serve({
      tls: true,
      routes: { '/jwks': { body: Buffer.alloc(KIB, 0x61), contentLength: 'none' } },
    });
    const result = await fetcherFor(server, { maxBodyBytes: KIB }).get(server.url('/jwks'));
    expect(result.body.byteLength).toBe(KIB);
  });
});

describe('createFetcher: redirects', () => {
  it('follows a chain of relative and absolute redirects and records every hop', async () => {
    const server = await serve({
      tls: true,
      routes: {
        '/start': { status: 301, redirect: 'next' },
        '/next': { status: 307, redirect: '/moved?v=2' },
        '/moved?v=2': (request) => ({
          status: 308,
          redirect: `https://127.0.0.1:${request.headers['host']?.split(':')[1]}/jwks`,
        }),
        '/jwks': { json: { keys: [] } },
      },
    });
    const result = await fetcherFor(server).get(server.url('/start'));

    expect(result.status).toBe(200);
    expect(result.requestedUrl).toBe(server.url('/start'));
    expect(result.url).toBe(server.url('/jwks'));
    expect(result.redirects).toEqual([
      { url: server.url('/start'), status: 301, location: server.url('/next') },
      { url: server.url('/next'), status: 307, location: server.url('/moved?v=2') },
      { url: server.url('/moved?v=2'), status: 308, location: server.url('/jwks') },
    ]);
    // All hops share one kept-alive connection.
    expect(server.stats().connections).toBe(1);
  });

  it('refuses a chain longer than maxRedirects with FETCH_REDIRECT', async () => {
    const server = await serve({
      tls: true,
      routes: {
        '/1': { redirect: '/2' },
        '/2': { redirect: '/3' },
        '/3': { redirect: '/jwks' },
        '/jwks': { json: {} },
      },
    });
    const error = await expectFetchError(
      fetcherFor(server, { maxRedirects: 2 }).get(server.url('/1')),
      'FETCH_REDIRECT',
    );
    expect(error.details).toMatchObject({ maxRedirects: 2 });
    expect(server.requests.map((request) => request.path)).toEqual(['/1', '/2', '/3']);
  });

  it('refuses any redirect when maxRedirects is 0', async () => {
    const server = await serve({ tls: true, routes: { '/1': { redirect: '/jwks' }, '/jwks': { json: {} } } });
    await expectFetchError(fetcherFor(server, { maxRedirects: 0 }).get(server.url('/1')), 'FETCH_REDIRECT');
  });

  it('refuses a redirect loop once maxRedirects is spent', async () => {
    const server = await serve({ tls: true, routes: { '/a': { redirect: '/b' }, '/b': { redirect: '/a' } } });
    await expectFetchError(fetcherFor(server).get(server.url('/a')), 'FETCH_REDIRECT');
    expect(server.requests).toHaveLength(4);
  });

  it('never follows a redirect from https to http', async () => {
    const plain = await serve({ routes: { '/jwks': { json: { keys: [] } } } });
    const secure = await serve({ tls: true, routes: { '/jwks': { redirect: plain.url('/jwks') } } });
    await expectFetchError(fetcherFor(secure).get(secure.url('/jwks')), 'FETCH_REDIRECT');
    expect(plain.requests).toHaveLength(0);
  });

  it('follows a redirect from http up to https', async () => {
    const secure = await serve({ tls: true, routes: { '/jwks': { json: { keys: [] } } } });
    const plain = await serve({ routes: { '/jwks': { redirect: secure.url('/jwks') } } });
    const result = await fetcherFor(plain, { ca: [secure.ca ?? ''] }).get(plain.url('/jwks'));
    expect(result.url).toBe(secure.url('/jwks'));
    expect(result.tls?.protocol).toEqual(expect.any(String));
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/jwks', 'https://user:pw@127.0.0.1/jwks', 'https://[bad'])(
    'refuses a redirect to %s',
    async (location) => {
      const server = await serve({ tls: true, routes: { '/jwks': { redirect: location } } });
      await expectFetchError(fetcherFor(server).get(server.url('/jwks')), 'FETCH_REDIRECT');
    },
  );

  it.each([
    ['a host name over 253 characters', `https://${'a'.repeat(300)}.example/jwks`],
    ['a host name label over 63 characters', `https://${'a'.repeat(64)}.example/jwks`],
  ])('refuses a redirect to %s, quoting the Location cut short', async (_what, location) => {
    const server = await serve({ tls: true, routes: { '/jwks': { redirect: `${location}?${'q'.repeat(15_000)}` } } });
    // The resolver is a stub that knows no name, so nothing is looked up even if the check were missing.
    const { lookup } = tableLookup({});
    const error = await expectFetchError(fetcherFor(server, { lookup }).get(server.url('/jwks')), 'FETCH_REDIRECT');
    expect(error.message.length).toBeLessThan(600);
  });

  it('returns a 3xx without a Location as the response', async () => {
    const server = await serve({ tls: true, routes: { '/jwks': { status: 302 } } });
    const result = await fetcherFor(server).get(server.url('/jwks'));
    expect(result.status).toBe(302);
    expect(result.redirects).toEqual([]);
  });
});
