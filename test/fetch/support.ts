/** Shared bits of the fetcher tests. */
import type { LookupFunction } from 'node:net';
import { expect } from 'vitest';
import { AppError, type ErrorCode } from '../../src/errors.js';

/**
 * Roomy budgets for tests that expect success, so a loaded machine cannot turn a pass into a timeout; tests of
 * the timeouts pass their own short ones (a few hundred ms).
 */
export const ROOMY_BUDGETS = { connectTimeoutMs: 2_000, totalTimeoutMs: 5_000 } as const;

/** Awaits a fetch that must fail and returns its AppError after checking the code. */
export async function expectFetchError(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(AppError);
  if (!(error instanceof AppError)) throw new Error('unreachable');
  expect(error.code, error.message).toBe(code);
  return error;
}

/**
 * A lookup whose answers a test scripts (every answer must be a loopback address: tests never leave loopback),
 * recording the names asked for. `undefined` fails like a real resolver (ENOTFOUND).
 */
export function scriptedLookup(answer: (hostname: string, call: number) => string | readonly string[] | undefined): {
  lookup: LookupFunction;
  calls: string[];
} {
  const calls: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    const entry = answer(hostname, calls.length);
    calls.push(hostname);
    queueMicrotask(() => {
      if (entry === undefined) {
        callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
        return;
      }
      const addresses = (typeof entry === 'string' ? [entry] : entry).map((address) => ({
        address,
        family: address.includes(':') ? 6 : 4,
      }));
      const first = addresses[0];
      if (options.all === true || first === undefined) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
  return { lookup, calls };
}

/** A lookup answering from a fixed name -> address(es) table. */
export function tableLookup(table: Readonly<Record<string, string | readonly string[]>>): {
  lookup: LookupFunction;
  calls: string[];
} {
  return scriptedLookup((hostname) => table[hostname]);
}
