/**
 * A poll worker thread: its own fetcher, engine and document memory, running runProbe for the providers the pool
 * sends it (always the same share of them, so its caches are its own). Writes go to the main thread (see
 * poll-worker-protocol.ts). Started by poll-worker-pool.ts with a PollWorkerInit as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../checks/engine.js';
import { createFetcher } from '../fetch/index.js';
import type { PollRecorder, RecordPollResult, UnchangedResult } from '../history/record-poll.js';
import type { FromWorker, PollWorkerInit, ToWorker } from './poll-worker-protocol.js';
import { fromWire, toWire } from './poll-worker-errors.js';
import { summarizeProbe } from './poller.js';
import { createDocumentMemory, runProbe, type ProbeDeps } from './run-probe.js';

const port = parentPort;
if (port === null) throw new Error('poll-worker.ts runs as a worker thread (see poll-worker-pool.ts)');
// Our own main thread's data, built by createPollWorkerPool.
const init = workerData as PollWorkerInit;

function send(message: FromWorker): void {
  port?.postMessage(message);
}

/** Writes wait for the main thread's answer, by request id. */
const records = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
let nextRecordId = 1;

function ask<T>(message: (rid: number) => FromWorker): Promise<T> {
  const rid = nextRecordId++;
  return new Promise<T>((resolve, reject) => {
    records.set(rid, { resolve: (value) => resolve(value as T), reject });
    send(message(rid));
  });
}

const recorder: PollRecorder = {
  recordUnchanged: (attempt) => ask<UnchangedResult | undefined>((rid) => ({ kind: 'record-unchanged', rid, attempt })),
  recordFully: (input) => ask<RecordPollResult>((rid) => ({ kind: 'record-full', rid, input })),
};

const fetcher = createFetcher(init.fetcher);
const deps: ProbeDeps = {
  fetch: fetcher.get.bind(fetcher),
  engine: createEngine(),
  now: () => Date.now(),
  recorder,
  memory: createDocumentMemory(init.documentMemoryEntries),
  recorderSettings: init.recorderSettings,
  unconditionalEvery: init.unconditionalEvery,
};
const aborts = new Map<number, AbortController>();

async function poll(message: Extract<ToWorker, { kind: 'poll' }>): Promise<void> {
  const controller = new AbortController();
  aborts.set(message.id, controller);
  try {
    const result = await runProbe(message.target, deps, controller.signal);
    if (message.detail === 'full') send({ kind: 'full', id: message.id, result });
    else send({ kind: 'summary', id: message.id, summary: summarizeProbe(result) });
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
    case 'recorded':
    case 'record-failed': {
      const pending = records.get(message.rid);
      records.delete(message.rid);
      if (message.kind === 'recorded') pending?.resolve(message.result);
      else pending?.reject(fromWire(message.error));
      return;
    }
    case 'close':
      void fetcher.close().then(() => {
        send({ kind: 'closed' });
        port.close();
      });
  }
});
