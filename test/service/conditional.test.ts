/**
 * Conditional polling must not make findings flap: a 304 is judged as the stored 200 with the 304's headers
 * laid over it, so rules that read a 200's headers (CORS, content type) give the same verdict on every poll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaPublicJwk } from '../helpers/fake-idp.js';
import { startServer, type RouteResponse, type TestServer } from '../helpers/https-server.js';
import { startService, tempDatabasePath, testConfig } from './harness.js';

let server: TestServer;
const ETAG = '"v1"';
const body = JSON.stringify({ keys: [rsaPublicJwk('etag-key', 2048)] });
// Not ASCII: the remembered body must come back byte for byte on a 304.
const utf8Body = JSON.stringify({ keys: [rsaPublicJwk('clé-🔑', 2048)] });

beforeAll(async () => {
  server = await startServer({ tls: true });
  // An ETag, a Cache-Control, and no CORS header: transport.cors fires (info) on every 200.
  server.setRoute('/jwks', (request): RouteResponse =>
    request.headers['if-none-match'] === ETAG
      ? { status: 304, headers: { etag: ETAG, 'cache-control': 'max-age=60' } }
      : { body, headers: { etag: ETAG, 'cache-control': 'max-age=60', 'content-type': 'application/json' } },
  );
  server.setRoute('/utf8', (request): RouteResponse =>
    request.headers['if-none-match'] === ETAG
      ? { status: 304, headers: { etag: ETAG } }
      : { body: utf8Body, headers: { etag: ETAG, 'content-type': 'application/json' } },
  );
});
afterAll(() => server.close());

describe('conditional polling', () => {
  it('keeps the same findings on 304 answers as on 200 answers, so nothing flaps and no event is written', async () => {
    const monitor = await startService(testConfig(tempDatabasePath(), { UNCONDITIONAL_EVERY: '4' }), server.ca ?? '');
    try {
      const provider = monitor.service.create({ name: 'etag idp', url: server.url('/jwks') });
      const findingSets: string[] = [];
      for (let i = 0; i < 12; i++) {
        const { outcome } = await monitor.service.pollNow(provider.id);
        findingSets.push(
          (outcome.report?.findings ?? [])
            .map((f) => f.ruleId)
            .sort()
            .join(','),
        );
      }
      const conditional = server.requests.filter((r) => r.headers['if-none-match'] === ETAG).length;
      expect(conditional).toBeGreaterThanOrEqual(6);
      expect(new Set(findingSets).size).toBe(1);
      expect(findingSets[0]).toContain('transport.cors');
      expect(monitor.store.events.listEvents({ providerId: provider.id })).toEqual([]);
      expect(monitor.store.history.listRuns(provider.id)).toHaveLength(1);
    } finally {
      await monitor.stop();
    }
  });

  it('judges a 304 as the remembered body, byte for byte, and sees the same document in it', async () => {
    const monitor = await startService(testConfig(tempDatabasePath(), { UNCONDITIONAL_EVERY: '10' }), server.ca ?? '');
    try {
      const provider = monitor.service.create({ name: 'utf8 idp', url: server.url('/utf8') });
      const first = (await monitor.service.pollNow(provider.id)).outcome.report;
      const second = (await monitor.service.pollNow(provider.id)).outcome.report;
      expect(server.requests.filter((r) => r.path === '/utf8' && r.headers['if-none-match'] === ETAG)).toHaveLength(1);
      expect(second?.documents).toEqual(first?.documents);
      expect(second?.documents[0]?.bytes).toBe(Buffer.byteLength(utf8Body));
      expect(second?.jwksValue).toEqual(JSON.parse(utf8Body));
      expect(second?.findings).toEqual(first?.findings);
    } finally {
      await monitor.stop();
    }
  });
});
