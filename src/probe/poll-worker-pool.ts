/**
 * Polls in worker threads: one Node thread uses one core, and a poll is CPU work (TLS, parsing, checks, SQLite)
 * between waits, so a fleet of thousands at short intervals needs more than the main thread. Each provider always
 * goes to the same worker (by id), so every worker's caches (engine verdicts, remembered documents) hold only its
 * own share. Workers fetch and check; their writes come back here, to the one write connection (one writer, no
 * lock waits). A worker that dies fails its polls in flight and is started again on the next poll.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import {
  unchangedResult,
  type PollRecorder,
  type RecordPollInput,
  type RecordPollResult,
} from '../history/record-poll.js';
import type { PollTarget } from '../store/providers-repository.js';
import { createMessageBatch, type MessageBatch } from './message-batch.js';
import { fromWire } from './poll-worker-errors.js';
import type { FromWorker, PollWorkerInit, ToWorker } from './poll-worker-protocol.js';
import type { Poller, PollSummary } from './poller.js';
import type { ProbeResult } from './run-probe.js';

/** How long close() waits for a worker to close its sockets and exit before it is terminated. */
const CLOSE_TIMEOUT_MS = 5_000;

interface Pending {
  readonly providerId: number;
  readonly detail: 'full' | 'summary';
  resolve(value: ProbeResult | PollSummary): void;
  reject(error: Error): void;
  /** Set while the main thread waits for the worker's recorder input. */
  onInput?: (input: RecordPollInput | undefined) => void;
}

/** A running worker, and what is being sent to it this turn. */
interface Running {
  readonly worker: Worker;
  readonly outbox: MessageBatch<ToWorker>;
}

interface Slot {
  running: Running | undefined;
  readonly pending: Map<number, Pending>;
  /** Settles when the polls in flight have (close() waits for it). */
  readonly inFlight: Set<Promise<unknown>>;
}

export function createPollWorkerPool(workers: number, init: PollWorkerInit, recorder: PollRecorder): Poller {
  if (!Number.isSafeInteger(workers) || workers < 1) throw new TypeError('workers must be a positive integer');
  const slots: Slot[] = Array.from({ length: workers }, () => ({
    running: undefined,
    pending: new Map(),
    inFlight: new Set(),
  }));
  let nextId = 1;
  let closing: Promise<void> | undefined;

  function start(slot: Slot): Running {
    const worker = new Worker(workerEntry(), { workerData: init });
    const outbox = createMessageBatch<ToWorker>((batch) => worker.postMessage(batch));
    const fail = (error: Error): void => {
      if (slot.running?.worker === worker) slot.running = undefined;
      for (const [, pending] of slot.pending) pending.reject(error);
      slot.pending.clear();
    };
    const settle = (id: number): Pending | undefined => {
      const pending = slot.pending.get(id);
      slot.pending.delete(id);
      return pending;
    };
    /** Records a checked poll here, on the one write connection, then settles it. */
    const record = async (message: Extract<FromWorker, { kind: 'checked' }>, pending: Pending): Promise<void> => {
      let recorded: RecordPollResult | undefined;
      if (message.attempt !== undefined) {
        const unchanged = await recorder.recordUnchanged(message.attempt);
        if (unchanged !== undefined) recorded = unchangedResult(unchanged);
      }
      if (recorded === undefined) {
        const input =
          message.input ??
          (await new Promise<RecordPollInput | undefined>((resolve) => {
            pending.onInput = resolve;
            outbox.send({ kind: 'need-input', id: message.id, providerId: pending.providerId });
          }));
        if (input === undefined) throw new AppError('INTERNAL', 'the poll worker no longer had the poll to record');
        recorded = await recorder.recordFully(input);
      }
      if (pending.detail === 'full' && message.outcome !== undefined) {
        settle(message.id)?.resolve({ outcome: message.outcome, recorded });
      } else {
        settle(message.id)?.resolve({
          error: message.error,
          path: recorded.path,
          eventCount: recorded.events.length,
        });
      }
    };
    const receive = (message: FromWorker): void => {
      switch (message.kind) {
        case 'checked': {
          const pending = slot.pending.get(message.id);
          if (pending !== undefined)
            record(message, pending).catch((error: unknown) =>
              settle(message.id)?.reject(error instanceof Error ? error : new Error(String(error))),
            );
          return;
        }
        case 'input':
          slot.pending.get(message.id)?.onInput?.(message.input);
          return;
        case 'failed': {
          const pending = settle(message.id);
          pending?.reject(fromWire(message.error));
          // A record() waiting for this poll's input (the worker failed while checking it again) ends too.
          pending?.onInput?.(undefined);
          return;
        }
        case 'closed':
          return;
      }
    };
    worker.on('message', (batch: readonly FromWorker[]) => {
      for (const message of batch) receive(message);
    });
    worker.on('error', (error) => fail(new AppError('INTERNAL', `poll worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new AppError('INTERNAL', `poll worker exited (code ${code})`)));
    // Polls keep the process alive, not an idle worker.
    worker.unref();
    slot.running = { worker, outbox };
    return slot.running;
  }

  function dispatch(target: PollTarget, detail: 'full' | 'summary', signal: AbortSignal | undefined) {
    if (closing !== undefined) return Promise.reject(new AppError('FETCH_ABORTED', 'the service is stopping'));
    if (signal?.aborted === true) return Promise.reject(new AppError('FETCH_ABORTED', 'aborted by the caller'));
    const slot = slots[target.id % slots.length]!;
    const { outbox } = slot.running ?? start(slot);
    const id = nextId++;
    const result = new Promise<ProbeResult | PollSummary>((resolve, reject) => {
      const onAbort = (): void => outbox.send({ kind: 'abort', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      slot.pending.set(id, {
        providerId: target.id,
        detail,
        resolve(value) {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject(error) {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      outbox.send({ kind: 'poll', id, target, detail });
    });
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    slot.inFlight.add(settled);
    void settled.then(() => slot.inFlight.delete(settled));
    return result;
  }

  async function closeSlot(slot: Slot): Promise<void> {
    if (slot.running === undefined) return;
    const { worker, outbox } = slot.running;
    // Polls in flight end on their own (each fetch is bounded by its timeout); then the worker closes its database.
    await Promise.all(slot.inFlight);
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    outbox.send({ kind: 'close' });
    const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  return {
    probe: (target, signal) => dispatch(target, 'full', signal) as Promise<ProbeResult>,
    probeSummary: (target, signal) => dispatch(target, 'summary', signal) as Promise<PollSummary>,
    close() {
      closing ??= Promise.all(slots.map(closeSlot)).then(() => undefined);
      return closing;
    },
  };
}

/**
 * The worker's script: the compiled poll-worker.js next to this file, or, when this module runs from its
 * TypeScript source (tests, tsx), a small bootstrap that loads the TypeScript worker through tsx.
 */
function workerEntry(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('./poll-worker-boot.mjs', here) : new URL('./poll-worker.js', here);
}
