/**
 * The naive baseline, forked by bench/run.ts into its own process: what a JWKS poller written the obvious way
 * does for every poll. undici `fetch` (no validators), `JSON.parse`, jose `importJWK` of every key, and one INSERT
 * of the whole response per poll into its own SQLite table. It is given the same fairness as the service: WAL with
 * synchronous=NORMAL (the default FULL would cap it at about 3,500 inserts/s), the same concurrency, the same CA.
 * With `floor: 1` it does only an undici `request` GET and reads the body: the least any poller must spend per poll
 * over this transport, the floor under both the naive poller and the service.
 * Commands: init, start, sample, stop (then init again for another run), exit.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { importJWK, type JWK } from 'jose';
import { Agent, fetch, request } from 'undici';
import { exitSoon, serveRpc } from './fleet/rpc.js';
import { isRecord, numbers, Reservoir, text } from './fleet/stats.js';

// tsx turns source maps on; production (node bin/jwks-monitor.js) runs without them, and with them every
// Error's stack costs a source-map lookup.
process.setSourceMapsEnabled(false);

const LIFETIME_MS = 20 * 60 * 1000;
const LATENCY_SAMPLES = 200_000;
/** A worker stops by itself after this long even if nobody says stop. */
const MAX_RUN_MS = 10 * 60 * 1000;

let urls: string[] = [];
let concurrency = 1;
let floor = false;
let agent: Agent | undefined;
let db: Database.Database | undefined;
let insert: Database.Statement<[string, number, number, string]> | undefined;
let running = false;
let workers: Promise<void>[] = [];
let cursor = 0;
const latency = new Reservoir(LATENCY_SAMPLES);
const counts = { polls: 0, errors: 0, keys: 0, bytes: 0 };
let lastError = '';

function init(args: unknown): unknown {
  const n = numbers(args, ['concurrency', 'keepAlive', 'floor'], 'naive init');
  floor = n.floor === 1;
  const ca = text(isRecord(args) ? args.ca : undefined, 'naive init ca');
  const dbPath = text(isRecord(args) ? args.dbPath : undefined, 'naive init dbPath');
  const list = isRecord(args) ? args.urls : undefined;
  if (!Array.isArray(list) || !list.every((u): u is string => typeof u === 'string'))
    throw new Error('naive init: urls');
  urls = list;
  concurrency = n.concurrency;
  agent = new Agent({ connect: { ca }, connections: concurrency, pipelining: n.keepAlive === 1 ? 1 : 0 });
  mkdirSync(dirname(dbPath), { recursive: true });
  db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS polls (id INTEGER PRIMARY KEY, url TEXT NOT NULL, fetched_at INTEGER NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL)',
  );
  insert = db.prepare('INSERT INTO polls (url, fetched_at, status, body) VALUES (?, ?, ?, ?)');
  return { rss: process.memoryUsage().rss };
}

function isJwk(value: unknown): value is JWK {
  return isRecord(value) && typeof value.kty === 'string';
}

async function getOnly(url: string): Promise<void> {
  const response = await request(url, { dispatcher: agent });
  counts.bytes += (await response.body.arrayBuffer()).byteLength;
}

async function pollOnce(url: string): Promise<void> {
  if (floor) return getOnly(url);
  const response = await fetch(url, { dispatcher: agent });
  const body = await response.text();
  const document: unknown = JSON.parse(body);
  const keys = isRecord(document) && Array.isArray(document.keys) ? document.keys : [];
  for (const key of keys) {
    if (isJwk(key)) {
      await importJWK(key);
      counts.keys++;
    }
  }
  insert?.run(url, Date.now(), response.status, body);
  counts.bytes += body.length;
}

async function worker(deadline: number): Promise<void> {
  while (running && performance.now() < deadline) {
    const url = urls[cursor++ % urls.length] ?? '';
    const started = performance.now();
    try {
      await pollOnce(url);
      counts.polls++;
      latency.add(performance.now() - started);
    } catch (error) {
      counts.errors++;
      lastError = error instanceof Error ? error.message : String(error);
    }
  }
}

function start(): unknown {
  running = true;
  const deadline = performance.now() + MAX_RUN_MS;
  workers = Array.from({ length: concurrency }, () => worker(deadline));
  return {};
}

function dbBytes(): number {
  if (db === undefined) return 0;
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const pages =
    Number(db.pragma('page_count', { simple: true })) - Number(db.pragma('freelist_count', { simple: true }));
  return pages * pageSize;
}

function sample(): unknown {
  const cpu = process.cpuUsage();
  const window = latency.drain();
  return {
    ...counts,
    cpuUs: cpu.user + cpu.system,
    rss: process.memoryUsage().rss,
    dbBytes: dbBytes(),
    latencyP50: window.p50,
    latencyP90: window.p90,
    latencyP99: window.p99,
    latencyMax: window.max,
    lastError,
    t: performance.now(),
  };
}

/** Stops the workers and closes the agent and database; `init` may then configure another run. */
async function stop(): Promise<unknown> {
  running = false;
  await Promise.all(workers);
  workers = [];
  await agent?.close();
  agent = undefined;
  db?.close();
  db = undefined;
  insert = undefined;
  return {};
}

serveRpc({ init, start, sample, stop, exit: exitSoon(stop) }, LIFETIME_MS);
