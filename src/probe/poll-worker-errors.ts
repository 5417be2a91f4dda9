/** Errors across the poll worker boundary: an AppError keeps its code, anything else its message. */
import { AppError, isAppError, type ErrorCode } from '../errors.js';
import type { WireError } from './poll-worker-protocol.js';

/** The codes a poll or a write can fail with that callers branch on (pollScheduled ignores a deleted provider). */
const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'FETCH_ABORTED',
  'PROVIDER_NOT_FOUND',
  'INTERNAL',
  'DB_NEWER_THAN_CODE',
]);

export function toWire(error: unknown): WireError {
  return {
    code: isAppError(error) ? error.code : undefined,
    message: error instanceof Error ? error.message : String(error),
  };
}

export function fromWire({ code, message }: WireError): Error {
  return code !== undefined && KNOWN_CODES.has(code) ? new AppError(code as ErrorCode, message) : new Error(message);
}
