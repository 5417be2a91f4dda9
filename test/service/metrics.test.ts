/**
 * Review of the metrics, defects 3 and 4: /metrics of the real service for a provider disabled while down, and for a
 * provider that took the id of a deleted one (ids are reused: no AUTOINCREMENT).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorApp } from '../../src/compose.js';
import { startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import { startService, tempDatabasePath, testConfig, waitFor } from './harness.js';

let idp: FakeIdp;
const running: MonitorApp[] = [];
beforeAll(async () => {
  idp = await startFakeIdp();
});
afterEach(async () => {
  for (const monitor of running.splice(0)) await monitor.stop();
});
afterAll(() => idp.close());

async function start(env: Record<string, string> = {}): Promise<MonitorApp> {
  const monitor = await startService(testConfig(tempDatabasePath(), env), idp.ca);
  running.push(monitor);
  return monitor;
}

/** The samples of a scrape, `name{labels}` → value. */
async function scrape(monitor: MonitorApp): Promise<Map<string, string>> {
  const res = await monitor.app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  const out = new Map<string, string>();
  for (const line of res.body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), line.slice(at + 1));
  }
  return out;
}

async function pollsSettled(monitor: MonitorApp, id: number): Promise<void> {
  await waitFor(() => monitor.store.providers.get(id)?.state.lastPollAt !== undefined);
  await waitFor(() => monitor.service.pollsInFlight === 0);
}

describe('/metrics of the service', () => {
  it('stops reporting a provider disabled while down as down, and tells it apart as disabled (defect 3)', async () => {
    idp.server.setRoute('/broken', { status: 503, body: 'down' });
    const monitor = await start({ DOWN_AFTER_FAILURES: '1' });
    const provider = monitor.service.create({ name: 'broken', url: idp.server.url('/broken') });
    await pollsSettled(monitor, provider.id);
    expect(monitor.store.providers.get(provider.id)?.state.status).toBe('down');
    expect((await scrape(monitor)).get('jwks_monitor_provider_up{provider="broken"}')).toBe('0');

    monitor.service.update(provider.id, { enabled: false });
    const s = await scrape(monitor);
    expect(s.has('jwks_monitor_provider_up{provider="broken"}')).toBe(false);
    expect(s.get('jwks_monitor_provider_enabled{provider="broken"}')).toBe('0');
    expect(s.get('jwks_monitor_provider_status{provider="broken",status="down"}')).toBe('1');
    expect([
      s.get('jwks_monitor_providers{status="down"}'),
      s.get('jwks_monitor_providers{status="disabled"}'),
    ]).toEqual(['0', '1']);
  });

  it('shows no last poll duration for a never-polled provider that took the id of a deleted one (defect 4)', async () => {
    const monitor = await start();
    const gone = monitor.service.create({ name: 'gone', url: `${idp.jwksUrl}?gone` });
    await pollsSettled(monitor, gone.id);
    expect((await scrape(monitor)).has('jwks_monitor_provider_last_poll_duration_seconds{provider="gone"}')).toBe(true);

    monitor.service.remove(gone.id);
    const fresh = monitor.service.create({ name: 'fresh', url: `${idp.jwksUrl}?fresh`, enabled: false });
    expect(fresh.id).toBe(gone.id);
    const s = await scrape(monitor);
    expect(s.get('jwks_monitor_provider_status{provider="fresh",status="pending"}')).toBe('1');
    expect(s.has('jwks_monitor_provider_last_poll_duration_seconds{provider="fresh"}')).toBe(false);
  });
});
