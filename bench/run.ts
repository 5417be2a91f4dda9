/**
 * `npm run bench` (about 6 minutes) and `npm run bench -- --quick` (under 60 s): the whole service against a naive
 * poller, side by side, on one fake IdP fleet on loopback (issue 7). The fleet and every poller run in their own
 * processes (bench/fleet/idp.ts, bench/fleet/service.ts, bench/naive.ts) so that each one's CPU and RSS are its
 * own; this process only orchestrates and times the API over HTTP. bench/fleet/README.md describes the fleet.
 *
 * Phases, each on the same fleet:
 *   1. the floor (an undici GET and nothing else), then the naive poller, keep-alive and with a new TLS connection
 *      per poll (closed loop, C polls in flight);
 *   2. the service in a closed loop over service.pollScheduled (its capacity, same C): windows with none, 2% and all
 *      polls changing; then a new TLS connection per poll;
 *   3. the service with its real scheduler and the production ticker: N providers at one interval (full: 20,000
 *      every 60 s; --quick: 1,000 every 10 s) from a fresh database: warm-up, a window with nothing changing, one
 *      with 2% changing; lag, CPU per poll, RSS, database growth, API and /metrics latency with N registered.
 * Flags: --quick; --profile (a CPU profile of each measured window of the service, into bench/results/profiles/);
 * --keep (keep the databases). Output: a table, bench/results/bench-<timestamp>.json, and a last line `bench: …`.
 * Bounded: loopback only; every loop is limited in count and time; every child is killed by its pid at the end, on
 * error, on SIGINT and SIGTERM.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { ENV_SETTINGS } from '../src/config.js';
import { POLL_DURATION_BUCKETS_SECONDS, SCHEDULER_LAG_BUCKETS_SECONDS } from '../src/metrics/registry.js';
import { serviceNodeFlags } from './fleet/node-flags.js';
import { compileServiceChild } from './fleet/compile-service.js';
import { killAllChildren, startChild, stopChild, type Child } from './fleet/rpc.js';
import {
  histogramQuantile,
  member,
  numberArray,
  numbers,
  quantiles,
  round,
  scrapeFigures,
  sleep,
  text,
  type Quantiles,
} from './fleet/stats.js';
import { table } from './support.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = join(HERE, 'results');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const PROFILE = args.has('--profile');
const KEEP = args.has('--keep');
const HEAP_SNAPSHOT = args.has('--heap-snapshot');

/**
 * POLL_WORKERS per phase, each at the setting a user would run it with: the closed loop measures capacity, which on
 * this 2-core machine needs a poll thread per core; 20,000 providers a minute (333 polls/s) need a third of one
 * core, so the scheduler phase runs the default, on the main thread, where RSS is not spent on a second and third
 * V8 heap. BENCH_CLOSED_LOOP_POLL_WORKERS and BENCH_SCHEDULER_POLL_WORKERS override them.
 */
const POLL_WORKERS = {
  closedLoopPollWorkers: Number(process.env.BENCH_CLOSED_LOOP_POLL_WORKERS ?? 2),
  schedulerPollWorkers: Number(process.env.BENCH_SCHEDULER_POLL_WORKERS ?? 0),
};

/** Everything that shapes the load; printed with the results. */
const PLAN = QUICK
  ? {
      mode: 'quick',
      concurrency: 64,
      ...POLL_WORKERS,
      closedLoopProviders: 300,
      schedulerProviders: 1_000,
      naiveWarmMs: 1_000,
      naiveMs: 3_000,
      naiveTlsMs: 2_500,
      floorMs: 2_500,
      loopWarmRounds: 4,
      loopMixMs: 4_000,
      loopOffMs: 2_000,
      loopAllMs: 1_500,
      tlsWarmRounds: 1,
      tlsMs: 2_500,
      // 1,000 providers every 10 s: the first cycle records baselines, the window after it still confirms them.
      schedulerIntervalSeconds: 10,
      schedWarmMs: 10_500,
      schedWarmRounds: 0,
      schedWarmLimitMs: 0,
      schedMixMs: 4_000,
      schedOffMs: 0,
      apiRequests: 40,
      apiIdle: false,
    }
  : {
      mode: 'full',
      concurrency: 64,
      ...POLL_WORKERS,
      closedLoopProviders: 1_000,
      schedulerProviders: 20_000,
      naiveWarmMs: 2_000,
      naiveMs: 15_000,
      naiveTlsMs: 10_000,
      floorMs: 8_000,
      loopWarmRounds: 3,
      loopMixMs: 15_000,
      loopOffMs: 8_000,
      loopAllMs: 8_000,
      tlsWarmRounds: 1,
      tlsMs: 12_000,
      // 20,000 providers every 60 s: warm until every provider has its baseline confirmed (two polls each) and the
      // backlog is gone, then one interval with 2% changing and one with nothing changing.
      schedulerIntervalSeconds: 60,
      schedWarmMs: 0,
      schedWarmRounds: 2,
      schedWarmLimitMs: 300_000,
      schedMixMs: 60_000,
      schedOffMs: 60_000,
      apiRequests: 300,
      apiIdle: true,
    };

const FLEET = { rotatingFraction: 0.02, etagFraction: 0.6, corsFraction: 0.5 } as const;
const CLOSED_LOOP_INTERVAL_SECONDS = 10;
/** The bench reads /metrics this often during scheduler phases, over HTTP as a Prometheus scrape would (its render
 * is work in the service, so it is part of the load, not only a probe). */
const SAMPLE_EVERY_MS = 15_000;
const DB_PAGE_BYTES = 4_096;
const POLLS_PER_PROVIDER_DAY = 24 * 60; // at a one-minute interval
const TARGETS = {
  pollsPerS: 5_000,
  vsNaive: 4,
  tlsPollsPerS: 450,
  lagP99Ms: 1_000,
  dbBytesPerProviderDay: 1_024,
  listP99Ms: 20,
  rssMb: 300,
} as const;

/**
 * The node flags of `npm start`: the service is measured as a user runs it. BENCH_SERVICE_NODE_FLAGS replaces
 * them (space-separated), e.g. `--optimize-for-size` to measure the memory it saves and the CPU it costs.
 */
const SERVICE_NODE_FLAGS =
  process.env.BENCH_SERVICE_NODE_FLAGS === undefined
    ? serviceNodeFlags()
    : process.env.BENCH_SERVICE_NODE_FLAGS.split(/\s+/).filter((flag) => flag !== '');

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const workDir = join(RESULTS_DIR, `run-${stamp}`);
const profileDir = join(RESULTS_DIR, 'profiles');

/** With --profile, the service child's CPU profile of one measured window, written to bench/results/profiles/. */
async function profiled<T>(child: Child, name: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE) return work();
  await child.call('profile-start');
  try {
    return await work();
  } finally {
    const path = join(profileDir, `${stamp}-${name}.cpuprofile`);
    await child.call('profile-stop', { path }, 120_000);
    console.error(`    profile: ${relative(process.cwd(), path)} (npx tsx bench/fleet/profile-summary.ts <file>)`);
  }
}

/**
 * The service child runs the compiled dist/ (as `npm start` does); it is rebuilt when any source file is newer
 * than the last build, so a bench never measures stale code.
 */
function ensureBuilt(): void {
  const root = join(HERE, '..');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .reduce((latest, entry) => Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
  const built = existsSync(join(root, 'dist', 'compose.js')) ? statSync(join(root, 'dist', 'compose.js')).mtimeMs : 0;
  if (built > newest(join(root, 'src'))) return;
  process.stdout.write('  building dist/ (tsc) … ');
  const started = performance.now();
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
}

let builtServiceScript: URL | undefined;

/** The service child's script: bench/fleet/service.ts transpiled (compile-service.ts says why), once per run. */
function serviceScript(): URL {
  if (builtServiceScript === undefined) throw new Error('the service child is not compiled yet');
  return builtServiceScript;
}

// ---------------------------------------------------------------------------------------------------------------
// Samples and windows

const POLLER_FIELDS = ['t', 'cpuUs', 'rss', 'latencyP50', 'latencyP90', 'latencyP99', 'latencyMax'] as const;
/** A service sample's own figures; SCRAPE_FIELDS come from its /metrics. */
const SERVICE_OWN_FIELDS = [
  ...POLLER_FIELDS,
  'heapUsed',
  'external',
  'dbUsedBytes',
  'historyRows',
  'dbFileBytes',
  'pending',
  'inFlight',
] as const;
const SCRAPE_FIELDS = ['ok', 'changed', 'error', 'aborted', 'renderMs', 'metricsBytes'] as const;
const SERVICE_FIELDS = [...SERVICE_OWN_FIELDS, ...SCRAPE_FIELDS] as const;
const NAIVE_FIELDS = [...POLLER_FIELDS, 'polls', 'errors', 'keys', 'bytes', 'dbBytes'] as const;
const FLEET_FIELDS = [
  't',
  'cpuUs',
  'requests',
  'ok',
  'notModified',
  'notFound',
  'changed',
  'bytes',
  'connections',
  'resumed',
  'rss',
] as const;

type ServiceSample = Record<(typeof SERVICE_FIELDS)[number], number> & {
  lag: number[];
  duration: number[];
  lastError: string;
};
type NaiveSample = Record<(typeof NAIVE_FIELDS)[number], number> & { lastError: string };
type FleetSample = Record<(typeof FLEET_FIELDS)[number], number> & { machineBusyS: number };

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux
/** CPU seconds the whole machine has spent busy (all cores, all processes) since boot; NaN off Linux. */
function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
      .trim()
      .split(/\s+/)
      .map(Number);
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_S;
  } catch {
    return Number.NaN;
  }
}

/**
 * A sample of the service child. With `port` (its server listens: the scheduler phase) this process reads /metrics
 * over HTTP, as a Prometheus scrape does, so the service streams it instead of holding it whole; without, the child
 * reads it in process.
 */
async function serviceSample(child: Child, port?: number): Promise<ServiceSample> {
  if (port === undefined) {
    const raw = await child.call('sample');
    return {
      ...numbers(raw, SERVICE_FIELDS, 'service sample'),
      lag: numberArray(member(raw, 'lag'), 'lag'),
      duration: numberArray(member(raw, 'duration'), 'duration'),
      lastError: text(member(raw, 'lastError'), 'lastError'),
    };
  }
  const raw = await child.call('sample', { scrape: false });
  const started = performance.now();
  const response = await request(`http://127.0.0.1:${port}/metrics`);
  const body = await response.body.text();
  const renderMs = performance.now() - started;
  if (response.statusCode !== 200) throw new Error(`GET /metrics answered ${response.statusCode}`);
  const { lag, duration, ...counts } = scrapeFigures(
    body,
    SCHEDULER_LAG_BUCKETS_SECONDS,
    POLL_DURATION_BUCKETS_SECONDS,
  );
  return {
    ...numbers(raw, SERVICE_OWN_FIELDS, 'service sample'),
    ...counts,
    renderMs,
    metricsBytes: Buffer.byteLength(body),
    lag,
    duration,
    lastError: text(member(raw, 'lastError'), 'lastError'),
  };
}

async function naiveSample(child: Child): Promise<NaiveSample> {
  const raw = await child.call('sample');
  return { ...numbers(raw, NAIVE_FIELDS, 'naive sample'), lastError: text(member(raw, 'lastError'), 'lastError') };
}

async function fleetSample(fleet: Child): Promise<FleetSample> {
  return { ...numbers(await fleet.call('sample'), FLEET_FIELDS, 'fleet sample'), machineBusyS: machineBusySeconds() };
}

interface Window {
  readonly seconds: number;
  readonly polls: number;
  readonly pollsPerS: number;
  readonly cpuUsPerPoll: number;
  /** Cores the poller used on average. */
  readonly pollerCores: number;
  readonly changed: number;
  readonly errors: number;
  readonly fleetCpuUsPerRequest: number;
  readonly fleetCores: number;
  readonly fleetRequests: number;
  /** Cores busy on the whole machine, and what of that was neither the poller nor the fleet (other work). */
  readonly machineCores: number;
  readonly otherCores: number;
  readonly notModifiedShare: number;
  readonly changedShareServed: number;
  readonly newConnectionsPerPoll: number;
  readonly resumedShare: number;
  readonly latencyMs: Omit<Quantiles, 'count'>;
  readonly dbGrowthBytes: number;
  readonly dbBytesPer1000Polls: number;
  /** Rows added to the history tables (snapshots, provider_snapshots, keys, incidents, runs, events); naive: its own. */
  readonly rowsAdded: number;
  /** One database page over the window's polls: the smallest growth per poll the page count can show. */
  readonly dbResolutionBytesPerPoll: number;
  readonly rssMb: number;
  readonly lastError: string;
}

function fleetPart(f0: FleetSample, f1: FleetSample, seconds: number, polls: number, pollerCores: number) {
  const requests = f1.requests - f0.requests;
  const connections = f1.connections - f0.connections;
  const machineCores = (f1.machineBusyS - f0.machineBusyS) / seconds;
  const fleetCores = (f1.cpuUs - f0.cpuUs) / (seconds * 1e6);
  return {
    machineCores,
    otherCores: Math.max(0, machineCores - fleetCores - pollerCores),
    fleetRequests: requests,
    fleetCpuUsPerRequest: (f1.cpuUs - f0.cpuUs) / Math.max(1, requests),
    fleetCores: (f1.cpuUs - f0.cpuUs) / (seconds * 1e6),
    notModifiedShare: (f1.notModified - f0.notModified) / Math.max(1, requests),
    changedShareServed: (f1.changed - f0.changed) / Math.max(1, requests),
    newConnectionsPerPoll: connections / Math.max(1, polls),
    resumedShare: (f1.resumed - f0.resumed) / Math.max(1, connections),
  };
}

function serviceWindow(s0: ServiceSample, s1: ServiceSample, f0: FleetSample, f1: FleetSample): Window {
  const seconds = (s1.t - s0.t) / 1_000;
  const polls = s1.ok + s1.changed + s1.error + s1.aborted - (s0.ok + s0.changed + s0.error + s0.aborted);
  const dbGrowthBytes = s1.dbUsedBytes - s0.dbUsedBytes;
  return {
    seconds,
    polls,
    pollsPerS: polls / seconds,
    cpuUsPerPoll: (s1.cpuUs - s0.cpuUs) / Math.max(1, polls),
    pollerCores: (s1.cpuUs - s0.cpuUs) / (seconds * 1e6),
    changed: s1.changed - s0.changed,
    errors: s1.error - s0.error,
    ...fleetPart(f0, f1, seconds, polls, (s1.cpuUs - s0.cpuUs) / (seconds * 1e6)),
    latencyMs: { p50: s1.latencyP50, p90: s1.latencyP90, p99: s1.latencyP99, max: s1.latencyMax },
    dbGrowthBytes,
    dbBytesPer1000Polls: (dbGrowthBytes / Math.max(1, polls)) * 1_000,
    rowsAdded: s1.historyRows - s0.historyRows,
    dbResolutionBytesPerPoll: DB_PAGE_BYTES / Math.max(1, polls),
    rssMb: s1.rss / 1_048_576,
    lastError: s1.lastError,
  };
}

function naiveWindow(s0: NaiveSample, s1: NaiveSample, f0: FleetSample, f1: FleetSample): Window {
  const seconds = (s1.t - s0.t) / 1_000;
  const polls = s1.polls - s0.polls;
  const dbGrowthBytes = s1.dbBytes - s0.dbBytes;
  return {
    seconds,
    polls,
    pollsPerS: polls / seconds,
    cpuUsPerPoll: (s1.cpuUs - s0.cpuUs) / Math.max(1, polls),
    pollerCores: (s1.cpuUs - s0.cpuUs) / (seconds * 1e6),
    changed: 0,
    errors: s1.errors - s0.errors,
    ...fleetPart(f0, f1, seconds, polls, (s1.cpuUs - s0.cpuUs) / (seconds * 1e6)),
    latencyMs: { p50: s1.latencyP50, p90: s1.latencyP90, p99: s1.latencyP99, max: s1.latencyMax },
    dbGrowthBytes,
    dbBytesPer1000Polls: (dbGrowthBytes / Math.max(1, polls)) * 1_000,
    rowsAdded: polls,
    dbResolutionBytesPerPoll: DB_PAGE_BYTES / Math.max(1, polls),
    rssMb: s1.rss / 1_048_576,
    lastError: s1.lastError,
  };
}

function histogramWindow(bounds: readonly number[], h0: readonly number[], h1: readonly number[]) {
  const ms = (q: number) => {
    const r = histogramQuantile(bounds, h0, h1, q);
    return { atMostMs: r.atMost * 1_000, interpolatedMs: r.interpolated * 1_000 };
  };
  return { count: (h1[h1.length - 1] ?? 0) - (h0[h0.length - 1] ?? 0), p50: ms(0.5), p99: ms(0.99) };
}

// ---------------------------------------------------------------------------------------------------------------
// The API, timed from this process over HTTP

async function timeApi(port: number, providers: number, count: number) {
  const agent = new Agent({ connections: 1 });
  const origin = `http://127.0.0.1:${port}`;
  const list: number[] = [];
  const detail: number[] = [];
  let failures = 0;
  const get = async (path: string, into: number[]) => {
    const started = performance.now();
    const response = await request(`${origin}${path}`, { dispatcher: agent });
    await response.body.arrayBuffer();
    into.push(performance.now() - started);
    if (response.statusCode !== 200) failures++;
  };
  try {
    for (let i = 0; i < count; i++) {
      // Every 4th request is the first page (the dashboard's default); the rest start at a random cursor.
      const after = i % 4 === 0 ? '' : `&after=${Math.floor(Math.random() * providers)}`;
      await get(`/api/v1/providers?limit=100${after}`, list);
      await get(`/api/v1/providers/${1 + Math.floor(Math.random() * providers)}`, detail);
    }
    const metricsMs: number[] = [];
    let metricsBytes = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const response = await request(`${origin}/metrics`, { dispatcher: agent });
      metricsBytes = (await response.body.arrayBuffer()).byteLength;
      metricsMs.push(performance.now() - started);
    }
    return { list: quantiles(list), detail: quantiles(detail), metrics: quantiles(metricsMs), metricsBytes, failures };
  } finally {
    await agent.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Phases

interface FleetInfo {
  readonly origin: string;
  readonly ca: string;
  readonly rotating: number;
  readonly withEtag: number;
  readonly materialGeneratedMs: number;
}

async function setRotation(fleet: Child, mode: 'fraction' | 'off' | 'all'): Promise<void> {
  await fleet.call('mode', { mode });
}

/** One naive-poller process, three runs: the floor (GET only), the naive poller keep-alive, and a new TLS connection per poll. */
async function naivePhases(fleet: Child, info: FleetInfo, phase: PhaseTimer) {
  const child = startChild('naive', new URL('./naive.ts', import.meta.url));
  const urls = Array.from({ length: PLAN.closedLoopProviders }, (_, i) => `${info.origin}/t/${i}/jwks`);
  const run = async (name: string, keepAlive: boolean, floor: boolean, measureMs: number): Promise<Window> => {
    await child.call('init', {
      urls,
      concurrency: PLAN.concurrency,
      keepAlive: keepAlive ? 1 : 0,
      floor: floor ? 1 : 0,
      ca: info.ca,
      dbPath: join(workDir, `${name}.db`),
    });
    await setRotation(fleet, 'fraction');
    await child.call('start');
    await sleep(PLAN.naiveWarmMs);
    const [s0, f0] = [await naiveSample(child), await fleetSample(fleet)];
    await sleep(measureMs);
    const [s1, f1] = [await naiveSample(child), await fleetSample(fleet)];
    await child.call('stop');
    return naiveWindow(s0, s1, f0, f1);
  };
  try {
    const floor = await phase('floor: undici request GET only, keep-alive', () =>
      run('floor', true, true, PLAN.floorMs),
    );
    const keepAlive = await phase('naive poller, keep-alive', () => run('naive-keepalive', true, false, PLAN.naiveMs));
    const newTls = await phase('naive poller, new TLS connection per poll', () =>
      run('naive-newtls', false, false, PLAN.naiveTlsMs),
    );
    return { floor, keepAlive, newTls };
  } finally {
    await stopChild(child);
  }
}

type PhaseTimer = <T>(name: string, run: () => Promise<T>) => Promise<T>;

function serviceInit(
  info: FleetInfo,
  options: {
    dbPath: string;
    providers: number;
    intervalSeconds: number;
    register: boolean;
    keepAlive: boolean;
    mode: 'closed-loop' | 'scheduler';
    listen: boolean;
  },
) {
  return {
    dbPath: options.dbPath,
    fleetOrigin: info.origin,
    ca: info.ca,
    providers: options.providers,
    intervalSeconds: options.intervalSeconds,
    register: options.register ? 1 : 0,
    keepAlive: options.keepAlive ? 1 : 0,
    concurrency: PLAN.concurrency,
    // Every provider of the fleet shares one origin (127.0.0.1:port), so the per-host cap (default 2, there to
    // protect one IdP from us) and the fetcher's sockets per origin (default 4) are raised to the global cap.
    perHostConcurrency: PLAN.concurrency,
    connectionsPerOrigin: PLAN.concurrency,
    mode: options.mode,
    listen: options.listen ? 1 : 0,
    pollWorkers: options.mode === 'closed-loop' ? PLAN.closedLoopPollWorkers : PLAN.schedulerPollWorkers,
  };
}

const INIT_FIELDS = ['registered', 'registerMs', 'buildMs', 'port', 'rssAtStart', 'rss'] as const;

const WARM_UP_LIMIT_MS = 60_000;

/** Waits until the service child has completed `count` more polls (bounded by WARM_UP_LIMIT_MS). */
async function untilPolls(child: Child, count: number): Promise<void> {
  const until = performance.now() + WARM_UP_LIMIT_MS;
  const done = async (): Promise<number> => {
    const n = numbers(await child.call('sample'), ['ok', 'changed', 'error', 'aborted'], 'service sample');
    return n.ok + n.changed + n.error + n.aborted;
  };
  const target = (await done()) + count;
  while (performance.now() < until) {
    if ((await done()) >= target) return;
    await sleep(250);
  }
  throw new Error(`warm-up: fewer than ${count} polls in ${WARM_UP_LIMIT_MS} ms`);
}

/** One service process: the closed loop with keep-alive (2%, 0%, 100% changing), then a new app on the same
 * database whose fetcher opens a new TLS connection per poll. */
async function closedLoopPhases(fleet: Child, info: FleetInfo, dbPath: string, phase: PhaseTimer) {
  const child = startChild('service-closed-loop', serviceScript(), {
    execArgv: SERVICE_NODE_FLAGS,
  });
  const init = (keepAlive: boolean) =>
    child.call(
      'init',
      serviceInit(info, {
        dbPath,
        providers: PLAN.closedLoopProviders,
        intervalSeconds: CLOSED_LOOP_INTERVAL_SECONDS,
        register: keepAlive,
        keepAlive,
        mode: 'closed-loop',
        listen: false,
      }),
      120_000,
    );
  try {
    const keepAlive = await phase('service closed loop, keep-alive: 0%, 2%, 100% changing', async () => {
      const started = numbers(await init(true), INIT_FIELDS, 'service init');
      // Warm up with nothing changing, so the first window sees only settled providers.
      await setRotation(fleet, 'off');
      await child.call('start');
      // Steady state: each provider's first poll records its baseline and its second confirms it.
      await untilPolls(child, PLAN.loopWarmRounds * PLAN.closedLoopProviders);
      const s0 = await serviceSample(child);
      const f0 = await fleetSample(fleet);
      await profiled(child, 'closed-loop-unchanged', () => sleep(PLAN.loopOffMs));
      const s1 = await serviceSample(child);
      const f1 = await fleetSample(fleet);
      await setRotation(fleet, 'fraction');
      const s2 = await serviceSample(child);
      const f2 = await fleetSample(fleet);
      await profiled(child, 'closed-loop-2pct', () => sleep(PLAN.loopMixMs));
      const s3 = await serviceSample(child);
      const f3 = await fleetSample(fleet);
      let allChanged: Window | undefined;
      if (PLAN.loopAllMs > 0) {
        await setRotation(fleet, 'all');
        await sleep(500);
        const s4 = await serviceSample(child);
        const f4 = await fleetSample(fleet);
        await sleep(PLAN.loopAllMs);
        allChanged = serviceWindow(s4, await serviceSample(child), f4, await fleetSample(fleet));
      }
      await setRotation(fleet, 'fraction');
      await child.call('stop', undefined, 60_000);
      return {
        init: started,
        unchanged: serviceWindow(s0, s1, f0, f1),
        mix: serviceWindow(s2, s3, f2, f3),
        allChanged,
      };
    });
    const newTls = await phase('service closed loop, new TLS connection per poll', async () => {
      const started = numbers(await init(false), INIT_FIELDS, 'service init');
      await child.call('start');
      // The recorder's state is in the database already; one round fills the new app's engine caches.
      await untilPolls(child, PLAN.tlsWarmRounds * PLAN.closedLoopProviders);
      const [s0, f0] = [await serviceSample(child), await fleetSample(fleet)];
      await profiled(child, 'closed-loop-newtls', () => sleep(PLAN.tlsMs));
      const [s1, f1] = [await serviceSample(child), await fleetSample(fleet)];
      await child.call('stop', undefined, 60_000);
      return { init: started, mix: serviceWindow(s0, s1, f0, f1) };
    });
    return { keepAlive, newTls };
  } finally {
    await stopChild(child);
  }
}

/** Sleeps `ms` while sampling the child every SAMPLE_EVERY_MS; returns the samples (for RSS peaks). */
async function sampling(child: Child, ms: number, into: ServiceSample[], port?: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) {
    await sleep(Math.min(left, SAMPLE_EVERY_MS));
    if (until - performance.now() > 1_000) into.push(await serviceSample(child, port));
  }
}

interface SchedulerTimeline {
  /** A fixed warm-up, or (warmRounds > 0) until warmRounds polls per provider are done and the backlog is under
   * one second of work, bounded by warmLimitMs: the first poll records a baseline, the second confirms it. */
  readonly warmMs: number;
  readonly warmRounds: number;
  readonly warmLimitMs: number;
  /** Nothing changing, right after the warm-up (0 = skipped). */
  readonly offMs: number;
  /** Then 2% of polls changing; the API is timed right after it, with the scheduler still running. */
  readonly mixMs: number;
}

async function schedulerPhase(
  fleet: Child,
  info: FleetInfo,
  dbPath: string,
  intervalSeconds: number,
  timeline: SchedulerTimeline,
) {
  const providers = PLAN.schedulerProviders;
  const child = startChild(`service-scheduler-${intervalSeconds}s`, serviceScript(), {
    execArgv: SERVICE_NODE_FLAGS,
  });
  const samples: ServiceSample[] = [];
  try {
    const rawInit = await child.call(
      'init',
      serviceInit(info, {
        dbPath,
        providers,
        intervalSeconds,
        register: true,
        keepAlive: true,
        mode: 'scheduler',
        listen: true,
      }),
      300_000,
    );
    const init = numbers(rawInit, INIT_FIELDS, 'service init');
    const env: unknown = JSON.parse(text(member(rawInit, 'env'), 'env'));
    // Before the scheduler starts: the API with nothing else running (skipped in --quick).
    const apiIdle = PLAN.apiIdle ? await timeApi(init.port, providers, PLAN.apiRequests) : undefined;
    // Warm up with nothing changing: every provider (the rotating ones too) records and confirms its baseline.
    await setRotation(fleet, 'off');
    const sStart = await serviceSample(child, init.port);
    const fStart = await fleetSample(fleet);
    await child.call('start');
    const warmStarted = performance.now();
    if (timeline.warmRounds > 0) {
      const target = sStart.ok + sStart.changed + sStart.error + timeline.warmRounds * providers;
      const until = warmStarted + timeline.warmLimitMs;
      for (;;) {
        await sleep(SAMPLE_EVERY_MS);
        const s = await serviceSample(child, init.port);
        samples.push(s);
        const steady = s.ok + s.changed + s.error >= target && s.pending < providers / intervalSeconds;
        if (steady || performance.now() > until) break;
      }
    } else {
      await sampling(child, timeline.warmMs, samples, init.port);
    }
    const warmSeconds = (performance.now() - warmStarted) / 1000;
    const s0 = await serviceSample(child, init.port);
    const f0 = await fleetSample(fleet);
    let unchanged: Window | undefined;
    let sMix = s0;
    let fMix = f0;
    if (timeline.offMs > 0) {
      await profiled(child, 'scheduler-unchanged', () => sampling(child, timeline.offMs, samples, init.port));
      sMix = await serviceSample(child, init.port);
      fMix = await fleetSample(fleet);
      unchanged = serviceWindow(s0, sMix, f0, fMix);
    }
    await setRotation(fleet, 'fraction');
    await profiled(child, 'scheduler-2pct', () => sampling(child, timeline.mixMs, samples, init.port));
    const s1 = await serviceSample(child, init.port);
    const f1 = await fleetSample(fleet);
    const apiLoaded = await timeApi(init.port, providers, PLAN.apiRequests);
    samples.push(s0, sMix, s1);
    if (HEAP_SNAPSHOT) {
      // After the last sample: writing a snapshot collects garbage and then doubles the process's memory for a while.
      const path = join(profileDir, `${stamp}-scheduler-${providers}.heapsnapshot`);
      await child.call('heap-snapshot', { path }, 300_000);
      console.error(`    heap snapshot: ${relative(process.cwd(), path)}`);
    }
    return {
      providers,
      intervalSeconds,
      offeredPollsPerS: providers / intervalSeconds,
      timeline,
      warmSeconds,
      init,
      env,
      apiIdle,
      apiLoaded,
      warmUp: {
        ...serviceWindow(sStart, s0, fStart, f0),
        lag: histogramWindow(SCHEDULER_LAG_BUCKETS_SECONDS, sStart.lag, s0.lag),
      },
      mix: {
        ...serviceWindow(sMix, s1, fMix, f1),
        lag: histogramWindow(SCHEDULER_LAG_BUCKETS_SECONDS, sMix.lag, s1.lag),
        duration: histogramWindow(POLL_DURATION_BUCKETS_SECONDS, sMix.duration, s1.duration),
      },
      unchanged,
      steadyLag: histogramWindow(SCHEDULER_LAG_BUCKETS_SECONDS, s0.lag, s1.lag),
      wholeRunLag: histogramWindow(SCHEDULER_LAG_BUCKETS_SECONDS, sStart.lag, s1.lag),
      rssMaxMb: Math.max(...samples.map((s) => s.rss)) / 1_048_576,
      heapUsedMaxMb: Math.max(...samples.map((s) => s.heapUsed)) / 1_048_576,
      externalMaxMb: Math.max(...samples.map((s) => s.external)) / 1_048_576,
      renderMs: quantiles(samples.map((s) => s.renderMs).filter(Number.isFinite)),
      pendingMax: Math.max(...samples.map((s) => s.pending)),
      dbFileBytes: s1.dbFileBytes,
    };
  } finally {
    await stopChild(child);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

const fmt = (value: number | undefined, digits = 0): string =>
  value === undefined || !Number.isFinite(value)
    ? '—'
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? 'met' : 'MISSED');

/** Changed-poll CPU from a 2% window and an all-unchanged window: what the changed polls add over unchanged ones. */
function changedCpu(mix: Window, unchanged: Window): number {
  const unchangedPolls = mix.polls - mix.changed;
  return (mix.cpuUsPerPoll * mix.polls - unchanged.cpuUsPerPoll * unchangedPolls) / Math.max(1, mix.changed);
}

type SchedulerResult = Awaited<ReturnType<typeof schedulerPhase>>;

/** The histogram proves "p99 ≤ bucket bound"; met when that bound is within the target and the interpolation under it. */
function lagMet(h: ReturnType<typeof histogramWindow>): boolean {
  return h.p99.atMostMs <= TARGETS.lagP99Ms && h.p99.interpolatedMs < TARGETS.lagP99Ms;
}

function schedulerRows(r: SchedulerResult, steady: boolean): string[][] {
  const lag = (h: ReturnType<typeof histogramWindow>): string =>
    `≤ ${fmt(h.p99.atMostMs)}; ${fmt(h.p99.interpolatedMs, 1)}`;
  const headline = steady ? r.steadyLag : r.wholeRunLag;
  const rows: string[][] = [
    [
      `SCHEDULER: ${fmt(r.providers)} providers every ${r.intervalSeconds} s (${fmt(r.offeredPollsPerS)} polls/s offered), production ticker`,
      '',
      '',
      '',
      '',
      '',
    ],
    [
      `  warm-up from a fresh database (${fmt(r.warmSeconds)} s): polls/s; CPU µs/poll`,
      `${fmt(r.warmUp.pollsPerS)}; ${fmt(r.warmUp.cpuUsPerPoll)}`,
      '',
      '',
      '',
      '',
    ],
    ['  scheduler lag p99 ms during warm-up (bucket; interpolated)', lag(r.warmUp.lag), '', '', '', ''],
    [
      `  after it, 2% changing: polls/s sustained; largest backlog seen`,
      `${fmt(r.mix.pollsPerS, 1)}; ${fmt(r.pendingMax)}`,
      '',
      '',
      '',
      '',
    ],
    [
      '  poller CPU µs/poll: nothing changing; 2% changing',
      `${fmt(r.unchanged?.cpuUsPerPoll)}; ${fmt(r.mix.cpuUsPerPoll)}`,
      '',
      '',
      '',
      '',
    ],
    [
      '  cores: poller / fleet / other processes',
      `${fmt(r.mix.pollerCores, 2)} / ${fmt(r.mix.fleetCores, 2)} / ${fmt(r.mix.otherCores, 2)}`,
      '',
      '',
      '',
      '',
    ],
    [
      '  poll duration p50 / p99 ms (histogram, interpolated)',
      `${fmt(r.mix.duration.p50.interpolatedMs, 1)} / ${fmt(r.mix.duration.p99.interpolatedMs, 1)}`,
      '',
      '',
      '',
      '',
    ],
    [
      `  scheduler lag p99 ms, ${steady ? 'after the warm-up' : 'whole run (no steady state in --quick)'} (bucket; interpolated)`,
      lag(headline),
      '',
      '',
      `< ${fmt(TARGETS.lagP99Ms)}`,
      verdict(lagMet(headline)),
    ],
  ];
  if (r.unchanged !== undefined) {
    rows.push([
      '  unchanged content recorded through the full recorder',
      `${fmt((r.unchanged.changed / Math.max(1, r.unchanged.polls)) * 100, 1)}% of polls`,
      '',
      '',
      '',
      '',
    ]);
  }
  return rows;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  mkdirSync(workDir, { recursive: true });
  if (PROFILE) mkdirSync(profileDir, { recursive: true });
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    loadavgAtStart: loadavg().map((l) => round(l, 2)),
    note: `${cpus().length} cores shared by the fleet process and the poller under test (the naive poller or the service); this orchestrating process idles except when it times the API`,
  };
  console.log(`bench (${PLAN.mode}): ${machine.note}.`);
  ensureBuilt();
  builtServiceScript = compileServiceChild(join(RESULTS_DIR, 'fleet-build'));

  const fleet = startChild('fleet', new URL('./fleet/idp.ts', import.meta.url));
  const fleetProviders = Math.max(PLAN.closedLoopProviders, PLAN.schedulerProviders);
  const rawFleet = await fleet.call(
    'init',
    { providers: fleetProviders, ...FLEET, materialPath: join(RESULTS_DIR, 'fleet-material.json') },
    300_000,
  );
  const fleetInit = numbers(
    rawFleet,
    ['port', 'rotating', 'withEtag', 'withCors', 'withEtagNoCors', 'materialGeneratedMs'],
    'fleet init',
  );
  const info: FleetInfo = {
    origin: `https://127.0.0.1:${fleetInit.port}`,
    ca: text(member(rawFleet, 'ca'), 'fleet ca'),
    rotating: fleetInit.rotating,
    withEtag: fleetInit.withEtag,
    materialGeneratedMs: fleetInit.materialGeneratedMs,
  };
  console.log(
    `fleet: ${fleetProviders} JWKS at ${info.origin}/t/<i>/jwks, ${info.rotating} rotating, ${info.withEtag} with ETag, ${fleetInit.withCors} with CORS${info.materialGeneratedMs > 0 ? ` (key material generated in ${fmt(info.materialGeneratedMs / 1000, 1)} s)` : ''}`,
  );

  const phase: PhaseTimer = async (name, run) => {
    const t0 = performance.now();
    process.stdout.write(`  ${name} … `);
    const result = await run();
    console.log(`${fmt((performance.now() - t0) / 1000, 1)} s`);
    return result;
  };

  const naive = await naivePhases(fleet, info, phase);
  const { floor: floorKa, keepAlive: naiveKa, newTls: naiveTls } = naive;
  const loopDb = join(workDir, 'closed-loop.db');
  const { keepAlive: loop, newTls: tls } = await closedLoopPhases(fleet, info, loopDb, phase);
  const sched = await phase(
    `service scheduler, ${PLAN.schedulerProviders} providers every ${PLAN.schedulerIntervalSeconds} s`,
    () =>
      schedulerPhase(fleet, info, join(workDir, 'scheduler.db'), PLAN.schedulerIntervalSeconds, {
        warmMs: PLAN.schedWarmMs,
        warmRounds: PLAN.schedWarmRounds,
        warmLimitMs: PLAN.schedWarmLimitMs,
        mixMs: PLAN.schedMixMs,
        offMs: PLAN.schedOffMs,
      }),
  );
  await stopChild(fleet);

  // Headline figures.
  const pollsPerS = loop.mix.pollsPerS;
  const vsNaive = pollsPerS / naiveKa.pollsPerS;
  const tlsPollsPerS = tls.mix.pollsPerS;
  // The target is about the steady state (every provider polled before, so every poll is a routine one); --quick
  // never gets there and reports the whole run.
  const steadyReached = PLAN.schedWarmRounds > 0;
  const lagP99Ms = steadyReached ? sched.steadyLag.p99.interpolatedMs : sched.wholeRunLag.p99.interpolatedMs;
  // Per unchanged provider-day at one poll a minute. The closed loop polls each provider many times, so it covers
  // the fetcher's every-10th unconditional fetch; the scheduler window is the real cadence but one poll per
  // provider. The larger of the two is the headline.
  const perDay = (w: Window): number => (w.dbGrowthBytes / Math.max(1, w.polls)) * POLLS_PER_PROVIDER_DAY;
  const growthWindows = [loop.unchanged, ...(sched.unchanged === undefined ? [] : [sched.unchanged])];
  const unchangedWindow = growthWindows.reduce((a, b) => (perDay(b) > perDay(a) ? b : a));
  const dbBytesPerUnchangedPoll = unchangedWindow.dbGrowthBytes / Math.max(1, unchangedWindow.polls);
  const dbBytesPerProviderDay = perDay(unchangedWindow);
  const apiPhase = sched;
  const rssMb = sched.rssMaxMb;

  const cores = (w: Window): string => `${fmt(w.pollerCores, 2)} / ${fmt(w.fleetCores, 2)} / ${fmt(w.otherCores, 2)}`;
  const ms = (q: { readonly p50: number; readonly p99: number }, digits = 1): string =>
    `${fmt(q.p50, digits)} / ${fmt(q.p99, digits)}`;
  const loopChanged = loop.allChanged?.cpuUsPerPoll ?? changedCpu(loop.mix, loop.unchanged);
  const rows: string[][] = [
    ['figure', 'service', 'naive', 'service/naive', 'target', ''],
    [
      `CLOSED LOOP: ${PLAN.closedLoopProviders} providers, ${PLAN.concurrency} polls in flight, keep-alive`,
      '',
      '',
      '',
      '',
      '',
    ],
    [
      '  polls/s, 2% of polls changing',
      fmt(pollsPerS),
      fmt(naiveKa.pollsPerS),
      `${fmt(vsNaive, 1)}x`,
      `≥ ${fmt(TARGETS.pollsPerS)}; ≥ ${TARGETS.vsNaive}x`,
      verdict(pollsPerS >= TARGETS.pollsPerS && vsNaive >= TARGETS.vsNaive),
    ],
    [
      '  poller CPU µs/poll, 2% changing',
      fmt(loop.mix.cpuUsPerPoll),
      fmt(naiveKa.cpuUsPerPoll),
      `${fmt(naiveKa.cpuUsPerPoll / loop.mix.cpuUsPerPoll, 1)}x less`,
      '',
      '',
    ],
    [
      '  poller CPU µs/poll, unchanged / changed content',
      `${fmt(loop.unchanged.cpuUsPerPoll)} / ${fmt(loopChanged)}`,
      `${fmt(naiveKa.cpuUsPerPoll)} / same`,
      '',
      '',
      '',
    ],
    [
      '  unchanged content recorded through the full recorder',
      `${fmt((loop.unchanged.changed / Math.max(1, loop.unchanged.polls)) * 100, 1)}% of polls`,
      '',
      '',
      '',
      '',
    ],
    ['  cores: poller / fleet / other processes', cores(loop.mix), cores(naiveKa), '', '', ''],
    [
      '  fleet CPU µs/request; requests answered 304',
      `${fmt(loop.mix.fleetCpuUsPerRequest)}; ${fmt(loop.mix.notModifiedShare * 100)}%`,
      `${fmt(naiveKa.fleetCpuUsPerRequest)}; ${fmt(naiveKa.notModifiedShare * 100)}%`,
      '',
      '',
      '',
    ],
    ['  poll latency p50 / p99 ms', ms(loop.mix.latencyMs), ms(naiveKa.latencyMs), '', '', ''],
    [
      '  floor, an undici request GET and nothing else: polls/s; CPU µs/poll; cores poller / fleet / other',
      `${fmt(floorKa.pollsPerS)}; ${fmt(floorKa.cpuUsPerPoll)}; ${cores(floorKa)}`,
      '',
      '',
      '',
      '',
    ],
    [
      '  database growth per 1,000 polls, 2% changing',
      `${fmt(loop.mix.dbBytesPer1000Polls / 1024)} KB`,
      `${fmt(naiveKa.dbBytesPer1000Polls / 1024)} KB`,
      '',
      '',
      '',
    ],
    ['CLOSED LOOP, a new TLS connection per poll', '', '', '', '', ''],
    [
      '  polls/s',
      fmt(tlsPollsPerS),
      fmt(naiveTls.pollsPerS),
      `${fmt(tlsPollsPerS / naiveTls.pollsPerS, 1)}x`,
      `≥ ${TARGETS.tlsPollsPerS}`,
      verdict(tlsPollsPerS >= TARGETS.tlsPollsPerS),
    ],
    [
      '  poller CPU µs/poll; fleet CPU µs/request',
      `${fmt(tls.mix.cpuUsPerPoll)}; ${fmt(tls.mix.fleetCpuUsPerRequest)}`,
      `${fmt(naiveTls.cpuUsPerPoll)}; ${fmt(naiveTls.fleetCpuUsPerRequest)}`,
      '',
      '',
      '',
    ],
    ['  cores: poller / fleet / other processes', cores(tls.mix), cores(naiveTls), '', '', ''],
    [
      '  connections per poll; TLS sessions resumed',
      `${fmt(tls.mix.newConnectionsPerPoll, 2)}; ${fmt(Math.min(1, tls.mix.resumedShare) * 100)}%`,
      `${fmt(naiveTls.newConnectionsPerPoll, 2)}; ${fmt(Math.min(1, naiveTls.resumedShare) * 100)}%`,
      '',
      '',
      '',
    ],
    ['  poll latency p50 / p99 ms', ms(tls.mix.latencyMs), ms(naiveTls.latencyMs), '', '', ''],
    ...schedulerRows(sched, steadyReached),
    [`AT ${fmt(PLAN.schedulerProviders)} PROVIDERS`, '', '', '', '', ''],
    [
      '  RSS of the service, max sampled (V8 heap used; external)',
      `${fmt(rssMb)} MB (${fmt(sched.heapUsedMaxMb)}; ${fmt(sched.externalMaxMb)})`,
      '',
      '',
      `< ${TARGETS.rssMb} MB`,
      verdict(rssMb < TARGETS.rssMb),
    ],
    ...growthWindows.map((w, i) => [
      `  database growth per unchanged provider-day at 1 poll/min, ${i === 0 ? 'closed loop' : 'scheduler'} (±${fmt(w.dbResolutionBytesPerPoll * POLLS_PER_PROVIDER_DAY)} B; ${fmt((w.rowsAdded / Math.max(1, w.polls)) * 1000, 1)} rows per 1,000 polls)`,
      `${fmt(perDay(w))} B`,
      '',
      '',
      '',
      '',
    ]),
    [
      `  database growth per unchanged provider-day: the larger`,
      `${fmt(dbBytesPerProviderDay)} B`,
      `${fmt(((naiveKa.dbBytesPer1000Polls / 1000) * POLLS_PER_PROVIDER_DAY) / 1024)} KB`,
      '',
      `≤ ${fmt(TARGETS.dbBytesPerProviderDay)} B`,
      verdict(dbBytesPerProviderDay <= TARGETS.dbBytesPerProviderDay),
    ],
    [
      '  GET /api/v1/providers?limit=100 p50 / p99 ms, idle',
      apiPhase.apiIdle === undefined ? '—' : ms(apiPhase.apiIdle.list, 2),
      '',
      '',
      '',
      '',
    ],
    [
      '  the same, scheduler running',
      ms(apiPhase.apiLoaded.list, 2),
      '',
      '',
      `p99 < ${TARGETS.listP99Ms}`,
      verdict(apiPhase.apiLoaded.list.p99 < TARGETS.listP99Ms),
    ],
    [
      '  GET /api/v1/providers/:id p50 / p99 ms, idle; running',
      `${apiPhase.apiIdle === undefined ? '—' : ms(apiPhase.apiIdle.detail, 2)}; ${ms(apiPhase.apiLoaded.detail, 2)}`,
      '',
      '',
      '',
      '',
    ],
    [
      `  GET /metrics (${fmt(apiPhase.apiLoaded.metricsBytes / 1_048_576, 1)} MiB) ms max, running; the 15-second scrapes p50`,
      `${fmt(apiPhase.apiLoaded.metrics.max, 1)}; ${fmt(apiPhase.renderMs.p50, 1)}`,
      '',
      '',
      '',
      '',
    ],
    ['  registration through service.create, s', fmt(apiPhase.init.registerMs / 1000, 1), '', '', '', ''],
  ];

  const settings = {
    plan: PLAN,
    fleet: {
      ...FLEET,
      providers: fleetProviders,
      rotating: info.rotating,
      withEtag: info.withEtag,
      withCors: fleetInit.withCors,
      withEtagNoCors: fleetInit.withEtagNoCors,
      keysPerDocument: 2,
      keyMix: '40% 2×RSA, 20% 2×RSA+x5c, 15% RSA+P-256, 10% 2×P-256, 10% Ed25519+RSA, 5% P-384+RSA',
      tlsCertificate: 'ECDSA P-256, issued by a test CA',
      keepAliveTimeoutMs: 30_000,
    },
    service: {
      env: sched.env,
      nodeFlags: SERVICE_NODE_FLAGS,
      fetcher: { connectionsPerOrigin: PLAN.concurrency, keepAlive: 'true, or false for the new-TLS-per-poll phase' },
      why: 'every provider shares the fleet origin 127.0.0.1:<port>, so SCHEDULER_PER_HOST_CONCURRENCY (default 2) and the fetcher sockets per origin (default 4) are raised to SCHEDULER_CONCURRENCY',
      ticker: 'production node-cron, every second (scheduler phases); none in the closed loop',
      closedLoop: `${PLAN.concurrency} workers call service.pollScheduled over the providers round-robin (probe, checks, record, metrics; no scheduler)`,
    },
    naive: `undici fetch (no validators), JSON.parse, jose importJWK per key, one INSERT of the body per poll (WAL, synchronous=NORMAL); ${PLAN.concurrency} workers`,
  };
  const figures = {
    pollsPerS,
    cpuUsPerPoll: loop.mix.cpuUsPerPoll,
    vsNaive,
    tlsPollsPerS,
    lagP99Ms,
    dbBytesPerProviderDay,
    dbBytesPerUnchangedPoll,
    rssMb,
    listP99Ms: apiPhase.apiLoaded.list.p99,
  };
  const result = {
    startedAt: new Date(Date.now() - (performance.now() - startedAt)).toISOString(),
    durationS: (performance.now() - startedAt) / 1000,
    machine,
    settings,
    targets: TARGETS,
    figures,
    phases: {
      floorKeepAlive: floorKa,
      naiveKeepAlive: naiveKa,
      naiveNewTls: naiveTls,
      closedLoop: loop,
      closedLoopNewTls: tls,
      scheduler: sched,
    },
  };
  const jsonPath = join(RESULTS_DIR, `bench-${stamp}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);

  console.log('');
  console.log(table(rows));
  console.log('');
  console.log(
    `settings: POLL_WORKERS=${PLAN.closedLoopPollWorkers} in the closed loop and ${PLAN.schedulerPollWorkers} with the scheduler, SCHEDULER_CONCURRENCY=${PLAN.concurrency} SCHEDULER_PER_HOST_CONCURRENCY=${PLAN.concurrency} fetcher connectionsPerOrigin=${PLAN.concurrency} ALLOW_PRIVATE_NETWORKS=1 (every provider shares the fleet's one origin) HEAP_GROWING_PERCENT=${process.env.HEAP_GROWING_PERCENT ?? `${ENV_SETTINGS.heapGrowingPercent.defaultText} (default)`}; fleet ${fleetProviders} JWKS, ${info.rotating} rotating on every fetch (${FLEET.rotatingFraction * 100}%), ${info.withEtag} with ETag, ${fleetInit.withCors} with CORS; the service child runs the compiled dist/ (as npm start does) with node flags: ${SERVICE_NODE_FLAGS.length === 0 ? 'none' : SERVICE_NODE_FLAGS.join(' ')}.`,
  );
  console.log(`machine: ${machine.note}; ${machine.cpuModel}, ${machine.node}.`);
  const errors = [naiveKa, naiveTls, loop.mix, tls.mix, sched.mix].reduce((n, w) => n + w.errors, 0);
  if (errors > 0)
    console.log(
      `errors during measured windows: ${errors} (last: ${
        [naiveKa, naiveTls, loop.mix, tls.mix, sched.mix]
          .map((w) => w.lastError)
          .filter((e) => e !== '')
          .at(-1) ?? ''
      })`,
    );
  console.log(`results: ${relative(process.cwd(), jsonPath)} (${fmt(result.durationS)} s)`);
  console.log(
    `bench: polls_per_s=${Math.round(pollsPerS)} cpu_us_per_poll=${Math.round(loop.mix.cpuUsPerPoll)} vs_naive=${round(vsNaive, 1)}x tls_polls_per_s=${Math.round(tlsPollsPerS)} lag_p99_ms=${Math.round(lagP99Ms)} db_bytes_per_provider_day=${Math.round(dbBytesPerProviderDay)}`,
  );
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\nbench: ${signal}; stopping every child`);
    void killAllChildren().finally(() => {
      if (!KEEP) rmSync(workDir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await killAllChildren();
  if (!KEEP) rmSync(workDir, { recursive: true, force: true });
}
