/**
 * What one delivery attempt's answer means and when to try again (Standard Webhooks v1.0.0, "Retry schedule" and
 * "Disabling failing endpoints"): any 2xx is delivered; 3xx is a failure (redirects are not followed); 410 Gone
 * disables the endpoint; anything else, and any network error, retries on the schedule with jitter until it is
 * exhausted. 429, 502, 503 and 504 ask us to slow down: their Retry-After can lengthen the wait, never shorten it
 * (review D1: `Retry-After: 1` used up the ~3-day schedule in 15 s and the alert was given up). Pure: the caller
 * passes the time and the random source.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Delays after the 1st, 2nd, ... failed attempt: the spec's example schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 14 h, 20 h, 24 h), i.e. 10 attempts over about 3.1 days.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
];

/** Jitter added to a scheduled delay, as a fraction of it (0.1 = up to 10 % later, never earlier). */
export const DEFAULT_JITTER_RATIO = 0.1;
/** Longest Retry-After we wait: a receiver cannot park a message for longer than the longest scheduled step. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 24 * HOUR;

/** Statuses that mean "too many requests / temporarily unavailable": their Retry-After can lengthen the wait. */
export const THROTTLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
export const GONE_STATUS = 410;

export interface RetryPolicy {
  readonly scheduleMs: readonly number[];
  readonly jitterRatio: number;
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  scheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
  jitterRatio: DEFAULT_JITTER_RATIO,
  maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS,
};

/** What one attempt produced: an HTTP answer, or no answer at all. */
export type AttemptResult =
  | { readonly kind: 'response'; readonly status: number; readonly retryAfter?: string | undefined }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

export type AttemptVerdict =
  | { readonly outcome: 'delivered' }
  /** 410: the receiver asked us to stop; the endpoint is disabled. */
  | { readonly outcome: 'gone' }
  /** A failure with another attempt at `nextAttemptAt`. */
  | { readonly outcome: 'retry'; readonly nextAttemptAt: number; readonly error: string }
  /** A failure with the schedule exhausted. */
  | { readonly outcome: 'given_up'; readonly error: string };

/**
 * The verdict on an attempt that was the `failedBefore + 1`-th of its series (failedBefore = failed attempts in
 * this series so far), answered at `now`.
 */
export function judgeAttempt(
  result: AttemptResult,
  failedBefore: number,
  now: number,
  policy: RetryPolicy,
  random: () => number,
): AttemptVerdict {
  if (result.kind === 'response' && result.status >= 200 && result.status < 300) return { outcome: 'delivered' };
  if (result.kind === 'response' && result.status === GONE_STATUS) return { outcome: 'gone' };
  const error = describeFailure(result);
  const step = policy.scheduleMs[failedBefore];
  if (step === undefined) return { outcome: 'given_up', error };
  const scheduledMs = Math.round(step * (1 + policy.jitterRatio * clampUnit(random())));
  const retryAfterMs =
    result.kind === 'response' && THROTTLE_STATUSES.has(result.status)
      ? parseRetryAfter(result.retryAfter, now)
      : undefined;
  // A floor, not a replacement: every attempt still uses a step, so a short Retry-After would end the schedule early.
  const delay =
    retryAfterMs === undefined ? scheduledMs : Math.max(scheduledMs, Math.min(retryAfterMs, policy.maxRetryAfterMs));
  return { outcome: 'retry', nextAttemptAt: now + delay, error };
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as milliseconds from `now`; undefined when absent
 * or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * SECOND;
  // IMF-fixdate and the obsolete forms all name a weekday and a GMT time; Date.parse reads them.
  if (!/GMT$/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeFailure(result: AttemptResult): string {
  if (result.kind === 'error') return `${result.code}: ${result.message}`;
  if (result.status >= 300 && result.status < 400) return `answered ${result.status}: redirects are not followed`;
  return `answered ${result.status}`;
}

function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
}
