/**
 * Registers the fleet's providers through MonitorService.create (the code behind POST /api/v1/providers and the
 * providers file), in batches of one transaction each. The modules are passed in: bench/fleet/service.ts runs the
 * compiled dist/, bench/event-loop.ts the TypeScript source.
 */
import type { MIGRATIONS_DIR } from '../../src/compose.js';
import type { createMonitorService } from '../../src/service/monitor-service.js';
import type { migrate } from '../../src/store/migrate.js';
import type { openDatabase } from '../../src/store/open-database.js';
import type { createStore } from '../../src/store/store.js';

const REGISTRATION_BATCH = 1_000;

export interface RegistrationModules {
  readonly openDatabase: typeof openDatabase;
  readonly migrate: typeof migrate;
  readonly migrationsDir: typeof MIGRATIONS_DIR;
  readonly createStore: typeof createStore;
  readonly createMonitorService: typeof createMonitorService;
}

/** Registers providers 0..count-1 of the fleet at `origin` on the database at `path`; returns the milliseconds. */
export function registerFleet(
  modules: RegistrationModules,
  path: string,
  origin: string,
  count: number,
  intervalSeconds: number,
): number {
  const db = modules.openDatabase(path);
  modules.migrate(db, modules.migrationsDir);
  const store = modules.createStore(db);
  // The same service the API and the providers file use; no scheduler yet, so nothing to wake.
  const service = modules.createMonitorService({
    providers: store.providers,
    policy: { allowPrivateNetworks: true },
    now: () => Date.now(),
    probe: () => Promise.reject(new Error('registration only')),
    probeSummary: () => Promise.reject(new Error('registration only')),
    wake: () => undefined,
    providersFileSet: false,
  });
  const started = performance.now();
  for (let from = 0; from < count; from += REGISTRATION_BATCH) {
    store.db.transaction(() => {
      for (let i = from; i < Math.min(count, from + REGISTRATION_BATCH); i++) {
        service.create({ name: `bench-idp-${i}`, url: `${origin}/t/${i}/jwks`, intervalSeconds });
      }
    })();
  }
  const ms = performance.now() - started;
  store.close();
  return ms;
}
