/**
 * Decides what to poll and when; knows nothing of HTTP or SQL. The schedule lives in the database (next due time
 * per provider), so a restart resumes it. Each tick claims the providers due within the next tick window,
 * persists their following due time, and starts each at its exact due time, so tick granularity does not become
 * lag. Caps: global concurrency, per-host concurrency, never two polls of one provider at once.
 *
 * A tick reads the schedule in slices of provider ids, one event-loop turn each: with 20,000 providers, reading
 * and rescheduling them in one go held the loop for 6–30 ms every second (bench/event-loop.ts), which the API's
 * requests waited for; a slice of IDS_PER_CLAIM_SLICE ids takes about a millisecond.
 *
 * A claim pass that throws (SQLITE_BUSY while another process holds the write lock past the busy timeout,
 * SQLITE_FULL) ends there and is reported as a `pass-failed` event; the next tick starts a new pass. Before, the
 * exception left the pass marked as running, so no tick ever claimed again, and a throw in a deferred slice would
 * have been an uncaught exception (review of the metrics, defect 1).
 */
import type { Clock, TimerHandle } from './clock.js';

export interface DueProvider {
  readonly id: number;
  /** Host of the provider's URL: the per-host cap protects each IdP from us. */
  readonly host: string;
  readonly nextDueAt: number;
  readonly intervalMs: number;
}

/** Provider ids above `afterId`, up to and including `throughId`. */
export interface IdRange {
  readonly afterId: number;
  readonly throughId: number;
}

export interface ScheduleStore {
  /** Enabled providers with an id in `ids`, due at or before `until`, earliest first, at most `limit`. */
  dueProviders(until: number, limit: number, ids: IdRange): readonly DueProvider[];
  /** The highest provider id (0 when there is none): a tick reads the ids up to it. */
  lastProviderId(): number;
  /** Persists the next due times of claimed providers (one transaction). */
  reschedule(entries: readonly { readonly id: number; readonly nextDueAt: number }[]): void;
}

export type SchedulerEvent =
  | { readonly type: 'poll-started'; readonly providerId: number; readonly lagMs: number }
  | {
      readonly type: 'poll-finished';
      readonly providerId: number;
      readonly durationMs: number;
      readonly error?: unknown;
    }
  /** A tick's claim pass finished (after all its slices). */
  | { readonly type: 'tick'; readonly claimed: number }
  /** A claim pass ended early: reading or persisting the schedule threw. Nothing of that slice was claimed. */
  | { readonly type: 'pass-failed'; readonly error: unknown }
  | { readonly type: 'skipped-overlap'; readonly providerId: number };

export interface SchedulerOptions {
  readonly concurrency: number;
  /** Polls in flight against one host at once. */
  readonly perHostConcurrency: number;
  /** The next due time moves by up to ± this fraction of the interval, so providers drift apart. */
  readonly jitterRatio: number;
  /** How far ahead a tick claims work; at least the ticker's period. */
  readonly lookaheadMs: number;
  /** Most providers claimed by one tick (bounds memory and the SQL read). */
  readonly maxClaimPerTick: number;
  /** Provider ids one slice of a tick reads; the following slice runs on the next event-loop turn. */
  readonly idsPerClaimSlice: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  concurrency: 32,
  perHostConcurrency: 2,
  jitterRatio: 0.02,
  lookaheadMs: 1_000,
  maxClaimPerTick: 5_000,
  idsPerClaimSlice: 2_000,
};

export interface SchedulerDeps {
  readonly clock: Clock;
  /** Runs `fn` on a later event-loop turn, after pending I/O (default setImmediate). */
  readonly defer?: (fn: () => void) => void;
  readonly store: ScheduleStore;
  /** One poll; must settle (resolve or reject) and honour the abort signal. */
  poll(provider: DueProvider, signal: AbortSignal): Promise<void>;
  readonly random?: () => number;
  readonly onEvent?: (event: SchedulerEvent) => void;
}

export interface Scheduler {
  /**
   * Claims due work; called by the ticker (node-cron) every second, and by `wake()`. The first slice is claimed
   * at once, the others on later turns; a tick during a pass runs another pass right after it. Never throws: a
   * pass that fails emits `pass-failed`.
   */
  tick(): void;
  /** Runs a tick now, e.g. after a provider was added with "poll at once". */
  wake(): void;
  /** Polls in flight or waiting for a slot. */
  readonly pending: number;
  readonly inFlight: number;
  /** When the last claim pass completed (readiness: the scheduler claims work); a failed pass leaves it as it was. */
  readonly lastPassAt: number | undefined;
  /** Stops claiming; lets in-flight polls finish within graceMs, then aborts them. Idempotent. */
  stop(graceMs: number): Promise<void>;
}

interface Job {
  readonly provider: DueProvider;
  timer?: TimerHandle;
}

export function createScheduler(deps: SchedulerDeps, options: Partial<SchedulerOptions> = {}): Scheduler {
  const opts = { ...DEFAULT_SCHEDULER_OPTIONS, ...options };
  const { clock, store } = deps;
  const random = deps.random ?? Math.random;
  const emit = deps.onEvent ?? (() => {});
  const defer = deps.defer ?? ((fn: () => void) => void setImmediate(fn));

  const waiting: Job[] = [];
  const timed = new Set<Job>();
  const running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  const perHost = new Map<string, number>();
  const claimedIds = new Set<number>();
  let stopped = false;
  let stopping: Promise<void> | undefined;
  let lastPassAt: number | undefined;
  /** A claim pass is reading its slices; a tick meanwhile sets `again`. */
  let passing = false;
  let again = false;

  function nextDueAfter(provider: DueProvider, now: number): number {
    const jitter = (random() * 2 - 1) * opts.jitterRatio * provider.intervalMs;
    // Keep the cadence anchored to the due time, but never schedule into the past after a long stall.
    return Math.max(provider.nextDueAt + provider.intervalMs, now + provider.intervalMs / 2) + Math.round(jitter);
  }

  function tick(): void {
    if (stopped) return;
    if (passing) {
      again = true;
      return;
    }
    passing = true;
    const until = clock.now() + opts.lookaheadMs;
    let lastId = 0;
    let claimed = 0;
    const slice = (afterId: number): void => {
      if (stopped) {
        passing = false;
        return;
      }
      const throughId = Math.min(afterId + opts.idsPerClaimSlice, lastId);
      claimed += claim(store.dueProviders(until, opts.maxClaimPerTick - claimed, { afterId, throughId }));
      if (throughId < lastId && claimed < opts.maxClaimPerTick) {
        defer(() => guarded(() => slice(throughId)));
        return;
      }
      passing = false;
      lastPassAt = clock.now();
      emit({ type: 'tick', claimed });
      if (again) {
        again = false;
        defer(tick);
      }
    };
    guarded(() => {
      lastId = store.lastProviderId();
      slice(0);
    });
  }

  /** Runs a step of a claim pass; one that throws ends the pass, and the next tick starts a new one. */
  function guarded(step: () => void): void {
    try {
      step();
    } catch (error) {
      passing = false;
      // The next tick retries anyway; the wake that asked for another pass is served by it.
      again = false;
      emit({ type: 'pass-failed', error });
    }
  }

  /**
   * Persists the next due times of `due`, then queues each at its due time; returns how many were claimed. The write
   * comes first: when it throws, nothing is queued and the providers stay due, so the next pass claims them again.
   */
  function claim(due: readonly DueProvider[]): number {
    const now = clock.now();
    const claims = due.map((provider) => ({ id: provider.id, nextDueAt: nextDueAfter(provider, now) }));
    if (claims.length > 0) store.reschedule(claims);
    for (const provider of due) {
      if (claimedIds.has(provider.id)) {
        // Still polling (or queued) from a previous due time: no overlap; this occurrence is dropped.
        emit({ type: 'skipped-overlap', providerId: provider.id });
        continue;
      }
      claimedIds.add(provider.id);
      const job: Job = { provider };
      const delay = provider.nextDueAt - now;
      if (delay > 0) {
        timed.add(job);
        job.timer = clock.setTimeout(() => {
          timed.delete(job);
          waiting.push(job);
          drain();
        }, delay);
      } else {
        waiting.push(job);
      }
    }
    drain();
    return claims.length;
  }

  function drain(): void {
    if (stopped) return;
    for (let i = 0; i < waiting.length && running.size < opts.concurrency;) {
      const job = waiting[i]!;
      const hostCount = perHost.get(job.provider.host) ?? 0;
      if (hostCount >= opts.perHostConcurrency) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      start(job.provider, hostCount);
    }
  }

  function start(provider: DueProvider, hostCount: number): void {
    const startedAt = clock.now();
    perHost.set(provider.host, hostCount + 1);
    const controller = new AbortController();
    emit({ type: 'poll-started', providerId: provider.id, lagMs: Math.max(0, startedAt - provider.nextDueAt) });
    const done = Promise.resolve()
      .then(() => deps.poll(provider, controller.signal))
      .then(
        () => emit({ type: 'poll-finished', providerId: provider.id, durationMs: clock.now() - startedAt }),
        (error: unknown) =>
          emit({ type: 'poll-finished', providerId: provider.id, durationMs: clock.now() - startedAt, error }),
      )
      .finally(() => {
        running.delete(provider.id);
        claimedIds.delete(provider.id);
        const left = (perHost.get(provider.host) ?? 1) - 1;
        if (left <= 0) perHost.delete(provider.host);
        else perHost.set(provider.host, left);
        drain();
      });
    running.set(provider.id, { controller, done });
  }

  async function stopNow(graceMs: number): Promise<void> {
    stopped = true;
    for (const job of timed) if (job.timer !== undefined) clock.clearTimeout(job.timer);
    // Claimed polls that never started get their due time back: the claim moved it an interval ahead, so after a
    // restart they would have waited a whole interval (a new provider stayed pending that long).
    const unstarted = [...timed, ...waiting].map((job) => ({ id: job.provider.id, nextDueAt: job.provider.nextDueAt }));
    timed.clear();
    waiting.length = 0;
    if (unstarted.length > 0) store.reschedule(unstarted);
    const all = () => Promise.all([...running.values()].map((r) => r.done));
    if (running.size === 0) return;
    let graceTimer: TimerHandle | undefined;
    const grace = new Promise<'grace'>((resolve) => {
      graceTimer = clock.setTimeout(() => resolve('grace'), graceMs);
    });
    const outcome = await Promise.race([all().then(() => 'done' as const), grace]);
    if (graceTimer !== undefined) clock.clearTimeout(graceTimer);
    if (outcome === 'grace') {
      for (const r of running.values()) r.controller.abort(new Error('shutting down'));
      await all();
    }
  }

  return {
    tick,
    wake: tick,
    get pending() {
      return waiting.length + timed.size;
    },
    get inFlight() {
      return running.size;
    },
    get lastPassAt() {
      return lastPassAt;
    },
    stop(graceMs) {
      stopping ??= stopNow(graceMs);
      return stopping;
    },
  };
}
