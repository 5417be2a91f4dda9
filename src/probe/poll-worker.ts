/**
 * A poll worker thread: its own fetcher, engine and document memory, checking the providers the pool sends it
 * (always the same share of them, so its caches are its own). It writes nothing: the main thread records each poll
 * (see poll-worker-protocol.ts). Started by poll-worker-pool.ts with a PollWorkerInit as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../checks/engine.js';
import { createFetcher } from '../fetch/index.js';
import { unchangedAttemptOf, type RecordPollInput } from '../history/record-poll.js';
import type { FromWorker, PollWorkerInit, ToWorker } from './poll-worker-protocol.js';
import { toWire } from './poll-worker-errors.js';
import { checkPoll, createDocumentMemory, type ProbeDeps } from './run-probe.js';

const port = parentPort;
if (port === null) throw new Error('poll-worker.ts runs as a worker thread (see poll-worker-pool.ts)');
// Our own main thread's data, built by createPollWorkerPool.
const init = workerData as PollWorkerInit;

function send(message: FromWorker): void {
  port?.postMessage(message);
}

const fetcher = createFetcher(init.fetcher);
const deps: Omit<ProbeDeps, 'recorder'> = {
  fetch: fetcher.get.bind(fetcher),
  engine: createEngine(),
  now: () => Date.now(),
  memory: createDocumentMemory(init.documentMemoryEntries),
  recorderSettings: init.recorderSettings,
  unconditionalEvery: init.unconditionalEvery,
};
const aborts = new Map<number, AbortController>();
/**
 * Each provider's last checked poll, until the main thread has recorded it: one entry per provider, since the
 * main thread never has two polls of one provider in flight.
 */
const inputs = new Map<number, { readonly id: number; readonly input: RecordPollInput }>();

async function poll(message: Extract<ToWorker, { kind: 'poll' }>): Promise<void> {
  const controller = new AbortController();
  aborts.set(message.id, controller);
  try {
    const { outcome, input } = await checkPoll(message.target, deps, controller.signal);
    inputs.set(message.target.id, { id: message.id, input });
    send({
      kind: 'checked',
      id: message.id,
      attempt: unchangedAttemptOf(input, init.recorderSettings),
      error: outcome.error,
      outcome: message.detail === 'full' ? outcome : undefined,
    });
  } catch (error) {
    send({ kind: 'failed', id: message.id, error: toWire(error) });
  } finally {
    aborts.delete(message.id);
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'poll':
      void poll(message);
      return;
    case 'abort':
      aborts.get(message.id)?.abort();
      return;
    case 'need-input': {
      const entry = inputs.get(message.providerId);
      send({ kind: 'input', id: message.id, input: entry?.id === message.id ? entry.input : undefined });
      return;
    }
    case 'close':
      void fetcher.close().then(() => {
        send({ kind: 'closed' });
        port.close();
      });
  }
});
