/**
 * Review rotation #2: a JWKS behind round-robin replicas, one healthy (200 with an ETag, 304 to If-None-Match) and
 * one answering 503. Every poll after a failure gets the healthy one's 304, and must be recorded in full (the first
 * success after a failure); the refetch for its bytes lands on the failing replica. That refetch is not the poll:
 * the polls alternate ok/failed as they do without an ETag, and the provider never goes down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaPublicJwk } from '../helpers/fake-idp.js';
import { startServer, type RecordedRequest, type RouteResponse, type TestServer } from '../helpers/https-server.js';
import { startService, tempDatabasePath, testConfig, waitFor } from './harness.js';

const ETAG = '"replica-v1"';
const body = JSON.stringify({ keys: [rsaPublicJwk('replica-key', 2048)] });
let server: TestServer;

/** Requests alternate between the replicas, the healthy one first, per path. */
function roundRobin(): (request: RecordedRequest) => RouteResponse {
  let served = 0;
  return (request): RouteResponse => {
    const healthy = served++ % 2 === 0;
    if (!healthy) return { status: 503, body: 'upstream unavailable' };
    return request.headers['if-none-match'] === ETAG
      ? { status: 304, headers: { etag: ETAG } }
      : { body, headers: { etag: ETAG, 'content-type': 'application/json' } };
  };
}

beforeAll(async () => {
  server = await startServer({ tls: true });
});
afterAll(() => server.close());

describe('a JWKS behind round-robin replicas, one of them answering 503', () => {
  for (const workers of ['0', '1']) {
    it(`counts the healthy replica's 304 as the successful poll it is, so the provider stays up (POLL_WORKERS=${workers})`, async () => {
      const path = `/replicas-${workers}`;
      server.setRoute(path, roundRobin());
      const monitor = await startService(
        testConfig(tempDatabasePath(), { UNCONDITIONAL_EVERY: '1000', POLL_WORKERS: workers }),
        server.ca ?? '',
      );
      try {
        const provider = monitor.service.create({ name: 'replicas', url: server.url(path) });
        await waitFor(() => monitor.store.providers.get(provider.id)?.state.lastPollAt !== undefined);
        await waitFor(() => monitor.service.pollsInFlight === 0);
        for (let i = 0; i < 8; i++) await monitor.service.pollScheduled(provider.id, new AbortController().signal);

        const { state } = monitor.store.providers.get(provider.id)!;
        expect(state.status).toBe('up');
        expect(state.consecutiveFailures).toBeLessThan(2);
        expect(monitor.store.events.listEvents({ providerId: provider.id }).map((e) => e.type)).toEqual([]);
        // Oldest first: the first 200, a 503, the 304 that stands although its refetch got a 503, and so on; no two
        // failures in a row (consecutive identical polls would share a run).
        const runs = monitor.store.history.listRuns(provider.id).reverse();
        expect(runs.slice(0, 3).map((run) => run.outcome)).toEqual(['ok', 'FETCH_HTTP_STATUS', 'ok']);
        for (const run of runs.filter((r) => r.outcome !== 'ok')) expect(run.pollCount).toBe(1);
        const conditional = server.requests.filter((r) => r.path === path && r.headers['if-none-match'] === ETAG);
        expect(conditional.length).toBeGreaterThanOrEqual(3);
        expect(state.keyCount).toBe(1);
      } finally {
        await monitor.stop();
      }
    });
  }
});
