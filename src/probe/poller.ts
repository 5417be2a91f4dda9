/**
 * Where polls run: on the main thread (inProcessPoller) or in worker threads (poll-worker-pool.ts). Both run the
 * same runProbe; the service and the scheduler see only this interface.
 */
import type { PollTarget } from '../store/providers-repository.js';
import type { TargetError } from './check-target.js';
import { runProbe, type ProbeDeps, type ProbeResult } from './run-probe.js';

/** What a scheduled poll tells the rest of the service (metrics, alerts): no report, no findings. */
export interface PollSummary {
  /** Set when a document could not be had. */
  readonly error: TargetError | undefined;
  /** 'unchanged': only counters moved; 'recorded': the poll went through the planner. */
  readonly path: 'unchanged' | 'recorded';
  /** Change events the poll wrote (alerts go out when there are any). */
  readonly eventCount: number;
}

export interface Poller {
  /** A poll whose whole result is wanted (the API's "check now"): fetched fresh, without validators. */
  probe(target: PollTarget, signal?: AbortSignal): Promise<ProbeResult>;
  /** A poll of which only the summary is wanted (the scheduler's): nothing else crosses a thread. */
  probeSummary(target: PollTarget, signal?: AbortSignal): Promise<PollSummary>;
  /** Lets polls in flight end (each is bounded by the fetch timeout), then frees sockets and threads. */
  close(): Promise<void>;
}

export function summarizeProbe({ outcome, recorded }: ProbeResult): PollSummary {
  return { error: outcome.error, path: recorded.path, eventCount: recorded.events.length };
}

export function inProcessPoller(deps: ProbeDeps, close: () => Promise<void>): Poller {
  return {
    probe: (target, signal) => runProbe(target, deps, signal, true),
    probeSummary: async (target, signal) => summarizeProbe(await runProbe(target, deps, signal)),
    close,
  };
}
