/**
 * The fake IdP fleet, run as its own process (forked by bench/run.ts) so its CPU is measured apart from the
 * poller's: one node:https server on 127.0.0.1 serving provider i's JWKS at /t/<i>/jwks. Documents are built on
 * first request and kept as bytes; a rotating provider moves to its next version on every fetch while rotation
 * is on ('fraction'), every provider does in mode 'all', none in mode 'off'. Commands: init, mode, sample, exit.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { hasCors, hasEtag, isRotating, jwksDocument, type FleetShape } from './documents.js';
import { loadMaterial, type FleetMaterial } from './material.js';
import { exitSoon, serveRpc } from './rpc.js';
import { isRecord, numbers, text } from './stats.js';

const LIFETIME_MS = 20 * 60 * 1000;
const KEEP_ALIVE_TIMEOUT_MS = 30_000;
const PATH = /^\/t\/(\d+)\/jwks$/;
const BASE_HEADERS = { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' } as const;

type RotationMode = 'fraction' | 'off' | 'all';

interface Served {
  version: number;
  body: Buffer;
  etag: string | undefined;
  headers: Record<string, string>;
  notModifiedHeaders: Record<string, string>;
}

/** What a 304 carries: the validators and caching headers a 200 would have (RFC 9110 §15.4.5), and CORS. */
function notModifiedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['etag', 'cache-control', 'access-control-allow-origin']) {
    const value = headers[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

let material: FleetMaterial | undefined;
let shape: FleetShape = { rotatingFraction: 0.02, etagFraction: 0.6, corsFraction: 0.5 };
let providers = 0;
let mode: RotationMode = 'fraction';
let server: Server | undefined;
let served: (Served | undefined)[] = [];
const sockets = new Set<Socket>();
const counts = { requests: 0, ok: 0, notModified: 0, notFound: 0, changed: 0, bytes: 0, connections: 0, resumed: 0 };

function build(i: number, version: number): Served {
  if (material === undefined) throw new Error('fleet not initialised');
  const body = Buffer.from(JSON.stringify(jwksDocument(material, i, version)));
  const etag = hasEtag(i, shape) ? `"${i.toString(36)}-${version.toString(36)}"` : undefined;
  const headers: Record<string, string> = { ...BASE_HEADERS, 'content-length': String(body.byteLength) };
  if (etag !== undefined) headers.etag = etag;
  if (hasCors(i, shape)) headers['access-control-allow-origin'] = '*';
  return { version, body, etag, headers, notModifiedHeaders: notModifiedHeaders(headers) };
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  counts.requests++;
  const match = PATH.exec(req.url ?? '');
  const i = match === null ? -1 : Number(match[1]);
  if (!(i >= 0 && i < providers)) {
    counts.notFound++;
    res.writeHead(404, { 'content-length': '0' }).end();
    return;
  }
  let doc = served[i] ?? (served[i] = build(i, 0));
  if (mode === 'all' || (mode === 'fraction' && isRotating(i, shape))) {
    doc = served[i] = build(i, doc.version + 1);
    counts.changed++;
  }
  if (doc.etag !== undefined && req.headers['if-none-match'] === doc.etag) {
    counts.notModified++;
    res.writeHead(304, doc.notModifiedHeaders).end();
    return;
  }
  counts.ok++;
  counts.bytes += doc.body.byteLength;
  res.writeHead(200, doc.headers).end(doc.body);
}

async function init(args: unknown): Promise<unknown> {
  const n = numbers(args, ['providers', 'rotatingFraction', 'etagFraction', 'corsFraction'], 'fleet init');
  const materialPath = text(isRecord(args) ? args.materialPath : undefined, 'fleet init materialPath');
  const loaded = await loadMaterial(materialPath);
  material = loaded.material;
  providers = n.providers;
  shape = { rotatingFraction: n.rotatingFraction, etagFraction: n.etagFraction, corsFraction: n.corsFraction };
  served = new Array<Served | undefined>(providers);
  server = createServer({ cert: material.tls.cert, key: material.tls.key }, handle);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.on('connection', (socket: Socket) => {
    counts.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    if (socket.isSessionReused()) counts.resumed++;
  });
  server.on('tlsClientError', () => undefined);
  const listening = server;
  await new Promise<void>((resolve, reject) => {
    listening.once('error', reject);
    listening.listen(0, '127.0.0.1', () => resolve());
  });
  const address = listening.address();
  if (address === null || typeof address === 'string') throw new Error('fleet has no TCP address');
  let rotating = 0;
  let withEtag = 0;
  let withCors = 0;
  let withEtagNoCors = 0;
  for (let i = 0; i < providers; i++) {
    if (isRotating(i, shape)) rotating++;
    if (hasEtag(i, shape)) withEtag++;
    if (hasCors(i, shape)) withCors++;
    if (hasEtag(i, shape) && !hasCors(i, shape)) withEtagNoCors++;
  }
  return {
    port: address.port,
    ca: material.tls.ca,
    rotating,
    withEtag,
    withCors,
    withEtagNoCors,
    materialGeneratedMs: loaded.generatedMs,
  };
}

function sample(): unknown {
  const cpu = process.cpuUsage();
  return {
    ...counts,
    cpuUs: cpu.user + cpu.system,
    rss: process.memoryUsage().rss,
    openSockets: sockets.size,
    t: performance.now(),
  };
}

function setMode(args: unknown): unknown {
  const value = isRecord(args) ? args.mode : undefined;
  if (value !== 'fraction' && value !== 'off' && value !== 'all')
    throw new Error(`unknown rotation mode ${String(value)}`);
  mode = value;
  return { mode };
}

async function close(): Promise<unknown> {
  const open = server;
  if (open === undefined) return {};
  await new Promise<void>((resolve) => {
    open.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
  return {};
}

serveRpc({ init, mode: setMode, sample, exit: exitSoon(close) }, LIFETIME_MS);
