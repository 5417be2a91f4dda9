/** Builds the real service (the composition root) on a temp SQLite file, trusting a loopback fake IdP. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMonitorApp, type MonitorApp, type Ticker } from '../../src/compose.js';
import { loadConfig, type ServiceConfig } from '../../src/config.js';

export function tempDatabasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'jwks-monitor-service-')), 'monitor.db');
}

/** A ticker that never fires by itself: tests call scheduler.tick(). */
export const manualTicker: Ticker = { start: () => {}, stop: () => {} };

export function testConfig(databasePath: string, env: Record<string, string> = {}): ServiceConfig {
  return loadConfig({ DATABASE_PATH: databasePath, ALLOW_PRIVATE_NETWORKS: '1', SHUTDOWN_GRACE_MS: '5000', ...env });
}

export function startService(config: ServiceConfig, ca: string): Promise<MonitorApp> {
  return createMonitorApp(config, { ticker: manualTicker, fetcher: { ca: [ca] } });
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes. */
export async function waitFor<T>(condition: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
