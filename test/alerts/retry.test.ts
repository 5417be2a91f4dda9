/** The verdict on one attempt: success, 410, throttling with Retry-After, the schedule with jitter, giving up. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_RETRY_SCHEDULE_MS,
  judgeAttempt,
  parseRetryAfter,
} from '../../src/alerts/retry.js';

const NOW = Date.UTC(2026, 5, 1, 12);
const none = (): number => 0;
const most = (): number => 1;

describe('judgeAttempt', () => {
  it('counts any 2xx as delivered', () => {
    for (const status of [200, 201, 202, 204, 299])
      expect(judgeAttempt({ kind: 'response', status }, 0, NOW, DEFAULT_RETRY_POLICY, none)).toEqual({
        outcome: 'delivered',
      });
  });

  it('treats 410 Gone as the endpoint asking to be disabled', () => {
    expect(judgeAttempt({ kind: 'response', status: 410 }, 3, NOW, DEFAULT_RETRY_POLICY, none).outcome).toBe('gone');
  });

  it('counts a redirect as a failure', () => {
    const verdict = judgeAttempt({ kind: 'response', status: 302 }, 0, NOW, DEFAULT_RETRY_POLICY, none);
    expect(verdict).toMatchObject({ outcome: 'retry', nextAttemptAt: NOW + 5_000 });
  });

  it('follows the Standard Webhooks schedule, then gives up', () => {
    const delays = DEFAULT_RETRY_SCHEDULE_MS.map((_, step) => {
      const verdict = judgeAttempt({ kind: 'response', status: 500 }, step, NOW, DEFAULT_RETRY_POLICY, none);
      return verdict.outcome === 'retry' ? verdict.nextAttemptAt - NOW : undefined;
    });
    expect(delays.map((ms) => (ms ?? 0) / 1000)).toEqual([5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    const last = judgeAttempt(
      { kind: 'error', code: 'FETCH_CONNECT', message: 'refused' },
      9,
      NOW,
      DEFAULT_RETRY_POLICY,
      none,
    );
    expect(last).toEqual({ outcome: 'given_up', error: 'FETCH_CONNECT: refused' });
  });

  it('adds at most 10 % jitter, never less than the scheduled delay', () => {
    const verdict = judgeAttempt({ kind: 'response', status: 500 }, 1, NOW, DEFAULT_RETRY_POLICY, most);
    expect(verdict).toMatchObject({ outcome: 'retry', nextAttemptAt: NOW + 330_000 });
  });

  it('honours Retry-After in seconds on 429, 502, 503 and 504', () => {
    for (const status of [429, 502, 503, 504]) {
      const verdict = judgeAttempt({ kind: 'response', status, retryAfter: '120' }, 0, NOW, DEFAULT_RETRY_POLICY, most);
      expect(verdict).toMatchObject({ outcome: 'retry', nextAttemptAt: NOW + 120_000 });
    }
  });

  it('honours Retry-After as an HTTP date', () => {
    const at = new Date(NOW + 90_000).toUTCString();
    const verdict = judgeAttempt({ kind: 'response', status: 503, retryAfter: at }, 0, NOW, DEFAULT_RETRY_POLICY, none);
    expect(verdict).toMatchObject({ outcome: 'retry', nextAttemptAt: NOW + 90_000 });
  });

  it('caps a huge Retry-After', () => {
    const huge = judgeAttempt(
      { kind: 'response', status: 429, retryAfter: '31536000' },
      0,
      NOW,
      DEFAULT_RETRY_POLICY,
      none,
    );
    expect(huge).toMatchObject({ nextAttemptAt: NOW + DEFAULT_RETRY_POLICY.maxRetryAfterMs });
  });

  // Review D1: each throttled answer uses a step, so a Retry-After shorter than the step gave up in seconds.
  it('never waits less than the scheduled step, whatever the Retry-After', () => {
    for (const retryAfter of ['0', '1', '2', new Date(NOW - 60_000).toUTCString()]) {
      const delays = DEFAULT_RETRY_SCHEDULE_MS.map((_, step) => {
        const verdict = judgeAttempt(
          { kind: 'response', status: 503, retryAfter },
          step,
          NOW,
          DEFAULT_RETRY_POLICY,
          none,
        );
        return verdict.outcome === 'retry' ? verdict.nextAttemptAt - NOW : undefined;
      });
      expect(delays, retryAfter).toEqual([...DEFAULT_RETRY_SCHEDULE_MS]);
    }
  });

  it('waits the longer of the jittered step and Retry-After', () => {
    const shorter = judgeAttempt(
      { kind: 'response', status: 429, retryAfter: '4' },
      0,
      NOW,
      DEFAULT_RETRY_POLICY,
      most,
    );
    expect(shorter).toMatchObject({ nextAttemptAt: NOW + 5_500 });
    const longer = judgeAttempt(
      { kind: 'response', status: 429, retryAfter: '600' },
      1,
      NOW,
      DEFAULT_RETRY_POLICY,
      most,
    );
    expect(longer).toMatchObject({ nextAttemptAt: NOW + 600_000 });
  });

  it('ignores Retry-After on other statuses', () => {
    const verdict = judgeAttempt(
      { kind: 'response', status: 500, retryAfter: '600' },
      0,
      NOW,
      DEFAULT_RETRY_POLICY,
      none,
    );
    expect(verdict).toMatchObject({ nextAttemptAt: NOW + 5_000 });
  });

  it('still gives up when a throttled delivery has exhausted the schedule', () => {
    const verdict = judgeAttempt(
      { kind: 'response', status: 429, retryAfter: '5' },
      9,
      NOW,
      DEFAULT_RETRY_POLICY,
      none,
    );
    expect(verdict.outcome).toBe('given_up');
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7_000);
    expect(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-1', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});
