/**
 * A real webhook receiver on loopback (plain node:http on 127.0.0.1) that records every message and checks its
 * signatures with the official `standardwebhooks` library, plus a migrated store, a fake clock and the alerts
 * wired to them.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createAlerts, type Alerts, type AlertSettings } from '../../src/alerts/index.js';
import type { AlertsOptions } from '../../src/alerts/index.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';
import { addProvider, poll, tempStore, T0, type TestStore } from '../history/helpers.js';
import type { Store } from '../../src/store/store.js';
import { isRecord } from '../../src/json/guards.js';

export interface ReceivedMessage {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly id: string;
  readonly timestamp: string;
  readonly signatures: readonly string[];
  readonly body: string;
  readonly raw: Buffer;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

export interface Receiver {
  url(path?: string): string;
  readonly messages: ReceivedMessage[];
  /** How each message is answered (default 204); `index` counts messages from 0. */
  reply(fn: (message: ReceivedMessage, index: number) => Reply): void;
  readonly maxConcurrent: number;
  /** Resolves once `count` messages have arrived (bounded wait). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const MAX_WAIT_MS = 5_000;

export async function startReceiver(): Promise<Receiver> {
  const messages: ReceivedMessage[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let replyFn: (message: ReceivedMessage, index: number) => Reply = () => ({ status: 204 });
  let concurrent = 0;
  let maxConcurrent = 0;
  const server: Server = createServer((req, res) => {
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      const parsed: unknown = JSON.parse(body);
      const record = isRecord(parsed) ? parsed : {};
      const data = record['data'];
      const message: ReceivedMessage = {
        path: req.url ?? '',
        headers: req.headers,
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signatures: String(req.headers['webhook-signature']).split(' '),
        body,
        raw,
        type: String(record['type']),
        data: isRecord(data) ? { ...data } : {},
      };
      const index = messages.length;
      messages.push(message);
      const answer = replyFn(message, index);
      const send = (): void => {
        concurrent--;
        res.writeHead(answer.status ?? 204, answer.headers);
        res.end();
      };
      if (answer.delayMs === undefined) send();
      else {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMs);
        timers.add(timer);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    messages,
    reply(fn) {
      replyFn = fn;
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
    async waitFor(count, timeoutMs = MAX_WAIT_MS) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`waited ${timeoutMs} ms for ${count} messages, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves once `predicate` holds, polling every 5 ms; throws after `timeoutMs` naming `what`. */
export async function waitUntil(predicate: () => boolean, what: string, timeoutMs = MAX_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** True when one of the message's v1 signatures is the official library's signature with `secret`. */
export function isSignedWith(message: ReceivedMessage, secret: string): boolean {
  const expected = new Webhook(secret).sign(message.id, new Date(Number(message.timestamp) * 1000), message.body);
  return message.signatures.includes(expected);
}

export interface AlertsHarness {
  readonly store: Store;
  /** The database file's path. */
  readonly path: string;
  readonly clock: FakeClock;
  readonly receiver: Receiver;
  readonly alerts: Alerts;
  readonly providerId: number;
  /** A new alerts instance on the current store (and the same clock). */
  build(overrides?: Partial<AlertsOptions>): Alerts;
  /** Closes the database under whatever runs on it (a killed process) and opens the file again. */
  reopen(): Store;
  cleanup(): Promise<void>;
}

export const FAST_SETTINGS: Partial<AlertSettings> = { concurrency: 4, timeoutMs: 2_000 };

/** A store with one provider, a receiver, a fake clock at the real time (so the library's ±5 min check passes). */
export async function harness(options: Partial<AlertsOptions> = {}): Promise<AlertsHarness> {
  let t: TestStore = tempStore();
  const clock = fakeClock(Date.now());
  const receiver = await startReceiver();
  const built: Alerts[] = [];
  const build = (overrides: Partial<AlertsOptions> = {}): Alerts => {
    const alerts = createAlerts({
      store: t.store,
      clock,
      policy: { allowPrivateNetworks: true },
      random: () => 0,
      ...options,
      ...overrides,
      settings: { ...FAST_SETTINGS, ...options.settings, ...overrides.settings },
    });
    built.push(alerts);
    return alerts;
  };
  const providerId = addProvider(t.store, { tags: ['prod'] });
  const alerts = build();
  return {
    get store() {
      return t.store;
    },
    get path() {
      return t.path;
    },
    clock,
    receiver,
    alerts,
    providerId,
    build,
    reopen() {
      t = t.reopen();
      return t.store;
    },
    async cleanup() {
      await Promise.all(built.map((a) => a.stop()));
      await receiver.close();
      t.cleanup();
    },
  };
}

/**
 * Three failed polls: the provider goes down (one provider.down event). `at` is the poll time; the recorder's
 * clock is independent of the alerts' clock.
 */
export function takeDown(store: Store, providerId: number, at = T0): void {
  for (let i = 0; i < 3; i++)
    poll(store, providerId, at + i * 60_000, undefined, {
      outcome: 'FETCH_CONNECT',
      errorMessage: 'connection refused',
    });
}

/** Two good polls after being down: one provider.recovered event. */
export function bringUp(store: Store, providerId: number, at: number, jwksValue: unknown): void {
  poll(store, providerId, at, jwksValue);
  poll(store, providerId, at + 60_000, jwksValue);
}
