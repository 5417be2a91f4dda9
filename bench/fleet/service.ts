/**
 * The service under test, forked by bench/run.ts into its own process so its CPU and RSS are its own: the real
 * composition root (createMonitorApp) on a database file, with providers registered through the service's own
 * create (the code behind POST /api/v1/providers and the providers file). Two ways to load it:
 *   - 'scheduler': app.start(), the production node-cron ticker and the real scheduler;
 *   - 'closed-loop': `concurrency` workers call service.pollScheduled over the providers as fast as they complete (the
 *     whole poll path, probe + checks + record + metrics, without the scheduler), to find the capacity.
 * Commands: init, start, sample, stop (then init again, e.g. with another fetcher), profile-start, profile-stop,
 * heap-snapshot, exit.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { AddressInfo } from 'node:net';
import type { MonitorApp } from '../../src/compose.js';
import { registerFleet } from './register.js';
import { exitSoon, serveRpc } from './rpc.js';
import { isRecord, numbers, Reservoir, scrapeFigures, text } from './stats.js';

/** The repository: the nearest directory above this file with a package.json (the file runs transpiled, from
 * bench/results/fleet-build/, see compile-service.ts). */
function repositoryRoot(): URL {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    if (existsSync(new URL('package.json', dir))) return dir;
    if (new URL('../', dir).href === dir.href) throw new Error(`no package.json above ${import.meta.url}`);
  }
}

// The service runs as production runs it: the JavaScript tsc compiled into dist/ (bench/run.ts builds it first),
// not tsx's on-the-fly output, whose keepNames helper adds a call to every closure the poll path creates.
const DIST = new URL('dist/', repositoryRoot());
const fromDist = (path: string): string => new URL(path, DIST).href;
const { createMonitorApp, MIGRATIONS_DIR } = (await import(
  fromDist('compose.js')
)) as typeof import('../../src/compose.js');
const { loadConfig } = (await import(fromDist('config.js'))) as typeof import('../../src/config.js');
const { applyHeapGrowingPercent } = (await import(
  fromDist('heap-growing.js')
)) as typeof import('../../src/heap-growing.js');
const { POLL_DURATION_BUCKETS_SECONDS, SCHEDULER_LAG_BUCKETS_SECONDS } = (await import(
  fromDist('metrics/registry.js')
)) as typeof import('../../src/metrics/registry.js');
const { createMonitorService } = (await import(
  fromDist('service/monitor-service.js')
)) as typeof import('../../src/service/monitor-service.js');
const { migrate } = (await import(fromDist('store/migrate.js'))) as typeof import('../../src/store/migrate.js');
const { openDatabase } = (await import(
  fromDist('store/open-database.js')
)) as typeof import('../../src/store/open-database.js');
const { createStore } = (await import(fromDist('store/store.js'))) as typeof import('../../src/store/store.js');

// tsx turns source maps on; production (node bin/jwks-monitor.js) runs without them, and with them every
// Error's stack costs a source-map lookup.
process.setSourceMapsEnabled(false);

const LIFETIME_MS = 20 * 60 * 1000;
const LATENCY_SAMPLES = 200_000;
const MAX_RUN_MS = 10 * 60 * 1000;

const rssAtStart = process.memoryUsage().rss;
let monitor: MonitorApp | undefined;
let dbPath = '';
let mode: 'closed-loop' | 'scheduler' = 'scheduler';
let concurrency = 1;
let ids: number[] = [];
let running = false;
let workers: Promise<void>[] = [];
let cursor = 0;
const latency = new Reservoir(LATENCY_SAMPLES);
let lastError = '';

const registration = { openDatabase, migrate, migrationsDir: MIGRATIONS_DIR, createStore, createMonitorService };

async function init(args: unknown): Promise<unknown> {
  const n = numbers(
    args,
    [
      'providers',
      'intervalSeconds',
      'register',
      'keepAlive',
      'concurrency',
      'perHostConcurrency',
      'connectionsPerOrigin',
      'listen',
      'pollWorkers',
    ],
    'service init',
  );
  dbPath = text(isRecord(args) ? args.dbPath : undefined, 'service init dbPath');
  const origin = text(isRecord(args) ? args.fleetOrigin : undefined, 'service init fleetOrigin');
  const ca = text(isRecord(args) ? args.ca : undefined, 'service init ca');
  const requested = isRecord(args) ? args.mode : undefined;
  if (requested !== 'closed-loop' && requested !== 'scheduler') throw new Error('service init: mode');
  mode = requested;
  concurrency = n.concurrency;
  const registerMs = n.register === 1 ? registerFleet(registration, dbPath, origin, n.providers, n.intervalSeconds) : 0;

  const env = {
    DATABASE_PATH: dbPath,
    ALLOW_PRIVATE_NETWORKS: '1',
    SCHEDULER_CONCURRENCY: String(n.concurrency),
    SCHEDULER_PER_HOST_CONCURRENCY: String(n.perHostConcurrency),
    POLL_WORKERS: String(n.pollWorkers),
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    // `HEAP_GROWING_PERCENT=0 npm run bench` measures the service with V8's own heap growing.
    ...(process.env.HEAP_GROWING_PERCENT !== undefined && { HEAP_GROWING_PERCENT: process.env.HEAP_GROWING_PERCENT }),
  };
  const config = loadConfig(env);
  // As serve() does: the service is measured as `npm start` runs it.
  applyHeapGrowingPercent(config.heapGrowingPercent);
  const built = performance.now();
  monitor = await createMonitorApp(config, {
    fetcher: { ca: [ca], keepAlive: n.keepAlive === 1, connectionsPerOrigin: n.connectionsPerOrigin },
  });
  const buildMs = performance.now() - built;
  ids = monitor.store.providers.listLatestStates().map((s) => s.id);
  let port = 0;
  if (n.listen === 1) {
    await monitor.app.listen({ host: '127.0.0.1', port: 0 });
    const address: AddressInfo | string | null = monitor.app.server.address();
    port = address !== null && typeof address !== 'string' ? address.port : 0;
  }
  return {
    registered: ids.length,
    registerMs,
    buildMs,
    port,
    rssAtStart,
    rss: process.memoryUsage().rss,
    env: JSON.stringify(env),
  };
}

/** One closed-loop lane: the scheduler's own poll call (service.pollScheduled), back to back. Outcomes are
 * counted by the service's metrics, as in scheduler mode. */
async function worker(app: MonitorApp, deadline: number): Promise<void> {
  const never = new AbortController().signal;
  while (running && performance.now() < deadline) {
    const id = ids[cursor++ % ids.length] ?? 0;
    const started = performance.now();
    try {
      await app.service.pollScheduled(id, never);
      latency.add(performance.now() - started);
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
  }
}

function start(): unknown {
  if (monitor === undefined) throw new Error('service not initialised');
  if (mode === 'scheduler') {
    monitor.start();
    return {};
  }
  running = true;
  const deadline = performance.now() + MAX_RUN_MS;
  const app = monitor;
  workers = Array.from({ length: concurrency }, () => worker(app, deadline));
  return {};
}

/** Tables a poll may add rows to; an unchanged poll should add none. */
const HISTORY_TABLES = ['snapshots', 'provider_snapshots', 'keys', 'incidents', 'runs', 'events'] as const;

function historyRows(app: MonitorApp): number {
  let rows = 0;
  for (const table of HISTORY_TABLES) {
    try {
      rows += Number(app.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
    } catch {
      // a table this schema does not have
    }
  }
  return rows;
}

function fileBytes(path: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(path + suffix).size;
    } catch {
      // absent
    }
  }
  return total;
}

/**
 * The service's own figures. With `{ scrape: true }` (the default) it also reads /metrics in process, through
 * inject, for the poll counts; the scheduler phase, whose server listens, reads /metrics over HTTP instead, as
 * Prometheus does: inject holds the whole 11.6 MiB answer in this process, where a scrape over a socket streams it.
 */
async function sample(args: unknown): Promise<unknown> {
  if (monitor === undefined) throw new Error('service not initialised');
  const scrape = !(isRecord(args) && args.scrape === false);
  // CPU first: the /metrics render below is the bench's own cost, not the window's.
  const cpu = process.cpuUsage();
  const t = performance.now();
  const memory = process.memoryUsage();
  const db = monitor.store.db;
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const usedPages =
    Number(db.pragma('page_count', { simple: true })) - Number(db.pragma('freelist_count', { simple: true }));
  const window = latency.drain();
  const rows = historyRows(monitor);
  const own = {
    t,
    cpuUs: cpu.user + cpu.system,
    latencyP50: window.p50,
    latencyP90: window.p90,
    latencyP99: window.p99,
    latencyMax: window.max,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    dbUsedBytes: usedPages * pageSize,
    historyRows: rows,
    dbFileBytes: fileBytes(dbPath),
    pending: monitor.scheduler.pending,
    inFlight: monitor.scheduler.inFlight,
    lastError,
  };
  if (!scrape) return own;
  // Poll counts come from the service's own metrics in both modes (the closed loop calls pollScheduled, which
  // returns nothing); the render is timed as a scrape would see it.
  const before = performance.now();
  const response = await monitor.app.inject({ method: 'GET', url: '/metrics' });
  const renderMs = performance.now() - before;
  const body = response.body;
  return {
    ...own,
    ...scrapeFigures(body, SCHEDULER_LAG_BUCKETS_SECONDS, POLL_DURATION_BUCKETS_SECONDS),
    renderMs,
    metricsBytes: Buffer.byteLength(body),
  };
}

let profiler: Session | undefined;

/** Starts V8's CPU profiler in this process (bench --profile), so a profile covers one measured window only. */
async function profileStart(): Promise<unknown> {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 500 });
  await profiler.post('Profiler.start');
  return {};
}

/** Stops the profiler and writes the .cpuprofile to `path` (bench/fleet/profile-summary.ts reads it). */
async function profileStop(args: unknown): Promise<unknown> {
  const path = text(isRecord(args) ? args.path : undefined, 'profile path');
  if (profiler === undefined) return {};
  const { profile } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  profiler = undefined;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(profile));
  return { path };
}

/** Writes a V8 heap snapshot of this process to `path` (bench --heap-snapshot): what the service holds per provider. */
function heapSnapshot(args: unknown): unknown {
  const path = text(isRecord(args) ? args.path : undefined, 'heap snapshot path');
  mkdirSync(dirname(path), { recursive: true });
  return { path: writeHeapSnapshot(path) };
}

/** Stops the load and the app (the database stays); `init` may then build another app on it. */
async function stop(): Promise<unknown> {
  running = false;
  await Promise.all(workers);
  workers = [];
  await monitor?.stop();
  monitor = undefined;
  return { dbFileBytes: fileBytes(dbPath) };
}

serveRpc(
  {
    init,
    start,
    sample,
    stop,
    'profile-start': profileStart,
    'profile-stop': profileStop,
    'heap-snapshot': heapSnapshot,
    exit: exitSoon(stop),
  },
  LIFETIME_MS,
);
