/** What the guarded fetcher hands to the (pure) parsers and rules: plain data, no sockets, no undici types. */

export interface RedirectHop {
  /** The URL that answered with a 3xx. */
  readonly url: string;
  readonly status: number;
  /** The absolute URL it pointed to. */
  readonly location: string;
}

/** The response headers the rules and the history need; lower-case names, first value only. */
export interface ResponseHeaders {
  readonly contentType?: string;
  readonly cacheControl?: string;
  readonly age?: string;
  readonly expires?: string;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly date?: string;
  readonly vary?: string;
  readonly accessControlAllowOrigin?: string;
}

export interface FetchTimings {
  /** Absent when the connection was reused or the host was an IP literal. */
  readonly dnsMs?: number;
  readonly connectMs?: number;
  readonly tlsMs?: number;
  readonly firstByteMs: number;
  readonly totalMs: number;
}

export interface TlsFacts {
  /** e.g. 'TLSv1.3'. */
  readonly protocol: string | null;
  readonly cipher?: string;
  readonly leaf?: {
    readonly subject: string;
    readonly issuer: string;
    readonly notBefore: string;
    readonly notAfter: string;
  };
}

export interface FetchResult {
  /** The URL the caller asked for. */
  readonly requestedUrl: string;
  /** The URL that produced this response (after redirects). */
  readonly url: string;
  readonly redirects: readonly RedirectHop[];
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly timings: FetchTimings;
  /** Present for https responses. */
  readonly tls?: TlsFacts;
  readonly body: Uint8Array;
  /** Hex SHA-256 of `body`. */
  readonly sha256: string;
  /** True when a conditional request was answered 304 (body is then empty). */
  readonly notModified: boolean;
}

/**
 * A fetch as the checks read it: the fetcher's result, or a 304 judged as the 200 it stands for, whose bytes may
 * not have been kept (src/probe/run-probe.ts).
 */
export interface JudgedFetch extends Omit<FetchResult, 'body'> {
  readonly body: Uint8Array | BodyNotHeld;
}

/**
 * The body of a 304 judged as the 200 it stands for, when only that 200's length and SHA-256 were kept. Reading
 * the bytes themselves then means fetching them again (src/probe/run-probe.ts); keeping them for every provider
 * with validators cost about 16 MB at 20,000 providers.
 */
export interface BodyNotHeld {
  readonly byteLength: number;
}

export interface ConditionalValidators {
  readonly etag?: string;
  readonly lastModified?: string;
}

/**
 * What a fetch reads of its caller's abort signal. An AbortSignal is one. A poll worker passes an AbortHandle
 * (abort-handle.ts): an AbortController made for every poll, with the EventTarget listeners the fetch adds and
 * removes on it, cost the worker about 4% of its busy time, for an abort that almost never comes.
 */
export interface CallerSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options: { once: true }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
