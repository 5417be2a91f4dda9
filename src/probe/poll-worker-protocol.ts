/**
 * The messages between the poll worker pool (main thread) and a poll worker (src/probe/poll-worker.ts). A worker
 * fetches and checks; every write goes back to the main thread, which keeps the only write connection (SQLite
 * allows one writer at a time, and a thread waiting for the lock would sleep its whole event loop).
 */
import type { FetcherOptions } from '../fetch/fetcher.js';
import type { RecordPollInput, UnchangedAttempt } from '../history/record-poll.js';
import type { RecorderSettings } from '../history/types.js';
import type { PollTarget } from '../store/providers-repository.js';
import type { TargetError, TargetOutcome } from './check-target.js';

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

/**
 * A poll costs two messages when it repeats the last one: 'poll' out, 'checked' back with the unchanged-poll
 * update, which the main thread applies. Only when that update does not apply does the main thread ask for the
 * recorder's whole input ('need-input' / 'input'), which carries the report; a poll with no update to try sends
 * its input with 'checked'. An input goes with its documents' bytes: when a 304 stood for bytes the worker did not
 * keep, it fetches them again first (the answer is then 'input' after a fetch, or 'failed').
 *
 * On the wire, each side posts arrays of these: what it sent within one turn of its event loop (message-batch.ts).
 */
export type ToWorker =
  | { readonly kind: 'poll'; readonly id: number; readonly target: PollTarget; readonly detail: 'full' | 'summary' }
  | { readonly kind: 'abort'; readonly id: number }
  | { readonly kind: 'need-input'; readonly id: number; readonly providerId: number }
  | { readonly kind: 'close' };

export type FromWorker =
  | {
      readonly kind: 'checked';
      readonly id: number;
      /** The unchanged-poll update this poll would be; undefined when it can only be recorded in full. */
      readonly attempt: UnchangedAttempt | undefined;
      /** The recorder's whole input, sent at once when there is no unchanged-poll update to try. */
      readonly input: RecordPollInput | undefined;
      readonly error: TargetError | undefined;
      /** The whole outcome, for a 'full' poll only. */
      readonly outcome: TargetOutcome | undefined;
    }
  | { readonly kind: 'input'; readonly id: number; readonly input: RecordPollInput | undefined }
  | { readonly kind: 'failed'; readonly id: number; readonly error: WireError }
  | { readonly kind: 'closed' };
