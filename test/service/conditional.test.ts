/**
 * Conditional polling must not make findings flap: a 304 is judged as the stored 200 with the 304's headers
 * laid over it, so rules that read a 200's headers (CORS, content type) give the same verdict on every poll. The
 * 200's bytes are not kept: when a poll needs them (it is recorded in full, or "check now" returns its report),
 * the document is fetched without validators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaPublicJwk } from '../helpers/fake-idp.js';
import { startServer, type RecordedRequest, type RouteResponse, type TestServer } from '../helpers/https-server.js';
import type { MonitorApp } from '../../src/compose.js';
import { startService, tempDatabasePath, testConfig, waitFor } from './harness.js';

let server: TestServer;
const ETAG = '"v1"';
const body = JSON.stringify({ keys: [rsaPublicJwk('etag-key', 2048)] });
// Not ASCII: the document's length is its bytes', not its characters'.
const utf8Body = JSON.stringify({ keys: [rsaPublicJwk('clé-🔑', 2048)] });

/** A route that sends `document` with an ETag, and answers If-None-Match of that ETag with a 304 and `headers`. */
function etagRoute(document: string, headers: Record<string, string> = {}) {
  return (request: RecordedRequest): RouteResponse =>
    request.headers['if-none-match'] === ETAG
      ? { status: 304, headers: { etag: ETAG, ...headers } }
      : { body: document, headers: { etag: ETAG, ...headers, 'content-type': 'application/json' } };
}

beforeAll(async () => {
  server = await startServer({ tls: true });
  // An ETag, a Cache-Control, and no CORS header: transport.cors fires (info) on every 200.
  server.setRoute('/jwks', etagRoute(body, { 'cache-control': 'max-age=60' }));
  for (const path of ['/shared', '/shared-workers']) server.setRoute(path, etagRoute(body));
  server.setRoute('/utf8', etagRoute(utf8Body));
});
afterAll(() => server.close());

describe('conditional polling', () => {
  it('keeps the same findings on 304 answers as on 200 answers, so nothing flaps and no event is written', async () => {
    const monitor = await startService(testConfig(tempDatabasePath(), { UNCONDITIONAL_EVERY: '4' }), server.ca ?? '');
    try {
      const provider = monitor.service.create({ name: 'etag idp', url: server.url('/jwks') });
      await polled(monitor, provider.id);
      const findingSets = [openRuleIds(monitor, provider.id)];
      for (let i = 1; i < 12; i++) {
        await pollScheduled(monitor, provider.id);
        findingSets.push(openRuleIds(monitor, provider.id));
      }
      const conditional = server.requests.filter((r) => r.path === '/jwks' && r.headers['if-none-match'] === ETAG);
      expect(conditional.length).toBeGreaterThanOrEqual(6);
      expect(new Set(findingSets).size).toBe(1);
      expect(findingSets[0]).toContain('transport.cors');
      expect(monitor.store.events.listEvents({ providerId: provider.id })).toEqual([]);
      const runs = monitor.store.history.listRuns(provider.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]?.pollCount).toBe(12);
    } finally {
      await monitor.stop();
    }
  });

  it('answers "check now" with a fresh fetch whose report reads the document, after 304s', async () => {
    const monitor = await startService(testConfig(tempDatabasePath(), { UNCONDITIONAL_EVERY: '10' }), server.ca ?? '');
    try {
      const provider = monitor.service.create({ name: 'utf8 idp', url: server.url('/utf8') });
      await polled(monitor, provider.id);
      await pollScheduled(monitor, provider.id);
      const now = (await monitor.service.pollNow(provider.id)).outcome.report;
      const requests = server.requests.filter((r) => r.path === '/utf8').map((r) => r.headers['if-none-match']);
      expect(requests).toEqual([undefined, ETAG, undefined]);
      expect(now?.documents[0]?.bytes).toBe(Buffer.byteLength(utf8Body));
      expect(now?.jwksValue).toEqual(JSON.parse(utf8Body));
      expect(monitor.store.history.listRuns(provider.id)[0]?.pollCount).toBe(3);
    } finally {
      await monitor.stop();
    }
  });

  for (const [path, workers] of [
    ['/shared', '0'],
    ['/shared-workers', '1'],
  ] as const) {
    it(`fetches a 304's document again when the poll must be recorded in full (POLL_WORKERS=${workers})`, async () => {
      // Two providers of one URL share what was remembered of it: the second's first poll gets a 304 for a document
      // it has never recorded, so its snapshot needs the bytes.
      const monitor = await startService(
        testConfig(tempDatabasePath(), { UNCONDITIONAL_EVERY: '10', POLL_WORKERS: workers }),
        server.ca ?? '',
      );
      try {
        // A new provider is due at once, and the scheduler polls it; one after the other, so the second finds the
        // first's 200 remembered.
        const first = monitor.service.create({ name: 'first', url: server.url(path) });
        await polled(monitor, first.id);
        const second = monitor.service.create({ name: 'second', url: server.url(path) });
        await polled(monitor, second.id);
        const requests = server.requests.filter((r) => r.path === path).map((r) => r.headers['if-none-match']);
        expect(requests).toEqual([undefined, ETAG, undefined]);
        for (const { id } of [first, second]) {
          const { state } = monitor.store.providers.get(id)!;
          expect(state.lastPollAt).toBeDefined();
          expect(state.keyCount).toBe(1);
          expect(monitor.store.history.getSnapshot(state.latestSnapshotId!)?.document).toEqual(JSON.parse(body));
        }
        // Recorded, the second's next poll is a 304 like the first's, and nothing is fetched twice.
        await pollScheduled(monitor, second.id);
        expect(server.requests.filter((r) => r.path === path).map((r) => r.headers['if-none-match'])).toEqual([
          undefined,
          ETAG,
          undefined,
          ETAG,
        ]);
        expect(monitor.store.history.listRuns(second.id)[0]?.pollCount).toBe(2);
      } finally {
        await monitor.stop();
      }
    });
  }
});

/** A poll as the scheduler runs it (conditional, only its summary kept). */
function pollScheduled(monitor: MonitorApp, providerId: number): Promise<void> {
  return monitor.service.pollScheduled(providerId, new AbortController().signal);
}

/** Waits for the poll the scheduler starts for a provider just created (it is due at once). */
async function polled(monitor: MonitorApp, providerId: number): Promise<void> {
  await waitFor(() => monitor.store.providers.get(providerId)?.state.lastPollAt !== undefined);
  await waitFor(() => monitor.service.pollsInFlight === 0);
}

function openRuleIds(monitor: MonitorApp, providerId: number): string {
  return monitor.store.history
    .listIncidents(providerId, { state: 'open' })
    .map((incident) => incident.ruleId)
    .sort()
    .join(',');
}
