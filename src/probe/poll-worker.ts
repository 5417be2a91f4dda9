/**
 * A poll worker thread: its own fetcher, engine and document memory, checking the providers the pool sends it
 * (always the same share of them, so its caches are its own). It writes nothing: the main thread records each poll
 * (see poll-worker-protocol.ts). Started by poll-worker-pool.ts with a PollWorkerInit as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../checks/engine.js';
import { createFetcher } from '../fetch/index.js';
import { unchangedAttemptOf, type RecordPollInput } from '../history/record-poll.js';
import { LruCache } from '../util/lru-cache.js';
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
 * Polls checked whose unchanged-poll update the main thread is trying, by provider, in case it asks for the whole
 * input (the main thread never has two polls of one provider in flight). It asks within a commit's turn of its event
 * loop, so a bound far above the polls in flight loses nothing, and an input (which holds the document's bytes)
 * is not kept for every provider between polls. An input asked for after it was dropped fails that poll (INTERNAL).
 */
const INPUTS_HELD = 4_096;
const inputs = new LruCache<number, { readonly id: number; readonly input: RecordPollInput }>(INPUTS_HELD);

async function poll(message: Extract<ToWorker, { kind: 'poll' }>): Promise<void> {
  const controller = new AbortController();
  aborts.set(message.id, controller);
  try {
    const { outcome, input } = await checkPoll(message.target, deps, controller.signal);
    const attempt = unchangedAttemptOf(input, init.recorderSettings);
    if (attempt !== undefined) inputs.set(message.target.id, { id: message.id, input });
    send({
      kind: 'checked',
      id: message.id,
      attempt,
      input: attempt === undefined ? input : undefined,
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
      const input = entry?.id === message.id ? entry.input : undefined;
      if (input !== undefined) inputs.delete(message.providerId);
      send({ kind: 'input', id: message.id, input });
      return;
    }
    case 'close':
      void fetcher.close().then(() => {
        send({ kind: 'closed' });
        port.close();
      });
  }
});
