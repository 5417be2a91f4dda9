/** The guarded connector's per-origin state: held while a connection is being made or open, never longer. */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGuardedConnector, originKey, type GuardedConnector } from '../../src/fetch/connector.js';
import { getTestCa, issueCertificate } from '../helpers/pki.js';
import { startServer, type TestServer } from '../helpers/https-server.js';
import { scriptedLookup } from './support.js';

const ORIGINS = 40;

let server: TestServer;
const open: { agents: Agent[] } = { agents: [] };

beforeAll(async () => {
  const ca = await getTestCa();
  // One wildcard certificate, so every fresh host name below is a valid TLS origin of its own.
  const leaf = await issueCertificate(ca, { dnsNames: ['*.origins.test'], ipAddresses: [] });
  server = await startServer({ tls: leaf, routes: { '/jwks': { json: { keys: [] } } } });
  return () => server.close();
});

afterEach(async () => {
  // A test may have closed its agent already (closing twice rejects).
  await Promise.all(open.agents.map((agent) => agent.close().catch(() => undefined)));
  open.agents = [];
});

/** Every name under origins.test resolves to the loopback server; `nx-…` names do not resolve. */
function connectorAndAgent(agentOptions: Agent.Options = {}): { connector: GuardedConnector; agent: Agent } {
  const { lookup } = scriptedLookup((hostname) => (hostname.startsWith('nx-') ? undefined : '127.0.0.1'));
  const connector = createGuardedConnector({
    allowPrivateNetworks: true,
    classifyAddress: () => 'loopback',
    lookup,
    secureContext: createSecureContext({ ca: [...rootCertificates, server.ca ?? ''] }),
    connectTimeoutMs: 2_000,
  });
  const agent = new Agent({ connect: connector.connect, ...agentOptions });
  open.agents.push(agent);
  return { connector, agent };
}

async function get(agent: Agent, origin: string): Promise<void> {
  const response = await agent.request({ origin, path: '/jwks', method: 'GET' });
  await response.body.text();
}

describe('createGuardedConnector: per-origin state', () => {
  it('holds nothing for an origin once its connections have closed, however many origins were tried', async () => {
    // A hostile IdP can redirect each poll to a fresh host name: state per origin ever seen would grow forever.
    const { connector, agent } = connectorAndAgent({ pipelining: 0 });
    const before = server.stats().connections;
    for (let i = 0; i < ORIGINS; i += 1) {
      await get(agent, `https://h${i}.origins.test:${server.port}`);
      await expect(get(agent, `https://nx-${i}.origins.test:${server.port}`)).rejects.toThrow();
    }
    expect(server.stats().connections - before).toBe(ORIGINS);
    await vi.waitFor(() => expect(connector.heldOrigins).toBe(0));
  });

  it('keeps the TLS facts of a kept-alive connection for reuse, and lets them go when it closes', async () => {
    const { connector, agent } = connectorAndAgent();
    const origin = `https://idp.origins.test:${server.port}`;
    const key = originKey('https:', 'idp.origins.test', String(server.port));
    const before = server.stats().connections;
    await get(agent, origin);
    await nextMacrotask(); // undici puts the socket back in its pool one I/O turn after the body ends
    await get(agent, origin);

    expect(server.stats().connections - before).toBe(1);
    expect(connector.tlsFacts(key)?.leaf?.subject).toBe('CN=localhost');
    await agent.close();
    await vi.waitFor(() => expect(connector.heldOrigins).toBe(0));
    expect(connector.tlsFacts(key)).toBeUndefined();
  });
});
