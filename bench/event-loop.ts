/**
 * `npx tsx bench/event-loop.ts [--providers=1000] [--interval=10] [--seconds=30] [--warm=12] [--profile]`: what
 * blocks the event loop while the scheduler polls (issue 4/7). The fake IdP fleet runs in a child
 * (bench/fleet/idp.ts); the service runs in this process (the real createMonitorApp, its scheduler on the
 * production ticker) so that its loop can be watched: a 1 ms timer chain records every stall longer than
 * STALL_MS, the candidates (scheduler tick, listLatestStates, list) are timed by wrapping them, and the API is
 * timed over loopback HTTP (`GET /api/v1/providers?limit=100` every LIST_EVERY_MS, `/metrics` every
 * SCRAPE_EVERY_MS, as Prometheus would). With --profile a V8 CPU profile covers the measured window and the
 * longest stalls are attributed to the functions that ran during them.
 * Bounded: loopback only; every loop is limited by the window; the fleet child is killed by its pid at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { createMonitorApp, MIGRATIONS_DIR, type MonitorApp } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { createMonitorService } from '../src/service/monitor-service.js';
import { migrate } from '../src/store/migrate.js';
import { openDatabase } from '../src/store/open-database.js';
import { createStore } from '../src/store/store.js';
import { registerFleet } from './fleet/register.js';
import { killAllChildren, startChild, stopChild } from './fleet/rpc.js';
import { isRecord, member, numbers, quantiles, sleep, text, type Quantiles } from './fleet/stats.js';

process.setSourceMapsEnabled(false);

const flags = new Map(
  process.argv.slice(2).map((a) => {
    const [k = '', v = '1'] = a.replace(/^--/, '').split('=');
    return [k, v] as const;
  }),
);
const flag = (name: string, fallback: number): number => Number(flags.get(name) ?? fallback);
const PROVIDERS = flag('providers', 1_000);
const INTERVAL_SECONDS = flag('interval', 10);
/** Measured window, after the warm-up. */
const WINDOW_MS = flag('seconds', 30) * 1_000;
/** Warm-up: every provider records and confirms its baseline (two polls) before the window. */
const WARM_MS = flag('warm', INTERVAL_SECONDS * 2 + 2) * 1_000;
const PROFILE = flags.has('profile');
const CONCURRENCY = 64;
const STALL_MS = 10;
const LIST_EVERY_MS = 50;
const SCRAPE_EVERY_MS = flag('scrape', 15) * 1_000;
const MAX_RUN_MS = 15 * 60 * 1_000;
const TOP_STALLS = 12;

interface Stall {
  readonly endUs: number;
  readonly ms: number;
}

/** A 1 ms timer chain: a late callback means the loop was busy for that long. */
function watchStalls(into: Stall[]): () => void {
  let stopped = false;
  let last = performance.now();
  const next = (): void => {
    if (stopped) return;
    const now = performance.now();
    const late = now - last;
    if (late > STALL_MS) into.push({ endUs: Number(process.hrtime.bigint() / 1_000n), ms: late });
    last = now;
    setTimeout(next, 1);
  };
  setTimeout(next, 1);
  return () => {
    stopped = true;
  };
}

/** Durations of one wrapped method, in ms. */
function timeMethod<T extends object, K extends keyof T>(target: T, key: K, into: number[]): void {
  const original = target[key];
  if (typeof original !== 'function') throw new TypeError(`${String(key)} is not a function`);
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const started = performance.now();
    try {
      return Reflect.apply(original, this, args);
    } finally {
      into.push(performance.now() - started);
    }
  };
  Object.assign(target, { [key]: wrapped });
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

function isProfileNode(value: unknown): value is ProfileNode {
  return isRecord(value) && typeof value.id === 'number' && isRecord(value.callFrame);
}

/** The innermost frame of our own code (src/) on a sample's stack, else its leaf; with the leaf's self time. */
function attribute(profile: unknown, stalls: readonly Stall[]): string[] {
  if (!isRecord(profile) || !Array.isArray(profile.nodes) || !Array.isArray(profile.samples)) return [];
  const timeDeltas = Array.isArray(profile.timeDeltas) ? profile.timeDeltas : [];
  const nodes = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    if (!isProfileNode(node)) continue;
    nodes.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const label = (node: ProfileNode): string => {
    const url = node.callFrame.url.replace(/^file:\/\/.*?\/(src|node_modules)\//, '$1/');
    return `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
  };
  const ours = (id: number): string => {
    const leaf = nodes.get(id);
    const chain: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = nodes.get(at);
      if (node !== undefined && node.callFrame.url.includes('/src/')) chain.push(label(node));
      if (chain.length === 3) break;
    }
    const leafText = leaf === undefined ? '?' : label(leaf);
    return chain.length === 0 ? leafText : `${chain.reverse().join(' > ')}  [leaf ${leafText}]`;
  };
  const startTime = typeof profile.startTime === 'number' ? profile.startTime : 0;
  const times: number[] = [];
  let t = startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta: unknown = timeDeltas[i];
    t += typeof delta === 'number' ? delta : 0;
    times.push(t);
  }
  const lines: string[] = [];
  for (const stall of [...stalls].sort((a, b) => b.ms - a.ms).slice(0, TOP_STALLS)) {
    const from = stall.endUs - stall.ms * 1_000;
    const byWhere = new Map<string, number>();
    for (let i = 0; i < times.length; i++) {
      const at = times[i] ?? 0;
      if (at < from || at > stall.endUs) continue;
      const id: unknown = profile.samples[i];
      const next = times[i + 1] ?? at;
      if (typeof id !== 'number') continue;
      const where = ours(id);
      byWhere.set(where, (byWhere.get(where) ?? 0) + (next - at) / 1_000);
    }
    lines.push(`  stall ${stall.ms.toFixed(1)} ms:`);
    for (const [where, ms] of [...byWhere].sort((a, b) => b[1] - a[1]).slice(0, 6))
      lines.push(`    ${ms.toFixed(1).padStart(6)} ms  ${where}`);
  }
  return lines;
}

const fmtQ = (q: Quantiles): string =>
  `n=${q.count} p50 ${q.p50.toFixed(1)} p90 ${q.p90.toFixed(1)} p99 ${q.p99.toFixed(1)} max ${q.max.toFixed(1)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jwks-evl-'));
  const fleet = startChild('fleet', new URL('./fleet/idp.ts', import.meta.url));
  let monitor: MonitorApp | undefined;
  const deadline = setTimeout(() => {
    console.error('event-loop bench: time limit passed');
    void killAllChildren().finally(() => process.exit(3));
  }, MAX_RUN_MS);
  try {
    const rawFleet = await fleet.call(
      'init',
      {
        providers: PROVIDERS,
        // The fleet of bench/run.ts (FLEET).
        rotatingFraction: 0.02,
        etagFraction: 0.6,
        corsFraction: 0.5,
        materialPath: join(import.meta.dirname, 'results', 'fleet-material.json'),
      },
      300_000,
    );
    const port = numbers(rawFleet, ['port'], 'fleet init').port;
    const origin = `https://127.0.0.1:${port}`;
    const ca = text(member(rawFleet, 'ca'), 'fleet ca');
    const dbPath = join(dir, 'bench.db');
    registerFleet(
      { openDatabase, migrate, migrationsDir: MIGRATIONS_DIR, createStore, createMonitorService },
      dbPath,
      origin,
      PROVIDERS,
      INTERVAL_SECONDS,
    );
    const config = loadConfig({
      DATABASE_PATH: dbPath,
      ALLOW_PRIVATE_NETWORKS: '1',
      SCHEDULER_CONCURRENCY: String(CONCURRENCY),
      SCHEDULER_PER_HOST_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: 'silent',
    });
    monitor = await createMonitorApp(config, {
      fetcher: { ca: [ca], keepAlive: true, connectionsPerOrigin: CONCURRENCY },
    });
    await monitor.app.listen({ host: '127.0.0.1', port: 0 });
    const address: AddressInfo | string | null = monitor.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    const api = `http://127.0.0.1:${address.port}`;

    const ticks: number[] = [];
    const latestStates: number[] = [];
    const lists: number[] = [];
    timeMethod(monitor.scheduler, 'tick', ticks);
    timeMethod(monitor.store.providers, 'listLatestStates', latestStates);
    timeMethod(monitor.store.providers, 'list', lists);
    // Started polls (the synchronous part of pollScheduled is timed too).
    const polls: number[] = [];
    timeMethod(monitor.service, 'pollScheduled', polls);

    const idle = await timeList(api, 2_000);
    console.log(`${PROVIDERS} providers every ${INTERVAL_SECONDS} s; list idle: ${fmtQ(quantiles(idle))}`);
    monitor.start();
    await sleep(WARM_MS);
    ticks.length = 0;
    latestStates.length = 0;
    lists.length = 0;

    // The profiler first: starting it stalls the loop, which is not the service's doing.
    const session = new Session();
    if (PROFILE) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 1_000 });
      await session.post('Profiler.start');
    }
    const stalls: Stall[] = [];
    const stopWatch = watchStalls(stalls);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const polled = polls.length;
    const gcPauses: number[] = [];
    const gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcPauses.push(entry.duration);
    });
    gc.observe({ entryTypes: ['gc'] });
    const metricsMs: number[] = [];
    let metricsBytes = 0;
    // Counted as it streams in: a scraper is another process, its buffering must not load this loop.
    const scrape = setInterval(() => {
      const started = performance.now();
      void (async () => {
        const response = await request(`${api}/metrics`);
        let bytes = 0;
        for await (const chunk of response.body) bytes += Buffer.byteLength(chunk);
        metricsBytes = bytes;
        metricsMs.push(performance.now() - started);
      })().catch((error: unknown) => console.error('scrape failed:', error));
    }, SCRAPE_EVERY_MS);
    const loaded = await timeList(api, WINDOW_MS);
    clearInterval(scrape);
    const polledInWindow = polls.length - polled;
    delay.disable();
    gc.disconnect();
    stopWatch();
    let attributed: string[] = [];
    if (PROFILE) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      attributed = attribute(profile, stalls);
    }

    const ms = (ns: number): string => (ns / 1e6).toFixed(1);
    console.log(`polls in window: ${polledInWindow} (${((polledInWindow * 1_000) / WINDOW_MS).toFixed(0)}/s)`);
    console.log(`list while polling: ${fmtQ(quantiles(loaded))}`);
    console.log(
      `event-loop delay: p50 ${ms(delay.percentile(50))} p99 ${ms(delay.percentile(99))} max ${ms(delay.max)} ms`,
    );
    console.log(`stalls > ${STALL_MS} ms: ${stalls.length}; ${fmtQ(quantiles(stalls.map((s) => s.ms)))}`);
    const longGc = gcPauses.filter((d) => d > STALL_MS / 2);
    console.log(
      `GC pauses: ${gcPauses.length}, total ${gcPauses.reduce((a, b) => a + b, 0).toFixed(0)} ms; > ${STALL_MS / 2} ms: ${fmtQ(quantiles(longGc))}`,
    );
    console.log(`scheduler.tick: ${fmtQ(quantiles(ticks))}`);
    console.log(`listLatestStates: ${fmtQ(quantiles(latestStates))}`);
    console.log(`providers.list: ${fmtQ(quantiles(lists))}`);
    console.log(`/metrics (HTTP): ${fmtQ(quantiles(metricsMs))}, ${(metricsBytes / 1_048_576).toFixed(2)} MiB`);
    console.log(`  ${familySizes(await (await request(`${api}/metrics`)).body.text())}`);
    for (const line of attributed) console.log(line);
  } finally {
    clearTimeout(deadline);
    await monitor?.stop();
    await stopChild(fleet);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Samples per family of the last scrape, and the poll outcomes it counted. */
function familySizes(text: string): string {
  const counts = new Map<string, number>();
  const outcomes: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = line.slice(0, line.search(/[{ ]/));
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (name === 'jwks_monitor_polls_total') outcomes.push(line.replace('jwks_monitor_polls_total', ''));
  }
  const families = [...counts].map(([n, c]) => `${n.replace('jwks_monitor_', '')} ${c}`).join(', ');
  return `${families}; polls ${outcomes.join(' ')}`;
}

/** Sequential list requests, one every LIST_EVERY_MS, for `ms`; latencies in ms. */
async function timeList(api: string, ms: number): Promise<number[]> {
  const agent = new Agent({ connections: 1 });
  const out: number[] = [];
  const until = performance.now() + ms;
  let i = 0;
  try {
    while (performance.now() < until) {
      const after = i++ % 4 === 0 ? '' : `&after=${Math.floor(Math.random() * PROVIDERS)}`;
      const started = performance.now();
      const response = await request(`${api}/api/v1/providers?limit=100${after}`, { dispatcher: agent });
      await response.body.arrayBuffer();
      out.push(performance.now() - started);
      if (response.statusCode !== 200) throw new Error(`list: HTTP ${response.statusCode}`);
      await sleep(LIST_EVERY_MS);
    }
    return out;
  } finally {
    await agent.close();
  }
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error);
    await killAllChildren();
    process.exit(1);
  },
);
