/**
 * A scriptable HTTP(S) server on loopback for tests that need real sockets: timeouts, size caps, redirects, TLS,
 * and later a fake identity provider that rotates its keys.
 *
 *   const server = await startServer({
 *     tls: true,                                    // certificate from the process test CA (server.ca)
 *     routes: {
 *       '/jwks': { json: { keys: [] }, headers: { 'cache-control': 'max-age=300' } },
 *       '/slow': { delayHeadersMs: 500, body: 'late' },
 *       '/old': { redirect: '/jwks', status: 301 },
 *       '/dynamic': (req) => ({ status: req.headers['if-none-match'] === '"v1"' ? 304 : 200, headers: { etag: '"v1"' } }),
 *     },
 *   });
 *   server.url('/jwks');                           // 'https://127.0.0.1:PORT/jwks'
 *   server.setRoute('/jwks', { json: { keys: [newKey] } });   // rotate at runtime
 *   await server.close();                          // destroys every open socket and pending timer
 *
 * Routes match the request path with its query first, then the path alone; anything else answers 404.
 * It listens on 127.0.0.1 (or ::1) only, port 0.
 */
import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { getTestCa, issueCertificate, type IssuedCertificate } from './pki.js';

export interface RouteResponse {
  /** Default 200, or 302 when `redirect` is set. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Uint8Array;
  /** Serialised as the body; content-type application/json unless `headers` set one. */
  readonly json?: unknown;
  /** Location header value, absolute or relative. */
  readonly redirect?: string;
  /** Wait this long before sending the status line and headers. */
  readonly delayHeadersMs?: number;
  /** Send the body in `chunkBytes` pieces, one every `intervalMs` (the first right after the headers). */
  readonly trickle?: { readonly chunkBytes: number; readonly intervalMs: number };
  /**
   * Content-Length to announce: default the body's length; a number announces that instead (the body is sent
   * as is, so a larger number makes a lying server); 'none' sends the body chunked, without a length.
   */
  readonly contentLength?: number | 'none';
}

export interface RecordedRequest {
  readonly method: string;
  /** Path with query, as sent. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

export type RouteHandler = RouteResponse | ((request: RecordedRequest) => RouteResponse | Promise<RouteResponse>);

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  /** PEM the client must trust; reported back as `server.ca`. */
  readonly ca?: string;
}

export interface StartServerOptions {
  /** true: a certificate for localhost / 127.0.0.1 / ::1 from the process test CA. Default false (plain HTTP). */
  readonly tls?: boolean | TlsMaterial;
  readonly routes?: Readonly<Record<string, RouteHandler>>;
  /** Default '127.0.0.1'. */
  readonly host?: '127.0.0.1' | '::1';
}

export interface ServerStats {
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** TLS handshakes that resumed an earlier session. */
  readonly resumedTlsSessions: number;
}

export interface TestServer {
  /** e.g. 'https://127.0.0.1:41234' or 'http://[::1]:41234'. */
  readonly origin: string;
  readonly port: number;
  /** The CA PEM a client needs to trust this server (TLS only). */
  readonly ca: string | undefined;
  url(path?: string): string;
  setRoute(path: string, handler: RouteHandler): void;
  deleteRoute(path: string): void;
  /** Every request received, oldest first. */
  readonly requests: readonly RecordedRequest[];
  stats(): ServerStats;
  /** Idempotent. */
  close(): Promise<void>;
}

let defaultCertificate: Promise<IssuedCertificate> | undefined;

async function resolveTls(tls: StartServerOptions['tls']): Promise<TlsMaterial | undefined> {
  if (tls === undefined || tls === false) return undefined;
  if (tls === true) {
    defaultCertificate ??= getTestCa().then((ca) => issueCertificate(ca));
    return defaultCertificate;
  }
  return tls;
}

function bodyBytes(route: RouteResponse): Uint8Array {
  if (route.body !== undefined) return typeof route.body === 'string' ? Buffer.from(route.body) : route.body;
  if (route.json !== undefined) return Buffer.from(JSON.stringify(route.json));
  return new Uint8Array(0);
}

function hasHeader(headers: RouteResponse['headers'], name: string): boolean {
  return headers !== undefined && Object.keys(headers).some((key) => key.toLowerCase() === name);
}

export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  const tls = await resolveTls(options.tls);
  const host = options.host ?? '127.0.0.1';
  const routes = new Map<string, RouteHandler>(Object.entries(options.routes ?? {}));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  let resumedTlsSessions = 0;

  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const send = (res: ServerResponse, route: RouteResponse): void => {
    if (res.destroyed) return;
    const body = bodyBytes(route);
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(route.headers ?? {}))
      headers[name] = typeof value === 'string' ? value : [...value];
    if (route.json !== undefined && !hasHeader(route.headers, 'content-type'))
      headers['content-type'] = 'application/json';
    if (route.redirect !== undefined) headers['location'] = route.redirect;
    if (route.contentLength !== 'none') headers['content-length'] = String(route.contentLength ?? body.byteLength);
    res.writeHead(route.status ?? (route.redirect === undefined ? 200 : 302), headers);
    if (route.trickle === undefined) {
      if (route.contentLength === 'none' && body.byteLength > 0) res.write(body);
      res.end(route.contentLength === 'none' ? undefined : body);
      return;
    }
    const { chunkBytes, intervalMs } = route.trickle;
    const writeFrom = (offset: number): void => {
      if (res.destroyed) return;
      if (offset >= body.byteLength) {
        res.end();
        return;
      }
      res.write(body.subarray(offset, offset + chunkBytes));
      later(intervalMs, () => writeFrom(offset + chunkBytes));
    };
    writeFrom(0);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const path = req.url ?? '/';
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers };
    requests.push(recorded);
    const handler = routes.get(path) ?? routes.get(path.split('?', 1)[0] ?? path);
    if (handler === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    void Promise.resolve(typeof handler === 'function' ? handler(recorded) : handler).then(
      (route) => {
        if (route.delayHeadersMs === undefined) send(res, route);
        else later(route.delayHeadersMs, () => send(res, route));
      },
      (error: unknown) => {
        if (!res.destroyed) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      },
    );
  };

  const server: Server =
    tls === undefined ? createHttpServer(onRequest) : createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest);
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    if (socket.isSessionReused()) resumedTlsSessions += 1;
  });
  // A client that gives up mid-handshake is expected in these tests, not a failure.
  server.on('tlsClientError', () => undefined);
  server.on('clientError', (_error, socket: Socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('test server has no TCP address');
  const { port } = address;
  const origin = `${tls === undefined ? 'http' : 'https'}://${host === '::1' ? '[::1]' : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    origin,
    port,
    ca: tls?.ca,
    url: (path = '/') => new URL(path, origin).href,
    setRoute: (path, handler) => void routes.set(path, handler),
    deleteRoute: (path) => void routes.delete(path),
    requests,
    stats: () => ({ connections, resumedTlsSessions }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
