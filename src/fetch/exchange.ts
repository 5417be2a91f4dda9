/**
 * One HTTP exchange through undici's dispatcher with a handler of our own: the status, the response headers, and
 * the body read into memory, hashed as it arrives and capped. `request` would wrap the same exchange in an async
 * resource, a Readable stream and its events; on a poll that repeats the last one that wrapping costs more than
 * everything else the service does with the response.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { util, type Dispatcher } from 'undici';

export type ResponseHeaderMap = Record<string, string | string[] | undefined>;

export interface Exchange {
  readonly status: number;
  readonly headers: ResponseHeaderMap;
  /** performance.now() when the status line and headers had arrived. */
  readonly headersAt: number;
  readonly bytes: Uint8Array;
  readonly sha256: string;
  /** The body was left unread past `bodyLimit` (only when `overLimit` is 'stop'). */
  readonly truncated: boolean;
}

export interface ExchangeOptions {
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Most body bytes taken in. */
  readonly bodyLimit: (status: number, headers: ResponseHeaderMap) => number;
  /** Past the limit: 'fail' rejects with `tooLarge()`; 'stop' ends the exchange with the bytes read so far. */
  readonly overLimit: (status: number, headers: ResponseHeaderMap) => 'fail' | 'stop';
  /** The error for a body over its limit (declared or read). */
  tooLarge(limit: number, declared: number | undefined): Error;
  /** Called once the headers are in (the caller stops its headers timer). */
  onHeaders(): void;
}

/** Aborts an exchange; `abort` may come before undici has a socket for it. */
export interface ExchangeAbort {
  readonly aborted: boolean;
  readonly reason: Error | undefined;
  once(event: 'abort', listener: () => void): unknown;
  off(event: 'abort', listener: () => void): unknown;
}

const FIRST_FINAL_STATUS = 200;

export function exchange(dispatcher: Dispatcher, options: ExchangeOptions, abort: ExchangeAbort): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    let settled = false;
    let stop: ((error?: Error) => void) | undefined;
    let status = 0;
    let headers: ResponseHeaderMap = {};
    let headersAt = 0;
    let limit = 0;
    let size = 0;
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');

    const onAbort = (): void => {
      fail(abort.reason ?? new Error('aborted'));
    };
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      abort.off('abort', onAbort);
      return true;
    };
    const fail = (error: Error): void => {
      if (!settle()) return;
      stop?.(error);
      reject(error);
    };
    const finish = (truncated: boolean): void => {
      if (!settle()) return;
      // One right-sized copy: a chunk may be a view of a larger socket buffer, which whatever holds the body for a
      // while (a poll worker's held poll, waiting for its record) would keep.
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve({ status, headers, headersAt, bytes, sha256: hash.digest('hex'), truncated });
    };

    if (abort.aborted) {
      fail(abort.reason ?? new Error('aborted'));
      return;
    }
    abort.once('abort', onAbort);

    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        stop = abortRequest;
        if (settled) abortRequest(abort.reason ?? new Error('aborted'));
      },
      onHeaders(statusCode, rawHeaders) {
        // 1xx informational responses come before the final one.
        if (statusCode < FIRST_FINAL_STATUS) return true;
        status = statusCode;
        headers = util.parseHeaders(rawHeaders) as ResponseHeaderMap;
        headersAt = performance.now();
        options.onHeaders();
        limit = options.bodyLimit(status, headers);
        const declared = Number(firstValue(headers['content-length']));
        if (Number.isFinite(declared) && declared > limit) {
          if (options.overLimit(status, headers) === 'stop') finish(true);
          else fail(options.tooLarge(limit, declared));
          stop?.(new Error('response body not read'));
          return false;
        }
        return true;
      },
      onData(chunk) {
        if (settled) return false;
        size += chunk.byteLength;
        if (size > limit) {
          if (options.overLimit(status, headers) === 'stop') {
            size -= chunk.byteLength;
            finish(true);
            stop?.(new Error('response body not read'));
          } else fail(options.tooLarge(limit, undefined));
          return false;
        }
        hash.update(chunk);
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        finish(false);
      },
      onError(error) {
        fail(error);
      },
    };
    dispatcher.dispatch(
      { origin: options.origin, path: options.path, method: 'GET', headers: options.headers },
      handler,
    );
  });
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
