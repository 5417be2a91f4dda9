// The address policy and TLS verification, exercised through real loopback sockets. Every address a test hands
// to the fetcher (URL or lookup answer) is a loopback address: a test never opens a connection elsewhere.
import { afterEach, describe, expect, it } from 'vitest';
import {
  classifyAddress,
  createFetcher,
  type AddressClass,
  type Fetcher,
  type FetcherOptions,
} from '../../src/fetch/index.js';
import { startServer, type StartServerOptions, type TestServer } from '../helpers/https-server.js';
import { createCertificateAuthority, getTestCa, issueCertificate } from '../helpers/pki.js';
import { ROOMY_BUDGETS, expectFetchError, scriptedLookup, tableLookup } from './support.js';

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

function fetcher(options: FetcherOptions): Fetcher {
  const created = createFetcher({ ...ROOMY_BUDGETS, ...options });
  open.fetchers.push(created);
  return created;
}

/** Lets 127.0.0.1 stand in for a public IdP, so a test can start inside the policy and be redirected out of it. */
function treat127AsPublic(ip: string): AddressClass {
  return ip === '127.0.0.1' ? 'public' : classifyAddress(ip);
}

const JWKS_ROUTE = { '/jwks': { json: { keys: [] } } } as const;

describe('createFetcher: the address policy (SSRF)', () => {
  it('refuses 127.0.0.1 before opening a socket', async () => {
    const server = await serve({ tls: true, routes: JWKS_ROUTE });
    const error = await expectFetchError(
      fetcher({ ca: [server.ca ?? ''] }).get(server.url('/jwks')),
      'FETCH_FORBIDDEN_ADDRESS',
    );
    expect(error.details).toMatchObject({ address: '127.0.0.1', addressClass: 'loopback' });
    expect(error.message).toContain(server.url('/jwks'));
    expect(server.stats().connections).toBe(0);
  });

  it('refuses [::1]', async () => {
    const error = await expectFetchError(fetcher({}).get('https://[::1]:9/jwks'), 'FETCH_FORBIDDEN_ADDRESS');
    expect(error.details).toMatchObject({ addressClass: 'loopback' });
  });

  it.each(['https://[::ffff:127.0.0.1]:9/jwks', 'https://[::ffff:7f00:1]:9/jwks', 'https://[::127.0.0.1]:9/jwks'])(
    'refuses the IPv4-mapped or -compatible loopback %s',
    async (url) => {
      const error = await expectFetchError(fetcher({}).get(url), 'FETCH_FORBIDDEN_ADDRESS');
      expect(error.details).toMatchObject({ addressClass: 'loopback' });
    },
  );

  it.each(['https://2130706433:9/jwks', 'https://0x7f.1:9/jwks', 'https://127.1:9/jwks'])(
    'refuses the loopback spelled as %s (the URL parser normalises it)',
    async (url) => {
      await expectFetchError(fetcher({}).get(url), 'FETCH_FORBIDDEN_ADDRESS');
    },
  );

  it('refuses https://0.0.0.0, which reaches the local host, even with allowPrivateNetworks', async () => {
    const error = await expectFetchError(
      fetcher({ allowPrivateNetworks: true }).get('https://0.0.0.0:9/jwks'),
      'FETCH_FORBIDDEN_ADDRESS',
    );
    expect(error.details).toMatchObject({ addressClass: 'unspecified' });
  });

  it('refuses a name that resolves to loopback, checking the address the socket would use', async () => {
    const server = await serve({ tls: true, routes: JWKS_ROUTE });
    const { lookup, calls } = tableLookup({ localhost: '127.0.0.1' });
    const error = await expectFetchError(
      fetcher({ lookup, ca: [server.ca ?? ''] }).get(`https://localhost:${server.port}/jwks`),
      'FETCH_FORBIDDEN_ADDRESS',
    );
    expect(error.details).toMatchObject({ hostname: 'localhost', address: '127.0.0.1', addressClass: 'loopback' });
    expect(calls).toEqual(['localhost']);
    expect(server.stats().connections).toBe(0);
  });

  it('refuses a name that resolves to an IPv4-mapped loopback address', async () => {
    const { lookup } = tableLookup({ localhost: '::ffff:127.0.0.1' });
    await expectFetchError(fetcher({ lookup }).get('https://localhost:9/jwks'), 'FETCH_FORBIDDEN_ADDRESS');
  });

  it('refuses a name when any of its addresses is forbidden, not only the first', async () => {
    const server = await serve({ tls: true, routes: JWKS_ROUTE });
    const { lookup } = tableLookup({ localhost: ['127.0.0.1', '::1'] });
    const error = await expectFetchError(
      fetcher({ lookup, classifyAddress: treat127AsPublic, ca: [server.ca ?? ''] }).get(
        `https://localhost:${server.port}/jwks`,
      ),
      'FETCH_FORBIDDEN_ADDRESS',
    );
    expect(error.details).toMatchObject({ address: '::1' });
    expect(server.stats().connections).toBe(0);
  });

  it('re-checks on every new connection, so a name rebound to loopback after a good answer is refused', async () => {
    const server = await serve({ tls: true, routes: JWKS_ROUTE });
    // The first answer passes the policy; the next connection is told ::1.
    const { lookup: rebinding } = scriptedLookup((_hostname, call) => (call === 0 ? '127.0.0.1' : '::1'));
    const client = fetcher({
      lookup: rebinding,
      classifyAddress: treat127AsPublic,
      keepAlive: false,
      ca: [server.ca ?? ''],
    });

    const ok = await client.get(`https://localhost:${server.port}/jwks`);
    expect(ok.status).toBe(200);
    await expectFetchError(client.get(`https://localhost:${server.port}/jwks`), 'FETCH_FORBIDDEN_ADDRESS');
    expect(server.stats().connections).toBe(1);
  });

  it('refuses a redirect from an allowed host into loopback', async () => {
    const server = await serve({ tls: true, routes: {} });
    server.setRoute('/jwks', { redirect: `https://[::1]:${server.port}/jwks` });
    const error = await expectFetchError(
      fetcher({ classifyAddress: treat127AsPublic, ca: [server.ca ?? ''] }).get(server.url('/jwks')),
      'FETCH_FORBIDDEN_ADDRESS',
    );
    expect(error.details).toMatchObject({ address: '::1', addressClass: 'loopback' });
    expect(error.message).toContain(`https://[::1]:${server.port}/jwks`);
  });

  it('refuses a redirect to a name that resolves into loopback', async () => {
    const server = await serve({ tls: true, routes: {} });
    server.setRoute('/jwks', { redirect: `https://internal.test:${server.port}/jwks` });
    const { lookup } = tableLookup({ 'internal.test': '127.0.0.2' });
    await expectFetchError(
      fetcher({ lookup, classifyAddress: treat127AsPublic, ca: [server.ca ?? ''] }).get(server.url('/jwks')),
      'FETCH_FORBIDDEN_ADDRESS',
    );
  });

  it('lets loopback through with allowPrivateNetworks', async () => {
    const server = await serve({ tls: true, routes: JWKS_ROUTE });
    const { lookup } = tableLookup({ localhost: '127.0.0.1' });
    const client = fetcher({ allowPrivateNetworks: true, lookup, ca: [server.ca ?? ''] });

    expect((await client.get(server.url('/jwks'))).status).toBe(200);
    expect((await client.get(`https://localhost:${server.port}/jwks`)).status).toBe(200);
  });
});

describe('createFetcher: TLS verification', () => {
  async function tlsServer(material: { cert: string; key: string }): Promise<TestServer> {
    return serve({ tls: material, routes: JWKS_ROUTE });
  }

  async function expectTlsFailure(server: TestServer, reason: string, url = server.url('/jwks')): Promise<void> {
    const ca = await getTestCa();
    const { lookup } = tableLookup({ localhost: '127.0.0.1' });
    const error = await expectFetchError(
      fetcher({ allowPrivateNetworks: true, lookup, ca: [ca.cert] }).get(url),
      'FETCH_TLS',
    );
    expect(error.details?.['reason']).toBe(reason);
    expect(error.message).toContain(url);
  }

  it('refuses a certificate from a CA it does not trust', async () => {
    const stranger = await createCertificateAuthority({ commonName: 'stranger CA' });
    await expectTlsFailure(await tlsServer(await issueCertificate(stranger)), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('refuses an expired certificate', async () => {
    const server = await tlsServer(await issueCertificate(await getTestCa(), { validity: 'expired' }));
    await expectTlsFailure(server, 'CERT_HAS_EXPIRED');
  });

  it('refuses a certificate that is not valid yet', async () => {
    const server = await tlsServer(await issueCertificate(await getTestCa(), { validity: 'not-yet-valid' }));
    await expectTlsFailure(server, 'CERT_NOT_YET_VALID');
  });

  it('refuses a certificate for another host name', async () => {
    const server = await tlsServer(await issueCertificate(await getTestCa(), { wrongHostname: true }));
    await expectTlsFailure(server, 'ERR_TLS_CERT_ALTNAME_INVALID', `https://localhost:${server.port}/jwks`);
  });

  it('refuses a certificate for another IP address', async () => {
    const server = await tlsServer(await issueCertificate(await getTestCa(), { wrongHostname: true }));
    await expectTlsFailure(server, 'ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('refuses a self-signed certificate', async () => {
    const server = await tlsServer(await issueCertificate(await getTestCa(), { selfSigned: true }));
    await expectTlsFailure(server, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('refuses a certificate from the test CA when the CA is not among the roots', async () => {
    const server = await serve({ tls: true, routes: JWKS_ROUTE });
    const error = await expectFetchError(fetcher({ allowPrivateNetworks: true }).get(server.url('/jwks')), 'FETCH_TLS');
    expect(error.details?.['reason']).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
