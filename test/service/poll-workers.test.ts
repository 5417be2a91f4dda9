/**
 * POLL_WORKERS: the composed service polling from worker threads against a loopback HTTPS IdP, with the same
 * results as on the main thread: full results for "check now", summaries for the scheduler, history in SQLite.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.js';
import { loadConfig } from '../../src/config.js';
import { rsaPublicJwk } from '../helpers/fake-idp.js';
import { startServer, type TestServer } from '../helpers/https-server.js';
import { startService, tempDatabasePath, testConfig, waitFor } from './harness.js';

let server: TestServer;
const firstKey = rsaPublicJwk('first', 2048);
let keys = [firstKey];
let slowResponses = 0;

beforeAll(async () => {
  server = await startServer({ tls: true });
  for (const n of [1, 2, 3]) {
    server.setRoute(`/t/${n}/jwks`, () => ({ json: { keys }, headers: { 'cache-control': 'max-age=60' } }));
  }
  server.setRoute('/slow/jwks', () => {
    slowResponses++;
    return { json: { keys }, delayHeadersMs: 3_000 };
  });
});
afterAll(() => server.close());

describe('polls in worker threads', () => {
  it('gives "check now" its whole result and records every poll, as on the main thread', async () => {
    const monitor = await startService(testConfig(tempDatabasePath(), { POLL_WORKERS: '2' }), server.ca ?? '');
    try {
      const providers = [1, 2, 3].map((n) =>
        monitor.service.create({ name: `idp ${n}`, url: server.url(`/t/${n}/jwks`) }),
      );
      const first = await monitor.service.pollNow(providers[0]!.id);
      expect(first.outcome.error).toBeUndefined();
      expect(first.outcome.report?.keys.map((k) => k.kid)).toEqual(['first']);
      expect(first.recorded.path).toBe('recorded');
      // The scheduler's polls: every provider is due at once after create.
      monitor.scheduler.tick();
      await waitFor(() => providers.every((p) => monitor.store.providers.get(p.id)?.state.lastPollAt !== undefined));
      await waitFor(() => monitor.service.pollsInFlight === 0);
      for (const p of providers) expect(monitor.store.providers.get(p.id)?.state.status).toBe('up');

      // A rotation seen from a worker is recorded with its events, and the alerts see them.
      keys = [firstKey, rsaPublicJwk('second', 2048)];
      // A new content is confirmed by the poll after it (the flap debounce), then its events are written.
      await monitor.service.pollNow(providers[1]!.id);
      const rotated = await monitor.service.pollNow(providers[1]!.id);
      expect(rotated.recorded.path).toBe('recorded');
      expect(monitor.store.events.listEvents({ providerId: providers[1]!.id }).map((e) => e.type)).toContain(
        'key.added',
      );
    } finally {
      await monitor.stop();
    }
  });

  it.each(['1', '0'])(
    'aborts a poll in flight when the service stops (POLL_WORKERS=%s) and records nothing of it',
    async (workers) => {
      const path = tempDatabasePath();
      const config = loadConfig({ ...rawEnv(path), POLL_WORKERS: workers, SHUTDOWN_GRACE_MS: '0' });
      const monitor = await startService(config, server.ca ?? '');
      const { id } = monitor.service.create({ name: 'slow idp', url: server.url('/slow/jwks') });
      const seen = slowResponses;
      monitor.scheduler.tick();
      await waitFor(() => slowResponses > seen);
      const started = Date.now();
      await monitor.stop();
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(monitor.store.db.open).toBe(false);
      // The abort was the service's doing: no failed run, no step towards down (it used to count as one).
      const db = new Database(path, { readonly: true });
      try {
        expect(db.prepare('SELECT count(*) AS n FROM runs WHERE provider_id = ?').get(id)).toEqual({ n: 0 });
        expect(db.prepare('SELECT consecutive_failures AS f FROM providers WHERE id = ?').get(id)).toEqual({ f: 0 });
      } finally {
        db.close();
      }
    },
  );

  it('refuses a POLL_WORKERS value out of range, naming the setting', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_PATH: ':memory:', POLL_WORKERS: '-1' });
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error, 'CONFIG_INVALID')).toBe(true);
    expect(String(error)).toContain('POLL_WORKERS');
  });
});

function rawEnv(databasePath: string): Record<string, string> {
  return { DATABASE_PATH: databasePath, ALLOW_PRIVATE_NETWORKS: '1' };
}
