/**
 * A poll worker thread: its own fetcher, engine and document memory, checking the providers the pool sends it
 * (always the same share of them, so its caches are its own). It writes nothing: the main thread records each poll
 * (see poll-worker-protocol.ts). Started by poll-worker-pool.ts with a PollWorkerInit as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../checks/engine.js';
import { AbortHandle } from '../fetch/abort-handle.js';
import { createFetcher } from '../fetch/index.js';
import type { CallerSignal } from '../fetch/types.js';
import { unchangedAttemptOf } from '../history/record-poll.js';
import type { PollTarget } from '../store/providers-repository.js';
import { LruCache } from '../util/lru-cache.js';
import { createMessageBatch } from './message-batch.js';
import type { FromWorker, PollWorkerInit, ToWorker } from './poll-worker-protocol.js';
import { toWire } from './poll-worker-errors.js';
import { checkPoll, createDocumentMemory, pollWithBytes, type CheckedPoll, type ProbeDeps } from './run-probe.js';

if (parentPort === null) throw new Error('poll-worker.ts runs as a worker thread (see poll-worker-pool.ts)');
const port = parentPort;
// Our own main thread's data, built by createPollWorkerPool.
const init = workerData as PollWorkerInit;

const outbox = createMessageBatch<FromWorker>((batch) => port.postMessage(batch));
const send = outbox.send;

const fetcher = createFetcher(init.fetcher);
const deps: Omit<ProbeDeps, 'recorder'> = {
  fetch: fetcher.get.bind(fetcher),
  engine: createEngine(),
  now: () => Date.now(),
  memory: createDocumentMemory(init.documentMemoryEntries),
  recorderSettings: init.recorderSettings,
  unconditionalEvery: init.unconditionalEvery,
};
/**
 * Each poll's abort handle, which the main thread's 'abort' reaches by the poll's id. Not an AbortController: one
 * made per poll, with the EventTarget listeners the fetch adds and removes on it, cost about 4% of a worker's busy
 * time (closed loop, 2026-11-23), and an abort comes only when the service stops or a check is cancelled.
 */
const aborts = new Map<number, AbortHandle>();
/**
 * Polls checked whose unchanged-poll update the main thread is trying, by provider, in case it asks for the whole
 * input (the main thread never has two polls of one provider in flight). It asks within a commit's turn of its event
 * loop, so a bound far above the polls in flight loses nothing, and an input (which may hold the document's bytes)
 * is not kept for every provider between polls. An input asked for after it was dropped fails that poll (INTERNAL).
 */
const INPUTS_HELD = 4_096;
interface HeldPoll {
  readonly id: number;
  readonly target: PollTarget;
  readonly checked: CheckedPoll;
}
const inputs = new LruCache<number, HeldPoll>(INPUTS_HELD);

/** Runs `work` under an abort handle the main thread can reach by the poll's id. */
async function abortable<T>(id: number, work: (signal: CallerSignal) => Promise<T>): Promise<T> {
  const signal = new AbortHandle();
  aborts.set(id, signal);
  try {
    return await work(signal);
  } finally {
    aborts.delete(id);
  }
}

async function poll(message: Extract<ToWorker, { kind: 'poll' }>): Promise<void> {
  try {
    const checked = await abortable(message.id, (signal) =>
      checkPoll(message.target, deps, signal, message.detail === 'full'),
    );
    const attempt = unchangedAttemptOf(checked.input, init.recorderSettings);
    if (attempt !== undefined) inputs.set(message.target.id, { id: message.id, target: message.target, checked });
    // An input sent now is cloned whole (its report's documents read): its bytes must be here.
    const sent =
      attempt === undefined
        ? await abortable(message.id, (signal) => pollWithBytes(checked, message.target, deps, signal))
        : checked;
    send({
      kind: 'checked',
      id: message.id,
      attempt,
      input: attempt === undefined ? sent.input : undefined,
      error: sent.outcome.error,
      outcome: message.detail === 'full' ? sent.outcome : undefined,
    });
  } catch (error) {
    send({ kind: 'failed', id: message.id, error: toWire(error) });
  }
}

/** The main thread's answer to 'need-input': the held poll's input, checked again fresh if its bytes were not kept. */
async function sendInput(message: Extract<ToWorker, { kind: 'need-input' }>): Promise<void> {
  const held = inputs.get(message.providerId);
  if (held?.id !== message.id) {
    send({ kind: 'input', id: message.id, input: undefined });
    return;
  }
  inputs.delete(message.providerId);
  try {
    const { input } = await abortable(message.id, (signal) => pollWithBytes(held.checked, held.target, deps, signal));
    send({ kind: 'input', id: message.id, input });
  } catch (error) {
    send({ kind: 'failed', id: message.id, error: toWire(error) });
  }
}

function receive(message: ToWorker): void {
  switch (message.kind) {
    case 'poll':
      void poll(message);
      return;
    case 'abort':
      aborts.get(message.id)?.abort(new Error('aborted by the main thread'));
      return;
    case 'need-input':
      void sendInput(message);
      return;
    case 'close':
      void fetcher.close().then(() => {
        send({ kind: 'closed' });
        outbox.flush();
        port.close();
      });
  }
}

port.on('message', (batch: readonly ToWorker[]) => {
  for (const message of batch) receive(message);
});
