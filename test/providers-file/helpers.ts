import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMonitorService, type MonitorService } from '../../src/service/monitor-service.js';
import type { UrlPolicy } from '../../src/service/provider-input.js';
import { migrate } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createStore, type Store } from '../../src/store/store.js';

const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');
export const T0 = Date.UTC(2026, 5, 1);

export interface Fixture {
  readonly dir: string;
  readonly store: Store;
  readonly service: MonitorService;
  /** Writes `text` to `name` in the temporary directory and returns its path. */
  write(name: string, text: string | Uint8Array): string;
  advance(ms: number): void;
  cleanup(): void;
}

/** A real SQLite file in a temporary directory and a service whose probe must never run in these tests. */
export function fixture(policy: UrlPolicy = { allowPrivateNetworks: false }): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'jwks-monitor-providers-file-'));
  const db = openDatabase(join(dir, 'data', 'jwks-monitor.db'));
  migrate(db, MIGRATIONS_DIR, { now: () => T0 });
  const store = createStore(db);
  let now = T0;
  const service = createMonitorService({
    providers: store.providers,
    policy,
    now: () => now,
    probe: () => {
      throw new Error('the providers file never polls');
    },
    probeSummary: () => {
      throw new Error('the providers file never polls');
    },
    wake: () => {},
    providersFileSet: true,
  });
  return {
    dir,
    store,
    service,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    advance(ms) {
      now += ms;
    },
    cleanup() {
      if (store.db.open) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
