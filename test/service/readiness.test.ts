/**
 * Review of the metrics, defects 1, 2 and 6: /readyz and the scheduler when the database refuses a write, and when a
 * stop begins. The real service on a SQLite file; a second connection holds the write lock, as a backup script or
 * `jwks-monitor migrate` against the live database does.
 */
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMonitorApp, type MonitorApp } from '../../src/compose.js';
import { startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import { manualTicker, tempDatabasePath, testConfig, waitFor } from './harness.js';

let idp: FakeIdp;
const running: MonitorApp[] = [];
beforeAll(async () => {
  idp = await startFakeIdp();
});
afterEach(async () => {
  for (const monitor of running.splice(0)) await monitor.stop();
});
afterAll(() => idp.close());

interface LogLine {
  level: number;
  msg: string;
  err?: { code?: string };
}

/** The service with its log lines collected as parsed JSON. */
async function startLogged(path: string): Promise<{ monitor: MonitorApp; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const monitor = await createMonitorApp(testConfig(path), {
    ticker: manualTicker,
    fetcher: { ca: [idp.ca] },
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) } },
  });
  running.push(monitor);
  return { monitor, logs };
}

async function readiness(monitor: MonitorApp) {
  const res = await monitor.app.inject({ method: 'GET', url: '/readyz' });
  return { status: res.statusCode, body: res.json<{ ready: boolean; checks: Record<string, boolean> }>() };
}

describe('/readyz and the scheduler while another process holds the write lock (defects 1 and 2)', () => {
  it('logs the failed claim pass at error, reports the database not ready, and polls again once the lock is gone', async () => {
    const path = tempDatabasePath();
    const { monitor, logs } = await startLogged(path);
    const provider = monitor.service.create({ name: 'idp', url: idp.jwksUrl, intervalSeconds: 600 });
    const first = await waitFor(() => monitor.store.providers.get(provider.id)?.state.lastPollAt);
    await waitFor(() => monitor.service.pollsInFlight === 0);
    monitor.scheduler.tick();
    expect((await readiness(monitor)).status).toBe(200);
    monitor.store.providers.setNextDueAt(provider.id, Date.now() - 1);

    const other = new Database(path);
    try {
      other.exec('BEGIN IMMEDIATE');
      // The service's own 5 s busy timeout, shortened so the refused write comes at once.
      monitor.store.db.pragma('busy_timeout = 20');
      expect(() => monitor.scheduler.tick()).not.toThrow();
      monitor.scheduler.tick();
      const failures = logs.filter((l) => l.level === 50);
      expect(failures).toHaveLength(1);
      expect(failures[0]?.msg).toMatch(/claim pass failed/);
      expect(failures[0]?.err?.code).toBe('SQLITE_BUSY');
      const locked = await readiness(monitor);
      expect(locked.status).toBe(503);
      expect(locked.body.checks['database']).toBe(false);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      monitor.store.db.pragma('busy_timeout = 5000');
    }

    monitor.scheduler.tick();
    await waitFor(() => (monitor.store.providers.get(provider.id)?.state.lastPollAt ?? first) > first);
    monitor.scheduler.tick();
    expect(await readiness(monitor)).toEqual({
      status: 200,
      body: { ready: true, checks: { database: true, migrations: true, scheduler: true } },
    });
    expect(logs.some((l) => l.level === 30 && /claim pass succeeded again/.test(l.msg))).toBe(true);
    const metrics = await monitor.app.inject({ method: 'GET', url: '/metrics' });
    const lastPass = /^jwks_monitor_scheduler_last_pass_timestamp_seconds (\S+)$/m.exec(metrics.body)?.[1];
    expect(Number(lastPass)).toBeGreaterThan(first / 1000);
  });
});

describe('/readyz during a stop (defect 6)', () => {
  it('answers 503 from the moment a stop begins, while a poll is still in flight', async () => {
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    idp.server.setRoute('/held-jwks', async () => {
      await held;
      return { json: { keys: idp.keys() }, headers: { 'content-type': 'application/json' } };
    });
    const { monitor } = await startLogged(tempDatabasePath());
    monitor.service.create({ name: 'held', url: idp.server.url('/held-jwks') });
    await waitFor(() => monitor.scheduler.inFlight === 1);
    monitor.scheduler.tick();
    expect((await readiness(monitor)).status).toBe(200);

    const stopped = monitor.stop();
    try {
      const stopping = await readiness(monitor);
      expect(stopping.status).toBe(503);
      expect(stopping.body).toEqual({ ready: false, checks: { database: true, migrations: true, scheduler: false } });
    } finally {
      release?.();
      await stopped;
    }
  });
});
