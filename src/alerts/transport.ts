/**
 * The HTTP POST behind webhook deliveries, guarded like the fetcher: the same connect-time address policy
 * (src/fetch/connector.ts) on every address a name resolves to, so a webhook URL cannot reach internal space unless
 * private networks are allowed, and plain http reaches nothing else (cleartext-policy.ts). Redirects are not followed (undici's `request` never does; a 3xx is an answer
 * and the retry policy calls it a failure), the whole attempt has one deadline (Standard Webhooks: 15-30 s), and the
 * response body is drained and discarded, never stored.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { isAppError } from '../errors.js';
import { classifyAddress as defaultClassifyAddress, type AddressClass } from '../fetch/address-policy.js';
import { createGuardedConnector } from '../fetch/connector.js';
import { fetchErrorPrefix, toFetchError, type AbortCause } from '../fetch/fetch-errors.js';
import { MAX_TIMER_MS } from '../fetch/fetcher.js';
import { hostNameProblem } from '../fetch/url-rules.js';
import { cleartextGuardedConnect, privateOnlyLookup } from './cleartext-policy.js';
import type { AttemptResult } from './retry.js';

export interface TransportOptions {
  readonly allowPrivateNetworks: boolean;
  /** Deadline for the whole attempt: connect, send, response headers and body. */
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly connectionsPerOrigin?: number;
  /** Name resolution (dns.lookup contract); tests map names to loopback with it. */
  readonly lookup?: LookupFunction;
  /** Tests only: lets a loopback receiver stand in for a public one. */
  readonly classifyAddress?: (ip: string) => AddressClass;
  /** Extra trusted roots (PEM), added to Node's bundled roots (leave unset to keep NODE_EXTRA_CA_CERTS working). */
  readonly ca?: readonly string[];
}

/** Standard Webhooks recommends a timeout between 15 and 30 s. */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 15_000;
const DEFAULT_CONNECTIONS_PER_ORIGIN = 4;
/** Response bodies are read only to free the connection; past this the socket is dropped instead. */
const DRAIN_LIMIT_BYTES = 64 * 1024;
const MAX_CONNECT_TIMEOUT_MS = 5_000;

export interface PostRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Aborts the attempt (the sender's shutdown); it then ends as a FETCH_ABORTED error. */
  readonly signal?: AbortSignal;
}

export type PostResult = AttemptResult & { readonly latencyMs: number };

export interface WebhookTransport {
  post(request: PostRequest): Promise<PostResult>;
  /** Frees the sockets (in-flight posts end within their deadline). Idempotent. */
  close(): Promise<void>;
}

export function createTransport(options: TransportOptions): WebhookTransport {
  if (!Number.isSafeInteger(options.timeoutMs) || options.timeoutMs < 1 || options.timeoutMs > MAX_TIMER_MS) {
    throw new TypeError(
      `timeoutMs must be a positive integer no greater than ${MAX_TIMER_MS}, got ${options.timeoutMs}`,
    );
  }
  const secureContext =
    options.ca === undefined || options.ca.length === 0
      ? createSecureContext()
      : createSecureContext({ ca: [...rootCertificates, ...options.ca] });
  const classifyAddress = options.classifyAddress ?? defaultClassifyAddress;
  const lookup = options.lookup ?? dnsLookup;
  const connectorOptions = {
    allowPrivateNetworks: options.allowPrivateNetworks,
    classifyAddress,
    lookup,
    secureContext,
    connectTimeoutMs: Math.min(options.timeoutMs, MAX_CONNECT_TIMEOUT_MS),
  };
  const connector = createGuardedConnector(connectorOptions);
  const cleartextConnector = createGuardedConnector({
    ...connectorOptions,
    lookup: privateOnlyLookup(lookup, classifyAddress),
  });
  const agent = new Agent({
    connect: cleartextGuardedConnect(connector.connect, cleartextConnector.connect, classifyAddress),
    connections: options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  let closing: Promise<void> | undefined;

  return {
    async post(request) {
      const started = performance.now();
      const latency = (): number => Math.round(performance.now() - started);
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return { kind: 'error', code: 'FETCH_INVALID_URL', message: 'the URL is not absolute', latencyMs: 0 };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return {
          kind: 'error',
          code: 'FETCH_UNSUPPORTED_SCHEME',
          message: `${url.protocol} is not sent to`,
          latencyMs: 0,
        };
      }
      const hostProblem = hostNameProblem(url.hostname);
      if (hostProblem !== undefined) {
        return { kind: 'error', code: 'FETCH_INVALID_URL', message: `the URL ${hostProblem}`, latencyMs: 0 };
      }
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, options.timeoutMs);
      const abortByCaller = (): void => controller.abort();
      request.signal?.addEventListener('abort', abortByCaller, { once: true });
      if (request.signal?.aborted === true) controller.abort();
      try {
        const response = await agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': options.userAgent, ...request.headers },
          body: request.body,
          signal: controller.signal,
        });
        await response.body.dump({ limit: DRAIN_LIMIT_BYTES }).catch(() => undefined);
        const retryAfter = response.headers['retry-after'];
        return {
          kind: 'response',
          status: response.statusCode,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          latencyMs: latency(),
        };
      } catch (error) {
        const abort: AbortCause | undefined = timedOut
          ? { kind: 'timeout', phase: 'total', timeoutMs: options.timeoutMs }
          : request.signal?.aborted === true
            ? { kind: 'caller' }
            : undefined;
        return { ...describeError(error, url, abort), latencyMs: latency() };
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', abortByCaller);
      }
    },
    close() {
      closing ??= agent.close().finally(() => {
        connector.clear();
        cleartextConnector.clear();
      });
      return closing;
    },
  };
}

/** A coded failure whose message does not repeat the URL (it may carry a token in its query). */
function describeError(
  error: unknown,
  url: URL,
  abort: AbortCause | undefined,
): { kind: 'error'; code: string; message: string } {
  const shown = url.href;
  const mapped = toFetchError(error, shown, abort);
  if (isAppError(mapped)) {
    const prefix = fetchErrorPrefix(shown);
    const message = mapped.message.startsWith(prefix) ? mapped.message.slice(prefix.length) : mapped.message;
    return { kind: 'error', code: mapped.code, message };
  }
  return { kind: 'error', code: 'FETCH_PROTOCOL', message: error instanceof Error ? error.message : String(error) };
}
