/**
 * Review rotation #3, the race: a scheduled poll still fetching the old URL when the URL changes. Recorded after the
 * new baseline, the old URL's keys became the provider's first content and the new URL's keys then read as a
 * disjoint rotation. The poll is aborted instead (not recorded) and the new URL is the baseline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaPublicJwk } from '../helpers/fake-idp.js';
import { startServer, type RouteResponse, type TestServer } from '../helpers/https-server.js';
import { startService, tempDatabasePath, testConfig, waitFor } from './harness.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ tls: true });
});
afterAll(() => server.close());

describe('changing the URL while a scheduled poll of the old one is in flight', () => {
  it('aborts that poll, so the old keys are not recorded as the new baseline', async () => {
    const oldKeys = { json: { keys: [rsaPublicJwk('old-url', 2048)] } };
    server.setRoute('/old-url', oldKeys);
    server.setRoute('/new-url', { json: { keys: [rsaPublicJwk('new-url', 2048)] } });
    const monitor = await startService(testConfig(tempDatabasePath()), server.ca ?? '');
    try {
      const provider = monitor.service.create({ name: 'moving', url: server.url('/old-url') });
      await waitFor(() => monitor.store.providers.get(provider.id)?.state.lastPollAt !== undefined);
      await waitFor(() => monitor.service.pollsInFlight === 0);

      // The old URL answers the next poll only when told to, after the URL has changed.
      let answer: (response: RouteResponse) => void = () => undefined;
      server.setRoute('/old-url', () => new Promise<RouteResponse>((resolve) => (answer = resolve)));
      const oldRequests = () => server.requests.filter((r) => r.path === '/old-url').length;
      const before = oldRequests();
      const inFlight = monitor.service.pollScheduled(provider.id, new AbortController().signal);
      await waitFor(() => oldRequests() > before);
      monitor.service.update(provider.id, { url: server.url('/new-url') });
      answer(oldKeys);
      await expect(inFlight).rejects.toMatchObject({ code: 'FETCH_ABORTED' });

      for (let i = 0; i < 3; i++) await monitor.service.pollScheduled(provider.id, new AbortController().signal);
      const types = monitor.store.events.listEvents({ providerId: provider.id }).map((e) => e.type);
      expect(types).not.toContain('rotation.detected');
      expect(types).not.toContain('key.added');
      const current = monitor.store.history.listKeys(provider.id, { includeRemoved: false }).map((k) => k.kid);
      expect(current).toEqual(['new-url']);
    } finally {
      await monitor.stop();
    }
  });

  it('polls the new URL at once, though the scheduler claimed the provider while the old poll was letting go', async () => {
    server.setRoute('/old-url-2', { json: { keys: [rsaPublicJwk('old-url-2', 2048)] } });
    server.setRoute('/new-url-2', { json: { keys: [rsaPublicJwk('new-url-2', 2048)] } });
    const monitor = await startService(testConfig(tempDatabasePath()), server.ca ?? '');
    let answer: (response: RouteResponse) => void = () => undefined;
    try {
      const provider = monitor.service.create({
        name: 'moving-2',
        url: server.url('/old-url-2'),
        intervalSeconds: 3600,
      });
      await waitFor(() => monitor.store.providers.get(provider.id)?.state.lastPollAt !== undefined);
      await waitFor(() => monitor.service.pollsInFlight === 0);

      // A scheduled poll of the old URL that hangs: the scheduler holds its claim.
      server.setRoute('/old-url-2', () => new Promise<RouteResponse>((resolve) => (answer = resolve)));
      const oldRequests = () => server.requests.filter((r) => r.path === '/old-url-2').length;
      const before = oldRequests();
      monitor.store.providers.setNextDueAt(provider.id, Date.now());
      monitor.scheduler.tick();
      await waitFor(() => oldRequests() > before);

      monitor.service.update(provider.id, { url: server.url('/new-url-2') });
      // Without a second claim after the aborted poll let go, the next poll would be an hour away.
      await waitFor(() => server.requests.some((r) => r.path === '/new-url-2'), 5_000);
      await waitFor(() => monitor.service.pollsInFlight === 0);
      const due = monitor.store.providers.get(provider.id)?.nextDueAt ?? 0;
      expect(due).toBeGreaterThan(Date.now() + 3_000_000);
    } finally {
      answer({ json: { keys: [] } });
      await monitor.stop();
    }
  });
});
