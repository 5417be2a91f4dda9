/**
 * Turns what undici, Node's sockets and OpenSSL throw into AppErrors with a stable code and a message that names
 * the URL and the reason; the original error stays in `cause` for the log. Callers branch on codes only.
 */
import { AppError, isAppError, type ErrorCode } from '../errors.js';
import { isRecord } from '../json/guards.js';
import { ForbiddenAddressError, TlsHandshakeError } from './connector.js';
import { urlForMessage } from './url-rules.js';

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total';

/** Why the fetcher aborted its own request, recorded before the abort so the resulting error can be named. */
export type AbortCause =
  { readonly kind: 'timeout'; readonly phase: TimeoutPhase; readonly timeoutMs: number } | { readonly kind: 'caller' };

const DNS_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
  'ENODATA',
]);

const CONNECT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

const TIMEOUT_PHASES: Readonly<Record<string, TimeoutPhase>> = {
  ETIMEDOUT: 'connect',
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'headers',
  UND_ERR_BODY_TIMEOUT: 'body',
};

/** OpenSSL certificate-verification results as Node reports them in `error.code`. */
const TLS_VERIFY_CODES: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_REJECTED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

const PROTOCOL_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_INFO',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'UND_ERR_INVALID_ARG',
]);

const MAX_CAUSE_DEPTH = 5;

/** The error and its `cause`s, outermost first (undici wraps socket errors). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (chain.length < MAX_CAUSE_DEPTH && current !== undefined && current !== null && !chain.includes(current)) {
    chain.push(current);
    current = isRecord(current) ? current['cause'] : undefined;
  }
  return chain;
}

/** undici's parser reports some malformed responses with no llhttp code, only its error name. */
const UNCODED_PARSER_ERROR = { name: 'HTTPParserError', reason: 'HPE_UNKNOWN' } as const;

function codeOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value['code'] === 'string') return value['code'];
  return value['name'] === UNCODED_PARSER_ERROR.name ? UNCODED_PARSER_ERROR.reason : undefined;
}

function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}

/** getaddrinfo answers EINVAL for a name it will not look up at all (one too long, say): a DNS failure. */
function isResolverRefusal(link: unknown, code: string): boolean {
  return code === 'EINVAL' && isRecord(link) && link['syscall'] === 'getaddrinfo';
}

function classify(code: string): ErrorCode | undefined {
  if (DNS_CODES.has(code)) return 'FETCH_DNS';
  if (CONNECT_CODES.has(code)) return 'FETCH_CONNECT';
  if (TIMEOUT_PHASES[code] !== undefined) return 'FETCH_TIMEOUT';
  if (TLS_VERIFY_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) return 'FETCH_TLS';
  if (PROTOCOL_CODES.has(code) || code.startsWith('HPE_')) return 'FETCH_PROTOCOL';
  return undefined;
}

/** The message prefix naming the fetched URL, cut to a bounded length. */
export function fetchErrorPrefix(url: string): string {
  return `GET ${urlForMessage(url)}: `;
}

export function fetchError(
  code: ErrorCode,
  url: string,
  reason: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): AppError {
  return new AppError(code, `${fetchErrorPrefix(url)}${reason}`, {
    cause: options.cause,
    details: { url: urlForMessage(url), ...options.details },
  });
}

function timeoutError(url: string, phase: TimeoutPhase, timeoutMs: number | undefined, cause: unknown): AppError {
  const what: Record<TimeoutPhase, string> = {
    connect: 'no connection',
    headers: 'no response headers',
    body: 'the body stalled',
    total: 'the fetch did not complete',
  };
  const limit = timeoutMs === undefined ? '' : ` within ${timeoutMs} ms`;
  return fetchError('FETCH_TIMEOUT', url, `${what[phase]}${limit}`, {
    cause,
    details: { phase, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
  });
}

/**
 * The AppError for anything a fetch threw. `abort` (when the fetcher aborted the request itself) wins over the
 * error's own shape, since an aborted socket reports all sorts of things. Errors with no code at all are bugs,
 * not network conditions, and are rethrown unchanged.
 */
export function toFetchError(error: unknown, url: string, abort: AbortCause | undefined): unknown {
  if (isAppError(error)) return error;
  if (abort?.kind === 'timeout') return timeoutError(url, abort.phase, abort.timeoutMs, error);
  if (abort?.kind === 'caller') return fetchError('FETCH_ABORTED', url, 'aborted by the caller', { cause: error });

  const chain = causeChain(error);
  const forbidden = chain.find((link): link is ForbiddenAddressError => link instanceof ForbiddenAddressError);
  if (forbidden) {
    return fetchError('FETCH_FORBIDDEN_ADDRESS', url, `refused to connect: ${forbidden.message}`, {
      cause: error,
      details: { hostname: forbidden.hostname, address: forbidden.address, addressClass: forbidden.addressClass },
    });
  }
  const handshake = chain.find((link): link is TlsHandshakeError => link instanceof TlsHandshakeError);
  if (handshake) {
    const reason = handshake.code ?? 'TLS_HANDSHAKE_FAILED';
    if (classify(reason) === 'FETCH_TIMEOUT') return timeoutError(url, 'connect', undefined, error);
    return fetchError('FETCH_TLS', url, `${handshake.message} (${reason})`, { cause: error, details: { reason } });
  }
  for (const link of chain) {
    const reason = codeOf(link);
    if (reason === undefined) continue;
    const code = isResolverRefusal(link, reason) ? 'FETCH_DNS' : classify(reason);
    if (code === undefined) continue;
    if (code === 'FETCH_TIMEOUT') return timeoutError(url, TIMEOUT_PHASES[reason] ?? 'connect', undefined, error);
    return fetchError(code, url, `${messageOf(link)} (${reason})`, { cause: error, details: { reason } });
  }
  const reason = chain.map(codeOf).find((code) => code !== undefined);
  if (reason === undefined) return error;
  // A coded error we have no row for: still an operational failure of this fetch, reported with its code.
  return fetchError(
    reason.startsWith('UND_ERR_') ? 'FETCH_PROTOCOL' : 'FETCH_CONNECT',
    url,
    `${messageOf(error)} (${reason})`,
    {
      cause: error,
      details: { reason },
    },
  );
}
