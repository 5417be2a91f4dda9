/**
 * The one composition root: config -> database + migrations -> fetcher, engine, store, probe, service,
 * scheduler, API. Nothing else reads the environment or opens files on import; tests build the same service
 * with their own clock, CA and ticker.
 */
import { fileURLToPath } from 'node:url';
import cron from 'node-cron';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createAlerts, type AlertsLogger } from './alerts/index.js';
import { buildApp } from './api/app.js';
import type { AdhocChecker } from './api/routes/check.js';
import { createEngine, type Engine } from './checks/engine.js';
import { DEFAULT_CHECK_OPTIONS } from './checks/types.js';
import type { ServiceConfig } from './config.js';
import { AppError } from './errors.js';
import { createFetcher, type Fetcher, type FetcherOptions } from './fetch/index.js';
import { groupedRecorder } from './history/record-poll.js';
import { DEFAULT_RECORDER_SETTINGS, type RecorderSettings } from './history/types.js';
import { DEFAULT_MAX_DEPTH } from './json/parse-document.js';
import { createMetrics } from './metrics/registry.js';
import { checkTarget, judge } from './probe/check-target.js';
import { createPollWorkerPool } from './probe/poll-worker-pool.js';
import { inProcessPoller, summarizeProbe, type Poller, type PollSummary } from './probe/poller.js';
import { createDocumentMemory } from './probe/run-probe.js';
import { loadProvidersFile } from './providers-file/load.js';
import { syncProvidersFile } from './providers-file/sync.js';
import { systemClock, type Clock } from './scheduler/clock.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';
import { createMonitorService, type MonitorService } from './service/monitor-service.js';
import { migrate, migrationStatus } from './store/migrate.js';
import { openDatabase } from './store/open-database.js';
import type { PollTarget } from './store/providers-repository.js';
import { createScheduleRepository } from './store/schedule-repository.js';
import { startWalCheckpointer } from './store/wal-checkpointer.js';
import { startRetentionJob, type RetentionJob, type RetentionJobOptions } from './store/retention-job.js';
import { createStore, type Store } from './store/store.js';
import { readBoundedFile } from './util/read-bounded-file.js';
import { VERSION } from './version.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** A periodic trigger; node-cron in production, a manual one in tests. */
export interface Ticker {
  start(tick: () => void): void;
  stop(): void;
}

export function cronTicker(expression = '* * * * * *'): Ticker {
  let task: ReturnType<typeof cron.schedule> | undefined;
  return {
    start(tick) {
      task = cron.schedule(expression, tick, { noOverlap: true, name: 'jwks-monitor-scheduler' });
    },
    stop() {
      void task?.stop();
      task = undefined;
    },
  };
}

export interface ServiceOverrides {
  readonly clock?: Clock;
  readonly ticker?: Ticker;
  /** Extra fetcher options (tests: a CA for the loopback IdP). */
  readonly fetcher?: Partial<FetcherOptions>;
  /** Extra CA certificates for webhook deliveries (tests: a loopback HTTPS receiver). */
  readonly webhookCa?: readonly string[];
  readonly logger?: FastifyServerOptions['logger'];
  /** When the run-row retention job runs (tests: at once). */
  readonly retention?: Pick<RetentionJobOptions, 'firstAfterMs' | 'everyMs' | 'backlogAfterMs'>;
}

export interface MonitorApp {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly service: MonitorService;
  readonly scheduler: Scheduler;
  /** Loads PROVIDERS_FILE (at start and on SIGHUP); a bad file changes nothing and is reported. */
  reloadProvidersFile(): Promise<void>;
  /** Starts the ticker. */
  start(): void;
  /** Stops scheduling, lets in-flight polls finish within the grace period, closes the server and the database. */
  stop(): Promise<void>;
}

const DOCUMENT_MEMORY_ENTRIES = 50_000;
/** The ticker claims every second; a scheduler whose last completed claim pass is older than this is not ready. */
const SCHEDULER_STALE_AFTER_MS = 5_000;

export async function createMonitorApp(config: ServiceConfig, overrides: ServiceOverrides = {}): Promise<MonitorApp> {
  // A start-up that fails (a bad PROVIDERS_FILE is found only after everything is built) releases what it made:
  // the checkpointer's and poll workers' threads kept `serve` alive after it printed CONFIG_INVALID (review of the
  // API, defect 12).
  const made: Release[] = [];
  try {
    return await assemble(config, overrides, made);
  } catch (error) {
    for (const release of made.reverse()) await release().catch(() => undefined);
    throw error;
  }
}

type Release = () => Promise<unknown>;

/** Builds the service; each thing that holds a thread, a socket, a timer or the database goes on `made` at once. */
async function assemble(config: ServiceConfig, overrides: ServiceOverrides, made: Release[]): Promise<MonitorApp> {
  const clock = overrides.clock ?? systemClock();
  const db = openDatabase(config.databasePath);
  made.push(async () => db.close());
  migrate(db, MIGRATIONS_DIR, { now: () => clock.now() });
  // Migrations run once, here; the service never runs against a schema it did not bring up to date.
  const migrationsCurrent = migrationStatus(db, MIGRATIONS_DIR).pending.length === 0;
  const store = createStore(db);
  const schedule = createScheduleRepository(db);
  const fetcher = createFetcher({ ...fetcherOptionsOf(config), ...overrides.fetcher });
  made.push(() => fetcher.close());
  const engine = createEngine();
  const metrics = createMetrics();
  let stopping: Promise<void> | undefined;
  let retention: RetentionJob | undefined;
  // The app's logger exists only once the app is built; alerts log through it from then on.
  let log: AlertsLogger | undefined;
  const checkpointer = startWalCheckpointer(db, {
    onError: (error) => log?.error({ err: error }, 'WAL checkpoint failed'),
  });
  made.push(() => checkpointer.stop());
  const alerts = createAlerts({
    store,
    clock,
    policy: { allowPrivateNetworks: config.allowPrivateNetworks },
    publicUrl: config.publicUrl,
    logger: {
      info: (fields, message) => log?.info(fields, message),
      warn: (fields, message) => log?.warn(fields, message),
      error: (fields, message) => log?.error(fields, message),
    },
    ...(overrides.webhookCa !== undefined && { transport: { ca: overrides.webhookCa } }),
  });
  made.push(() => alerts.stop());
  const recorderSettings = {
    ...DEFAULT_RECORDER_SETTINGS,
    downAfterFailures: config.downAfterFailures,
    upAfterSuccesses: config.upAfterSuccesses,
  };
  const poller = createPoller(config, overrides, recorderSettings, () => clock.now(), engine, fetcher, store);
  made.push(() => poller.close());

  /** Metrics and alerts for every poll, wherever it ran. */
  async function observed<T>(
    provider: PollTarget,
    signal: AbortSignal | undefined,
    poll: Promise<T>,
    summary: (result: T) => PollSummary,
  ): Promise<T> {
    const started = clock.now();
    try {
      const result = await poll;
      const { error, path, eventCount } = summary(result);
      // Alerts go out as soon as a poll produced events, not at the next delivery tick.
      if (eventCount > 0) void alerts.routeNewEvents().catch(() => undefined);
      const outcome = error !== undefined ? 'error' : path === 'unchanged' ? 'ok' : 'changed';
      metrics.observePoll({ providerId: provider.id, durationMs: clock.now() - started, outcome });
      return result;
    } catch (error) {
      metrics.observePoll({
        providerId: provider.id,
        durationMs: clock.now() - started,
        outcome: signal?.aborted === true ? 'aborted' : 'error',
      });
      throw error;
    }
  }

  // The outcome of the last claim pass: a failed pass leaves its providers due, so the next pass that completes has
  // made the same write (or found nothing left to claim). /readyz reads it as whether the database takes writes.
  let schedulerWriteFailed = false;
  const passFailures = passFailureReporter(
    () => log,
    () => clock.now(),
  );
  let scheduler: Scheduler | undefined;
  const service = createMonitorService({
    providers: store.providers,
    policy: { allowPrivateNetworks: config.allowPrivateNetworks },
    now: () => clock.now(),
    probe: (provider, signal) => observed(provider, signal, poller.probe(provider, signal), summarizeProbe),
    probeSummary: (provider, signal) =>
      observed(provider, signal, poller.probeSummary(provider, signal), (summary) => summary),
    wake: () => scheduler?.wake(),
    providersFileSet: config.providersFile !== undefined,
  });
  scheduler = createScheduler(
    {
      clock,
      store: schedule,
      poll: (provider, signal) => service.pollScheduled(provider.id, signal),
      onEvent(event) {
        if (event.type === 'poll-started') metrics.observeSchedulerLag(event.lagMs);
        else if (event.type === 'tick') {
          schedulerWriteFailed = false;
          metrics.observeSchedulerPass(clock.now());
          passFailures.recovered();
        } else if (event.type === 'pass-failed') {
          schedulerWriteFailed = true;
          passFailures.failed(event.error);
        }
      },
    },
    { concurrency: config.concurrency, perHostConcurrency: config.perHostConcurrency },
  );
  const activeScheduler = scheduler;

  const adhoc: AdhocChecker = {
    async check(request, settings) {
      const options = {
        ...DEFAULT_CHECK_OPTIONS,
        minKeys: settings.minKeys ?? undefined,
        maxKeys: settings.maxKeys ?? undefined,
      };
      const deps = {
        fetch: (url: string) => fetcher.get(url),
        readFile: readBoundedFile,
        engine,
        now: () => new Date(clock.now()),
      };
      if ('url' in request)
        return checkTarget(
          request.url,
          { ...deps, readFile: () => Promise.reject(new AppError('INPUT_UNREADABLE', 'not a URL')) },
          { profile: settings.profile, options },
        );
      return judgePosted(request.document, deps, settings.profile, options);
    },
  };

  const app = await buildApp({
    store,
    service,
    adhoc,
    webhooks: alerts.webhooks,
    readiness: () => ({
      database: db.open && !schedulerWriteFailed,
      migrations: db.open && migrationsCurrent,
      // Not ready from the moment a stop begins: no more polls are claimed, and a load balancer should move on at
      // once rather than when the last pass grows stale (review of the metrics, defect 6).
      scheduler:
        stopping === undefined &&
        activeScheduler.lastPassAt !== undefined &&
        clock.now() - activeScheduler.lastPassAt < SCHEDULER_STALE_AFTER_MS,
    }),
    metrics: () => metrics.stream(store.providers),
    apiToken: config.apiToken,
    metricsPublic: config.metricsPublic,
    publicUrl: config.publicUrl,
    logger: overrides.logger ?? false,
  });
  made.push(() => app.close());

  log = app.log;
  const ticker = overrides.ticker ?? cronTicker();

  async function reloadProvidersFile(): Promise<void> {
    if (config.providersFile === undefined) return;
    const inputs = await loadProvidersFile(config.providersFile, {
      policy: { allowPrivateNetworks: config.allowPrivateNetworks },
    });
    // All or nothing: a file with any problem changes nothing.
    const summary = syncProvidersFile(inputs, service, store.providers, {
      atomically: (work) => store.db.transaction(work)(),
    });
    app.log.info({ providersFile: config.providersFile, ...summary }, 'providers file applied');
  }

  // Spread first: a file that adds or changes a provider wakes the scheduler, which would otherwise claim every
  // overdue provider at once, before the server even listens.
  schedule.spreadOverdue(clock.now());
  await reloadProvidersFile();

  return {
    app,
    store,
    service,
    scheduler: activeScheduler,
    reloadProvidersFile,
    start() {
      activeScheduler.tick();
      ticker.start(() => activeScheduler.tick());
      alerts.start();
      retention ??= startRetentionJob({
        prune: (now) => store.pruneRuns({ now, retentionDays: config.retentionDays }),
        now: () => clock.now(),
        onPruned: (result) => app.log.info({ deleted: result.deleted, more: result.more }, 'old run rows pruned'),
        onError: (error) => app.log.error({ err: error }, 'pruning old run rows failed; retrying at the next run'),
        ...overrides.retention,
      });
    },
    stop() {
      stopping ??= (async () => {
        // One grace period for the whole stop: polls in flight first, then webhook attempts in what is left of it.
        const deadline = clock.now() + config.shutdownGraceMs;
        ticker.stop();
        retention?.stop();
        try {
          await activeScheduler.stop(config.shutdownGraceMs);
        } catch (error) {
          // Giving unstarted claims their due time back is a write; if the database refuses it, the stop goes on
          // (a provider claimed but never polled is caught at the next start).
          app.log.error({ err: error }, 'giving unstarted polls their due time back failed');
        }
        await alerts.stop(Math.max(0, deadline - clock.now()));
        await app.close();
        await poller.close();
        await fetcher.close();
        await checkpointer.stop();
        store.close();
      })();
      return stopping;
    },
  };
}

/**
 * Polls run on the main thread, or with POLL_WORKERS in that many worker threads, each with its own fetcher,
 * engine and database connection. The main thread's fetcher and engine still serve the API's ad-hoc checks.
 */
function createPoller(
  config: ServiceConfig,
  overrides: ServiceOverrides,
  recorderSettings: RecorderSettings,
  now: () => number,
  engine: Engine,
  fetcher: Fetcher,
  store: Store,
): Poller {
  // Every write happens here, on the main thread's connection, wherever the poll ran.
  const recorder = groupedRecorder(store.poll, recorderSettings);
  if (config.pollWorkers === 0) {
    return inProcessPoller(
      {
        fetch: fetcher.get.bind(fetcher),
        engine,
        now,
        recorder,
        memory: createDocumentMemory(DOCUMENT_MEMORY_ENTRIES),
        recorderSettings,
        unconditionalEvery: config.unconditionalEvery,
      },
      async () => undefined,
    );
  }
  const { lookup, classifyAddress, ...cloneable } = overrides.fetcher ?? {};
  if (lookup !== undefined || classifyAddress !== undefined)
    throw new TypeError('POLL_WORKERS cannot carry a lookup or classifyAddress override into worker threads');
  return createPollWorkerPool(
    config.pollWorkers,
    {
      fetcher: { ...fetcherOptionsOf(config), ...cloneable },
      recorderSettings,
      unconditionalEvery: config.unconditionalEvery,
      // Each worker remembers the documents of its own share of the providers.
      documentMemoryEntries: Math.ceil(DOCUMENT_MEMORY_ENTRIES / config.pollWorkers),
    },
    recorder,
  );
}

/** A claim pass failing every second (a full disk) would log 3,600 errors an hour: the first, then one a minute. */
const PASS_FAILURE_LOG_EVERY_MS = 60_000;

/** Logs claim-pass failures at error: the first of a run at once, then one a minute with the count; the end at info. */
function passFailureReporter(log: () => AlertsLogger | undefined, now: () => number) {
  let failures = 0;
  let loggedAt = 0;
  return {
    failed(error: unknown): void {
      failures++;
      if (failures > 1 && now() - loggedAt < PASS_FAILURE_LOG_EVERY_MS) return;
      loggedAt = now();
      log()?.error({ err: error, failures }, 'scheduler claim pass failed; no provider is claimed until one succeeds');
    },
    recovered(): void {
      if (failures === 0) return;
      log()?.info({ failures }, 'scheduler claim pass succeeded again');
      failures = 0;
    },
  };
}

function fetcherOptionsOf(config: ServiceConfig): FetcherOptions {
  return {
    allowPrivateNetworks: config.allowPrivateNetworks,
    connectTimeoutMs: config.fetchConnectTimeoutMs,
    totalTimeoutMs: config.fetchTimeoutMs,
    maxBodyBytes: config.fetchMaxBodyBytes,
    maxRedirects: config.fetchMaxRedirects,
    userAgent: `jwks-monitor/${VERSION}`,
  };
}

/** A posted document: its JSON text is judged as if read from a file (no transport rules, no jwks_uri fetch). */
async function judgePosted(
  document: unknown,
  deps: Parameters<typeof judge>[1] & { readFile(path: string): Promise<Uint8Array> },
  profile: Parameters<AdhocChecker['check']>[1]['profile'],
  options: typeof DEFAULT_CHECK_OPTIONS,
) {
  // JSON.stringify recurses: an object nested 5,000 deep overflowed the stack and answered 500 (review of the
  // API, defect 2). The parser would refuse anything past its limit anyway, so such a request is refused first.
  if (typeof document !== 'string' && nestsDeeperThan(document, DEFAULT_MAX_DEPTH)) {
    const problem = `nests deeper than ${DEFAULT_MAX_DEPTH} levels, the nesting limit for a document`;
    throw new AppError('VALIDATION_FAILED', `body.document ${problem}`, {
      details: { fields: [{ field: 'body.document', problem }] },
    });
  }
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  const bytes = Buffer.from(text, 'utf8');
  return checkTarget(
    'posted document',
    { ...deps, fetch: () => Promise.reject(new AppError('INPUT_UNREADABLE', 'no fetch')), readFile: async () => bytes },
    { profile, options },
  );
}

/** Whether arrays and objects nest more than `limit` deep in a parsed JSON value; without recursion. */
function nestsDeeperThan(root: unknown, limit: number): boolean {
  const pending: { readonly value: object; readonly depth: number }[] = [];
  if (typeof root === 'object' && root !== null) pending.push({ value: root, depth: 0 });
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth === limit) return true;
    for (const child of Array.isArray(next.value) ? next.value : Object.values(next.value))
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}
