/**
 * Runs the run-row retention (retention.ts) while the service runs: once soon after start, then every hour. One
 * call is bounded (a few hundred batches of 500 rows, each its own short transaction), so a backlog (a first start
 * with RETENTION_DAYS lowered, say) is worked off a call at a time, a second apart, never holding the write lock
 * long enough to delay a poll.
 */
import type { PruneResult } from './retention.js';

export interface RetentionJobOptions {
  /** Prunes what is older than the retention window at `now`. */
  readonly prune: (now: number) => PruneResult;
  readonly now: () => number;
  readonly onPruned: (result: PruneResult) => void;
  readonly onError: (error: unknown) => void;
  /** First run after start (default 1 minute: the service's start is busy enough). */
  readonly firstAfterMs?: number;
  /** Between runs (default 1 hour). */
  readonly everyMs?: number;
  /** After a run that left old rows behind (default 1 s). */
  readonly backlogAfterMs?: number;
}

export interface RetentionJob {
  stop(): void;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const SECOND_MS = 1_000;

export function startRetentionJob(options: RetentionJobOptions): RetentionJob {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const schedule = (afterMs: number): void => {
    if (stopped) return;
    timer = setTimeout(run, afterMs);
    // Never what keeps the process alive: a stop that forgot it must still let the process exit.
    timer.unref();
  };

  function run(): void {
    let more = false;
    try {
      const result = options.prune(options.now());
      more = result.more;
      if (result.deleted > 0) options.onPruned(result);
    } catch (error) {
      // A busy or full database: the next run tries again.
      options.onError(error);
    }
    schedule(more ? (options.backlogAfterMs ?? SECOND_MS) : (options.everyMs ?? HOUR_MS));
  }

  schedule(options.firstAfterMs ?? MINUTE_MS);
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
