// RETENTION_DAYS in the running service (review of the configuration, defect 1: it was validated, and nothing ever
// pruned). The real composition root on a SQLite file; the job is told to run at once instead of a minute after start.
import { afterEach, describe, expect, it } from 'vitest';
import { createMonitorApp, type MonitorApp } from '../../src/compose.js';
import { DAY, T0, addProvider, ecKey, finding, jwks, poll, report } from '../history/helpers.js';
import { manualTicker, tempDatabasePath, testConfig, waitFor } from './harness.js';

const running: MonitorApp[] = [];
afterEach(async () => {
  for (const monitor of running.splice(0)) await monitor.stop();
});

describe('run retention in the service', () => {
  it("prunes run rows older than RETENTION_DAYS once started, keeping each provider's open run", async () => {
    const monitor = await createMonitorApp(testConfig(tempDatabasePath(), { RETENTION_DAYS: '30' }), {
      ticker: manualTicker,
      retention: { firstAfterMs: 0, backlogAfterMs: 0 },
    });
    running.push(monitor);
    const { store } = monitor;
    const id = addProvider(store, { enabled: false });
    const keys = jwks(ecKey('a'));
    // Alternating verdicts, a day apart, months before now: every poll closes a run and opens another.
    for (let i = 0; i < 20; i++) {
      const findings = i % 2 === 0 ? [] : [finding('jwks.kid.required', { severity: 'warning' })];
      poll(store, id, T0 + i * DAY, keys, { report: report(keys, { findings }) });
    }
    expect(store.history.listRuns(id, { limit: 100 })).toHaveLength(20);
    monitor.start();
    const left = await waitFor(() => {
      const runs = store.history.listRuns(id, { limit: 100 });
      return runs.length === 1 && runs;
    });
    expect(left[0]?.lastAt).toBe(T0 + 19 * DAY);
  });
});
