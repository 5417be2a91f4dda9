/**
 * The messages between the poll worker pool (main thread) and a poll worker (src/probe/poll-worker.ts). A worker
 * fetches and checks; every write goes back to the main thread, which keeps the only write connection (SQLite
 * allows one writer at a time, and a thread waiting for the lock would sleep its whole event loop).
 */
import type { FetcherOptions } from '../fetch/fetcher.js';
import type { RecordPollInput, RecordPollResult, UnchangedAttempt, UnchangedResult } from '../history/record-poll.js';
import type { RecorderSettings } from '../history/types.js';
import type { PollTarget } from '../store/providers-repository.js';
import type { PollSummary } from './poller.js';
import type { ProbeResult } from './run-probe.js';

/** What a worker is started with: everything must survive a structured clone (no functions). */
export interface PollWorkerInit {
  readonly fetcher: Omit<FetcherOptions, 'lookup' | 'classifyAddress'>;
  readonly recorderSettings: RecorderSettings;
  readonly unconditionalEvery: number;
  readonly documentMemoryEntries: number;
}

/** A failure carried across the thread boundary: the AppError code when there was one. */
export interface WireError {
  readonly code: string | undefined;
  readonly message: string;
}

export type ToWorker =
  | { readonly kind: 'poll'; readonly id: number; readonly target: PollTarget; readonly detail: 'full' | 'summary' }
  | { readonly kind: 'abort'; readonly id: number }
  | { readonly kind: 'recorded'; readonly rid: number; readonly result: UnchangedResult | RecordPollResult | undefined }
  | { readonly kind: 'record-failed'; readonly rid: number; readonly error: WireError }
  | { readonly kind: 'close' };

export type FromWorker =
  | { readonly kind: 'full'; readonly id: number; readonly result: ProbeResult }
  | { readonly kind: 'summary'; readonly id: number; readonly summary: PollSummary }
  | { readonly kind: 'failed'; readonly id: number; readonly error: WireError }
  | { readonly kind: 'record-unchanged'; readonly rid: number; readonly attempt: UnchangedAttempt }
  | { readonly kind: 'record-full'; readonly rid: number; readonly input: RecordPollInput }
  | { readonly kind: 'closed' };
