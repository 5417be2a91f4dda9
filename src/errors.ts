/**
 * Operational failures carry a stable code (jose style): callers and tests branch on `code`, never on message
 * text. Findings are values, never thrown; caller bugs stay TypeError.
 */
export type ErrorCode =
  // fetch/
  | 'FETCH_INVALID_URL'
  | 'FETCH_UNSUPPORTED_SCHEME'
  | 'FETCH_FORBIDDEN_ADDRESS'
  | 'FETCH_DNS'
  | 'FETCH_CONNECT'
  | 'FETCH_TLS'
  | 'FETCH_TIMEOUT'
  | 'FETCH_BODY_TOO_LARGE'
  | 'FETCH_REDIRECT'
  | 'FETCH_PROTOCOL'
  | 'FETCH_ABORTED'
  /** A monitored document answered with an HTTP error status: the provider is unreachable for that poll. */
  | 'FETCH_HTTP_STATUS'
  // input read by the CLI / API
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'INPUT_UNRECOGNISED'
  | 'USAGE'
  // config and storage
  | 'CONFIG_INVALID'
  | 'DB_NEWER_THAN_CODE'
  | 'DB_MIGRATION_FAILED'
  // API resources
  | 'VALIDATION_FAILED'
  | 'UNAUTHORIZED'
  | 'PROVIDER_NOT_FOUND'
  | 'PROVIDER_CONFLICT'
  | 'PROVIDER_READ_ONLY'
  | 'SNAPSHOT_NOT_FOUND'
  | 'WEBHOOK_NOT_FOUND'
  | 'DELIVERY_NOT_FOUND'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options?.details;
  }
}

export function isAppError(value: unknown, code?: ErrorCode): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}
