/**
 * Memory of the check engine and the probe's DocumentMemory at fleet size (issue 7: RSS < 300 MB with 20,000
 * providers). Builds N distinct documents as the bench fleet serves them (bench/fleet/documents.ts), runs each
 * through a real engine as src/probe/check-target.ts does (a LoadedDocument, parsed only when its verdict is not
 * remembered, and engine.evaluate with a fetch), twice (the second pass is the steady state: unchanged bytes), then
 * fills a DocumentMemory with what it keeps of the N 200s (each with an ETag, so each is kept: validators, headers,
 * length and digest, not the bytes).
 * Reports RSS, heapUsed, external and arrayBuffers after a forced GC at each stage.
 *
 * Run: node --expose-gc --import tsx bench/memory.ts [--providers 20000] [--document-cache N] [--key-cache N]
 * Bounded: N documents per pass (default 20,000), two passes, and a wall-clock budget per pass.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine, type Engine, type EngineOptions } from '../src/checks/engine.js';
import { DEFAULT_CHECK_OPTIONS } from '../src/checks/types.js';
import type { FetchResult } from '../src/fetch/types.js';
import { LoadedDocument } from '../src/probe/loaded-document.js';
import { createDocumentMemory, rememberedOf, type DocumentMemory } from '../src/probe/run-probe.js';
import { jwksDocument } from './fleet/documents.js';
import { loadMaterial, type FleetMaterial } from './fleet/material.js';

const DEFAULT_PROVIDERS = 20_000;
/** Matches src/compose.ts's DOCUMENT_MEMORY_ENTRIES. */
const DOCUMENT_MEMORY_ENTRIES = 50_000;
/** Per pass; a pass that runs over stops early and says so (the figures are then for fewer documents). */
const PASS_BUDGET_MS = 25_000;
const GC_ROUNDS = 3;
const MIB = 1024 * 1024;
const MATERIAL_PATH = join(import.meta.dirname, 'results', 'fleet-material.json');

interface Snapshot {
  readonly stage: string;
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

function argument(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  const raw = at === -1 ? undefined : process.argv[at + 1];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`--${name} must be a positive integer`);
  return value;
}

function collect(): void {
  const gc = globalThis.gc;
  if (gc === undefined) throw new TypeError('run with node --expose-gc --import tsx bench/memory.ts');
  for (let i = 0; i < GC_ROUNDS; i++) gc();
}

function snapshot(stage: string): Snapshot {
  collect();
  const usage = process.memoryUsage();
  return {
    stage,
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
  };
}

/** Provider i's body as the fetcher hands it over: an exact-size Uint8Array of its own. */
function bodyOf(material: FleetMaterial, i: number): { body: Uint8Array; sha256: string } {
  const text = JSON.stringify(jwksDocument(material, i, 0));
  const body = new Uint8Array(Buffer.byteLength(text));
  body.set(Buffer.from(text));
  return { body, sha256: createHash('sha256').update(body).digest('hex') };
}

function fetchResult(i: number, body: Uint8Array, sha256: string): FetchResult {
  const url = `https://127.0.0.1:8443/t/${i}/jwks`;
  return {
    requestedUrl: url,
    url,
    redirects: [],
    status: 200,
    headers: { contentType: 'application/json', cacheControl: 'max-age=300', etag: `"${sha256.slice(0, 16)}"` },
    timings: { firstByteMs: 1, totalMs: 1 },
    tls: { protocol: 'TLSv1.3' },
    body,
    sha256,
    notModified: false,
  };
}

/** One pass over the fleet; returns how many documents it judged and the CPU per document. */
function pass(engine: Engine, material: FleetMaterial, providers: number): { judged: number; cpuUsPerDoc: number } {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const now = new Date();
  let judged = 0;
  for (let i = 0; i < providers; i++) {
    if (performance.now() - started > PASS_BUDGET_MS) break;
    const { body, sha256 } = bodyOf(material, i);
    // As the service reads a document: parsed only when its verdict is not remembered.
    const fetch = fetchResult(i, body, sha256);
    engine.evaluate({
      profile: 'core',
      options: DEFAULT_CHECK_OPTIONS,
      now,
      jwks: new LoadedDocument(fetch.url, body, sha256, engine, fetch),
    });
    judged++;
  }
  const cpu = process.cpuUsage(cpu0);
  return { judged, cpuUsPerDoc: (cpu.user + cpu.system) / Math.max(judged, 1) };
}

function fillMemory(memory: DocumentMemory, material: FleetMaterial, providers: number): void {
  for (let i = 0; i < providers; i++) {
    const { body, sha256 } = bodyOf(material, i);
    const result = fetchResult(i, body, sha256);
    // Every fetchResult here carries an ETag, so each 200 is remembered (the service keeps only those).
    const remembered = rememberedOf(result, 1);
    if (remembered !== undefined) memory.set(result.url, remembered);
  }
}

function mib(bytes: number): string {
  return (bytes / MIB).toFixed(1).padStart(7);
}

async function main(): Promise<void> {
  const providers = argument('providers') ?? DEFAULT_PROVIDERS;
  const documentCacheEntries = argument('document-cache');
  const keyCacheEntries = argument('key-cache');
  const { material } = await loadMaterial(MATERIAL_PATH);
  const engineOptions: EngineOptions = {
    ...(documentCacheEntries !== undefined && { documentCacheEntries }),
    ...(keyCacheEntries !== undefined && { keyCacheEntries }),
  };
  const snapshots: Snapshot[] = [snapshot('baseline (modules and key material loaded)')];

  const engine = createEngine(engineOptions);
  const first = pass(engine, material, providers);
  snapshots.push(snapshot(`engine after pass 1 (${first.judged} documents, all new)`));
  const second = pass(engine, material, providers);
  snapshots.push(snapshot(`engine after pass 2 (${second.judged} documents, unchanged)`));

  const memory = createDocumentMemory(DOCUMENT_MEMORY_ENTRIES);
  fillMemory(memory, material, providers);
  snapshots.push(snapshot(`+ DocumentMemory (${memory.size} 200s)`));

  const base = snapshots[0];
  console.log(`providers ${providers}, engine options ${JSON.stringify(engineOptions)}, node ${process.version}`);
  console.log(
    `CPU per document: pass 1 ${first.cpuUsPerDoc.toFixed(0)} µs, pass 2 ${second.cpuUsPerDoc.toFixed(0)} µs`,
  );
  console.log(`${'MiB'.padEnd(52)}    rss  heapUsed  external  arrayBuffers   Δrss`);
  for (const s of snapshots) {
    const delta = base === undefined ? 0 : s.rss - base.rss;
    console.log(
      `${s.stage.padEnd(52)} ${mib(s.rss)} ${mib(s.heapUsed)}   ${mib(s.external)}       ${mib(s.arrayBuffers)} ${mib(delta)}`,
    );
  }
  // Keep the engine and the memory alive up to the last snapshot.
  if (engine === undefined || memory.size < 0) console.log('unreachable');
}

await main();
