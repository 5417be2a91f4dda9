/**
 * The guarded fetcher: GET one URL and hand back plain facts (FetchResult), or fail with a coded AppError.
 * Guards (issue 2 §2): the address policy at connect time on every hop, connect+headers and total timeouts, a
 * streamed body cap, a bounded manual redirect chain that never downgrades https to http, and GET only.
 * undici's dispatcher on a keep-alive Agent with a handler of our own (exchange.ts), rather than `fetch` (3-4x
 * the CPU per request, shared/research/performance-anchors.md §3) or `request` (a stream per response).
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { AppError } from '../errors.js';
import { AbortHandle } from './abort-handle.js';
import { classifyAddress as defaultClassifyAddress, type AddressClass } from './address-policy.js';
import { createGuardedConnector, originKey, type ConnectionRecord } from './connector.js';
import { exchange, type ResponseHeaderMap } from './exchange.js';
import { type AbortCause, fetchError, toFetchError } from './fetch-errors.js';
import { displayUrl, hostNameProblem, urlForMessage } from './url-rules.js';
import type {
  CallerSignal,
  ConditionalValidators,
  FetchResult,
  FetchTimings,
  RedirectHop,
  ResponseHeaders,
  TlsFacts,
} from './types.js';

export interface FetcherOptions {
  /** Let loopback, RFC 1918, CGNAT, link-local and unique-local addresses through (internal IdPs, tests). */
  readonly allowPrivateNetworks?: boolean;
  /** Budget for connecting (DNS, TCP, TLS) and receiving the response headers, per hop. */
  readonly connectTimeoutMs?: number;
  /** Budget for the whole fetch: every hop, every header and the body. */
  readonly totalTimeoutMs?: number;
  /** The body is read as a stream and the fetch aborted once it grows past this. */
  readonly maxBodyBytes?: number;
  readonly maxRedirects?: number;
  readonly userAgent?: string;
  /**
   * Extra trusted roots (PEM), added to Node's bundled Mozilla roots. Leave unset in production to keep
   * NODE_EXTRA_CA_CERTS working: on Node 20 any explicit CA list replaces the default store, which is where
   * NODE_EXTRA_CA_CERTS lives.
   */
  readonly ca?: readonly string[];
  /** Reuse connections between fetches of the same origin. */
  readonly keepAlive?: boolean;
  /** Most sockets open at once to one origin. */
  readonly connectionsPerOrigin?: number;
  /** Name resolution, same contract as dns.lookup; tests map names to loopback with it. */
  readonly lookup?: LookupFunction;
  /**
   * Address classification behind the policy. Tests only: lets a loopback server stand in for a public IdP
   * (a fetch must never leave loopback in a test). Production uses the default.
   */
  readonly classifyAddress?: (ip: string) => AddressClass;
}

export interface FetchOptions {
  /** Validators from the previous response: sent as If-None-Match / If-Modified-Since. */
  readonly validators?: ConditionalValidators;
  readonly signal?: CallerSignal;
}

export interface Fetcher {
  get(url: string, options?: FetchOptions): Promise<FetchResult>;
  /** Waits for fetches in flight (each bounded by totalTimeoutMs), then frees the sockets. Idempotent. */
  close(): Promise<void>;
}

const MIB = 1024 * 1024;

export const DEFAULT_USER_AGENT = 'jwks-monitor/0.1.0';

export const DEFAULT_FETCHER_OPTIONS = {
  allowPrivateNetworks: false,
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 10_000,
  maxBodyBytes: MIB,
  maxRedirects: 3,
  userAgent: DEFAULT_USER_AGENT,
  keepAlive: true,
  connectionsPerOrigin: 4,
} as const satisfies FetcherOptions;

/** RFC 7517 §8.5 registers application/jwk-set+json; many IdPs serve plain JSON. */
export const ACCEPT_HEADER = 'application/jwk-set+json, application/json';

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const NOT_MODIFIED = 304;
const SUPPORTED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);
const REDIRECT_DRAIN_BYTES = 64 * 1024;

/** The longest timer Node keeps: a longer delay fires after 1 ms instead (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2_147_483_647;

function requirePositiveInteger(name: string, value: number, allowZero = false, max?: number): void {
  if (!Number.isSafeInteger(value) || value < (allowZero ? 0 : 1) || (max !== undefined && value > max)) {
    const bound = max === undefined ? '' : ` no greater than ${max}`;
    throw new TypeError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer${bound}, got ${value}`);
  }
}

function parseTarget(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch (cause) {
    const shown = urlForMessage(displayUrl(input));
    throw new AppError('FETCH_INVALID_URL', `${JSON.stringify(shown)} is not an absolute URL`, { cause });
  }
  if (!SUPPORTED_PROTOCOLS.has(url.protocol)) {
    throw fetchError(
      'FETCH_UNSUPPORTED_SCHEME',
      displayUrl(url),
      `the ${url.protocol} scheme is not fetched; use https:`,
      {
        details: { scheme: url.protocol },
      },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw fetchError('FETCH_INVALID_URL', displayUrl(url), 'credentials in the URL are not sent; remove them');
  }
  const hostProblem = hostNameProblem(url.hostname);
  if (hostProblem !== undefined) throw fetchError('FETCH_INVALID_URL', url.href, `the URL ${hostProblem}`);
  // A fragment is never sent to the server (RFC 9110 §7.1).
  url.hash = '';
  return url;
}

function resolveRedirect(from: URL, status: number, location: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch (cause) {
    throw fetchError(
      'FETCH_REDIRECT',
      from.href,
      `answered ${status} with an invalid Location ${JSON.stringify(urlForMessage(location))}`,
      {
        cause,
        details: { status, location: urlForMessage(location) },
      },
    );
  }
  const shown = urlForMessage(displayUrl(next));
  const refuse = (reason: string): AppError =>
    fetchError('FETCH_REDIRECT', from.href, `answered ${status} redirecting to ${shown}: ${reason}`, {
      details: { status, location: shown },
    });
  if (!SUPPORTED_PROTOCOLS.has(next.protocol)) throw refuse(`the ${next.protocol} scheme is not followed`);
  if (from.protocol === 'https:' && next.protocol === 'http:')
    throw refuse('a redirect from https to http is not followed');
  if (next.username !== '' || next.password !== '') throw refuse('a redirect carrying credentials is not followed');
  const hostProblem = hostNameProblem(next.hostname);
  if (hostProblem !== undefined) throw refuse(`the target ${hostProblem}`);
  next.hash = '';
  return next;
}

function isRedirect(status: number, headers: ResponseHeaderMap): boolean {
  return REDIRECT_STATUSES.has(status) && firstHeader(headers, 'location') !== undefined;
}

function firstHeader(headers: ResponseHeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const PICKED_HEADERS: readonly (readonly [keyof ResponseHeaders, string])[] = [
  ['contentType', 'content-type'],
  ['cacheControl', 'cache-control'],
  ['age', 'age'],
  ['expires', 'expires'],
  ['etag', 'etag'],
  ['lastModified', 'last-modified'],
  ['date', 'date'],
  ['vary', 'vary'],
  ['accessControlAllowOrigin', 'access-control-allow-origin'],
];

/** TLS facts of a connection the connector did not describe. */
const NO_TLS_FACTS: TlsFacts = { protocol: null };

function pickHeaders(headers: ResponseHeaderMap): ResponseHeaders {
  const picked: Record<string, string> = {};
  for (const [field, name] of PICKED_HEADERS) {
    const value = firstHeader(headers, name);
    if (value !== undefined) picked[field] = value;
  }
  return picked;
}

function requestHeaders(userAgent: string, validators: ConditionalValidators | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: ACCEPT_HEADER, 'user-agent': userAgent };
  if (validators?.etag !== undefined) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified !== undefined) headers['if-modified-since'] = validators.lastModified;
  return headers;
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

interface PhaseSums {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
}

function addPhase(sums: PhaseSums, phase: keyof PhaseSums, ms: number | undefined): void {
  if (ms !== undefined) sums[phase] = roundMs((sums[phase] ?? 0) + ms);
}

/**
 * undici hands a socket back to its pool one I/O turn after the body ends. Without waiting for that, a fetch
 * that follows at once (the next redirect hop, or discovery then jwks_uri on the same origin) finds the socket
 * busy and opens a second connection, paying a full TLS handshake.
 */
function socketBackInPool(): Promise<void> {
  return nextMacrotask();
}

export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const settings = { ...DEFAULT_FETCHER_OPTIONS, ...options };
  requirePositiveInteger('connectTimeoutMs', settings.connectTimeoutMs, false, MAX_TIMER_MS);
  requirePositiveInteger('totalTimeoutMs', settings.totalTimeoutMs, false, MAX_TIMER_MS);
  requirePositiveInteger('maxBodyBytes', settings.maxBodyBytes);
  requirePositiveInteger('maxRedirects', settings.maxRedirects, true);
  requirePositiveInteger('connectionsPerOrigin', settings.connectionsPerOrigin);

  const extraCa = options.ca ?? [];
  // One context for every connection, with session resumption left on in the connector.
  const secureContext =
    extraCa.length === 0 ? createSecureContext() : createSecureContext({ ca: [...rootCertificates, ...extraCa] });
  const connector = createGuardedConnector({
    allowPrivateNetworks: settings.allowPrivateNetworks,
    classifyAddress: options.classifyAddress ?? defaultClassifyAddress,
    lookup: options.lookup ?? dnsLookup,
    secureContext,
    connectTimeoutMs: settings.connectTimeoutMs,
  });
  const agent = new Agent({
    connect: connector.connect,
    connections: settings.connectionsPerOrigin,
    // undici: pipelining 0 closes each connection after its response.
    pipelining: settings.keepAlive ? 1 : 0,
    // Backstops only: the fetcher's own timers below are what normally fire.
    headersTimeout: settings.connectTimeoutMs,
    bodyTimeout: settings.totalTimeoutMs,
  });

  let closing: Promise<void> | undefined;

  async function get(input: string, fetchOptions: FetchOptions = {}): Promise<FetchResult> {
    const requested = parseTarget(input);
    if (closing !== undefined) throw fetchError('FETCH_ABORTED', requested.href, 'the fetcher is closed');
    const { signal } = fetchOptions;
    if (signal?.aborted)
      throw fetchError('FETCH_ABORTED', requested.href, 'aborted by the caller', { cause: signal.reason });

    const startedAt = performance.now();
    const controller = new AbortHandle();
    let abortCause: AbortCause | undefined;
    const abort = (cause: AbortCause): void => {
      if (controller.aborted) return;
      abortCause = cause;
      controller.abort(new Error(cause.kind === 'caller' ? 'aborted by the caller' : `${cause.phase} timeout`));
    };
    const onCallerAbort = (): void => abort({ kind: 'caller' });
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    const totalTimer = setTimeout(
      () => abort({ kind: 'timeout', phase: 'total', timeoutMs: settings.totalTimeoutMs }),
      settings.totalTimeoutMs,
    );
    let headersTimer: NodeJS.Timeout | undefined;

    let current = requested;
    const redirects: RedirectHop[] = [];
    const phases: PhaseSums = {};
    const headers = requestHeaders(settings.userAgent, fetchOptions.validators);
    try {
      for (;;) {
        const key = originKey(current.protocol, current.hostname, current.port);
        const hopStartedAt = performance.now();
        headersTimer = setTimeout(() => {
          // Name the phase: a connection attempt that began on this hop and never completed, or a silent server.
          const attempt = connector.latest(key);
          const connecting =
            attempt !== undefined && attempt.attemptedAt >= hopStartedAt && attempt.establishedAt === undefined;
          abort({ kind: 'timeout', phase: connecting ? 'connect' : 'headers', timeoutMs: settings.connectTimeoutMs });
        }, settings.connectTimeoutMs);
        const hop = current;
        // Read when the headers arrive, while the connection that answered is certainly open: the connector lets go
        // of a connection's record once it closes, which for a connection that is not kept alive is right after.
        const served: { connection?: ConnectionRecord; tls?: TlsFacts } = {};
        const response = await exchange(
          agent,
          {
            origin: hop.origin,
            path: `${hop.pathname}${hop.search}`,
            headers,
            // A redirect's body is only drained, so the connection can be reused; a large one closes it instead.
            bodyLimit: (status, responseHeaders) =>
              isRedirect(status, responseHeaders) ? REDIRECT_DRAIN_BYTES : settings.maxBodyBytes,
            overLimit: (status, responseHeaders) => (isRedirect(status, responseHeaders) ? 'stop' : 'fail'),
            tooLarge: (limit, declared) =>
              declared === undefined
                ? fetchError('FETCH_BODY_TOO_LARGE', hop.href, `the body exceeds the ${limit}-byte limit`, {
                    details: { limitBytes: limit },
                  })
                : fetchError(
                    'FETCH_BODY_TOO_LARGE',
                    hop.href,
                    `Content-Length ${declared} exceeds the ${limit}-byte limit`,
                    { details: { limitBytes: limit, contentLength: declared } },
                  ),
            onHeaders: () => {
              clearTimeout(headersTimer);
              served.connection = connector.latest(key);
              served.tls = connector.tlsFacts(key);
            },
          },
          controller,
        );
        const finishedAt = performance.now();

        const attempt = served.connection;
        if (attempt?.establishedAt !== undefined && attempt.attemptedAt >= hopStartedAt) {
          addPhase(phases, 'dnsMs', attempt.dnsMs);
          addPhase(phases, 'connectMs', attempt.connectMs);
          addPhase(phases, 'tlsMs', attempt.tlsMs);
        }

        const { status } = response;
        const location = firstHeader(response.headers, 'location');
        if (REDIRECT_STATUSES.has(status) && location !== undefined) {
          if (!response.truncated) await socketBackInPool();
          if (redirects.length >= settings.maxRedirects) {
            throw fetchError('FETCH_REDIRECT', current.href, `more than ${settings.maxRedirects} redirects`, {
              details: { maxRedirects: settings.maxRedirects, redirects: redirects.length + 1 },
            });
          }
          const next = resolveRedirect(current, status, location);
          redirects.push({ url: current.href, status, location: next.href });
          current = next;
          continue;
        }
        const { bytes, sha256, headersAt } = response;
        await socketBackInPool();

        // Built as literals: object spread costs ~40x a literal on Node 20, and this runs on every poll.
        const timings: { -readonly [K in keyof FetchTimings]: FetchTimings[K] } = {
          firstByteMs: roundMs(headersAt - startedAt),
          totalMs: roundMs(finishedAt - startedAt),
        };
        if (phases.dnsMs !== undefined) timings.dnsMs = phases.dnsMs;
        if (phases.connectMs !== undefined) timings.connectMs = phases.connectMs;
        if (phases.tlsMs !== undefined) timings.tlsMs = phases.tlsMs;
        const result: { -readonly [K in keyof FetchResult]: FetchResult[K] } = {
          requestedUrl: requested.href,
          url: current.href,
          redirects,
          status,
          headers: pickHeaders(response.headers),
          timings,
          body: bytes,
          sha256,
          notModified: status === NOT_MODIFIED && fetchOptions.validators !== undefined,
        };
        if (current.protocol === 'https:') result.tls = served.tls ?? NO_TLS_FACTS;
        return result;
      }
    } catch (error) {
      throw toFetchError(error, current.href, abortCause);
    } finally {
      clearTimeout(headersTimer);
      clearTimeout(totalTimer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return {
    get,
    close: () => {
      closing ??= agent.close().finally(() => connector.clear());
      return closing;
    },
  };
}
