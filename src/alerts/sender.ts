/**
 * The delivery loop: routes new events into the outbox, then sends what is due, at most `concurrency` at a time,
 * each attempt signed afresh (webhook-timestamp is the attempt's time; webhook-id and the body never change) and
 * recorded with the delivery's next state in one transaction. Time comes from the injected clock: tests call
 * `runDue()` and advance a fake clock instead of sleeping; `start()` ticks every `tickMs` on the same clock.
 *
 * Delivery is at least once: a process that dies after a receiver answered but before the attempt was recorded
 * sends the message again after restart, with the same webhook-id, which is what receivers deduplicate on.
 */
import type { Clock, TimerHandle } from '../scheduler/clock.js';
import type { AttemptWrite, WebhookDeliveriesRepository } from '../store/webhook-deliveries-repository.js';
import type { WebhooksRepository } from '../store/webhooks-repository.js';
import type { Dispatcher } from './dispatcher.js';
import { judgeAttempt, type AttemptVerdict, type RetryPolicy } from './retry.js';
import { webhookHeaders } from './sign.js';
import type { PostResult, WebhookTransport } from './transport.js';
import type { DeliveryRecord } from './types.js';

/** Structured logging (pino and fastify's logger fit). Lines name ids and outcomes, never secrets or bodies. */
export interface AlertsLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface SenderSettings {
  /** Attempts in flight at once (the loop's; manual sends come on top). */
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  /** Period of the loop started by `start()`. */
  readonly tickMs: number;
  /** Finished deliveries older than this are deleted (checked at most hourly). */
  readonly retentionMs: number;
}

export interface SenderDeps {
  readonly webhooks: Pick<WebhooksRepository, 'signingKeys'>;
  readonly deliveries: WebhookDeliveriesRepository;
  readonly transport: WebhookTransport;
  readonly dispatcher?: Dispatcher;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger?: AlertsLogger | undefined;
}

export interface RunSummary {
  /** Events routed into the outbox by this run. */
  readonly routed: number;
  /** Attempts made by this run. */
  readonly attempted: number;
}

/**
 * Why a run: the delivery tick routes, prunes and sends everything due; a poll that recorded events has its events
 * routed at once and sends only when that made deliveries (retries that fall due wait for the tick). A service
 * polling thousands of providers records events many times a second, and a full run costs a write and a scan of
 * the outbox each time.
 */
export type RunReason = 'tick' | 'new-events';

export interface Sender {
  /**
   * Routes new events, then sends every due delivery (see RunReason). Calls made while a run is active wait for one
   * more run, a tick's if any of them asked for one.
   */
  runDue(reason?: RunReason): Promise<RunSummary>;
  /** One attempt now (test message, manual redelivery), whatever its schedule; undefined if the delivery is gone. */
  sendNow(deliveryId: number): Promise<DeliveryRecord | undefined>;
  start(): void;
  /** Stops the loop and waits for attempts in flight (each bounded by the transport's deadline). Idempotent. */
  stop(): Promise<void>;
}

const SECOND = 1_000;
const PRUNE_EVERY_MS = 60 * 60 * SECOND;
/** Rounds of "list due, send" per run: bounds a run even when answers keep making deliveries due again. */
const MAX_ROUNDS_PER_RUN = 50;
const DUE_BATCH_PER_WORKER = 4;

export function createSender(deps: SenderDeps, settings: SenderSettings): Sender {
  const { clock, deliveries } = deps;
  const inFlight = new Map<number, Promise<DeliveryRecord | undefined>>();
  let current: Promise<RunSummary> | undefined;
  let queued: Promise<RunSummary> | undefined;
  let queuedReason: RunReason = 'new-events';
  let timer: TimerHandle | undefined;
  let started = false;
  let stopped = false;
  let stopping: Promise<void> | undefined;
  let lastPruneAt: number | undefined;

  function attempt(deliveryId: number, manual: boolean): Promise<DeliveryRecord | undefined> {
    const running = inFlight.get(deliveryId);
    if (running !== undefined) return running;
    const promise = attemptOnce(deliveryId, manual)
      .catch((error: unknown) => {
        // The store failed (a closed database while shutting down): the delivery stays due and is sent again,
        // under the same webhook-id, by the next run or the next process.
        deps.logger?.error({ err: error, deliveryId }, 'webhook delivery attempt failed unexpectedly');
        return undefined;
      })
      .finally(() => inFlight.delete(deliveryId));
    inFlight.set(deliveryId, promise);
    return promise;
  }

  async function attemptOnce(deliveryId: number, manual: boolean): Promise<DeliveryRecord | undefined> {
    const outgoing = deliveries.outgoing(deliveryId);
    if (outgoing === undefined) return undefined;
    const { delivery, body } = outgoing;
    const attemptedAt = clock.now();
    const keys = deps.webhooks.signingKeys(delivery.webhookId, attemptedAt);
    if (keys === undefined) return undefined;
    const headers = webhookHeaders(keys.secrets, delivery.messageId, Math.floor(attemptedAt / SECOND), body);
    const result = await deps.transport.post({ url: keys.url, headers, body });
    // A manual attempt starts a fresh series: a redelivery that fails is retried from the first step.
    const failedBefore = manual ? 0 : delivery.retryStep;
    const verdict = judgeAttempt(result, failedBefore, clock.now(), settings.retry, deps.random);
    const write = attemptWrite(delivery, verdict, result, { attemptedAt, manual, failedBefore });
    deliveries.recordAttempt(write);
    logAttempt(delivery, write);
    return deliveries.get(deliveryId);
  }

  function logAttempt(delivery: DeliveryRecord, write: AttemptWrite): void {
    const fields = {
      webhookId: delivery.webhookId,
      deliveryId: delivery.id,
      messageId: delivery.messageId,
      eventType: delivery.eventType,
      outcome: write.outcome,
      statusCode: write.statusCode,
      latencyMs: write.latencyMs,
      error: write.error,
    };
    if (write.endpoint === 'gone') deps.logger?.warn(fields, 'webhook endpoint answered 410 Gone; disabled');
    else if (write.endpoint === 'gave_up') deps.logger?.warn(fields, 'webhook delivery given up; endpoint failing');
    else if (write.outcome === 'failed')
      deps.logger?.info({ ...fields, nextAttemptAt: write.nextAttemptAt }, 'webhook delivery failed');
  }

  /** Sends what is due; `counter.attempted` counts as it goes, so a store failure midway still reports them. */
  async function sendDue(counter: { attempted: number }): Promise<void> {
    const concurrency = Math.max(1, Math.trunc(settings.concurrency));
    for (let round = 0; round < MAX_ROUNDS_PER_RUN && !stopped; round++) {
      const ids = deliveries.listDue(clock.now(), concurrency * DUE_BATCH_PER_WORKER).filter((id) => !inFlight.has(id));
      if (ids.length === 0) break;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (!stopped) {
          const id = ids[next++];
          if (id === undefined) return;
          await attempt(id, false);
          counter.attempted++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    }
  }

  async function run(reason: RunReason): Promise<RunSummary> {
    const tick = reason === 'tick';
    let routed = 0;
    let enqueued = 0;
    try {
      const dispatched = tick ? deps.dispatcher?.dispatch() : deps.dispatcher?.dispatchIfSubscribed();
      routed = dispatched?.events ?? 0;
      enqueued = dispatched?.deliveries ?? 0;
      if (tick) prune();
    } catch (error) {
      deps.logger?.error({ err: error }, 'webhook dispatch failed');
    }
    if (!tick && enqueued === 0) return { routed, attempted: 0 };
    const counter = { attempted: 0 };
    try {
      await sendDue(counter);
    } catch (error) {
      deps.logger?.error({ err: error }, 'webhook sending failed');
    }
    return { routed, attempted: counter.attempted };
  }

  function prune(): void {
    const now = clock.now();
    if (lastPruneAt !== undefined && now - lastPruneAt < PRUNE_EVERY_MS) return;
    lastPruneAt = now;
    const removed = deliveries.pruneFinished(now - settings.retentionMs);
    if (removed > 0) deps.logger?.info({ removed }, 'old webhook deliveries pruned');
  }

  function runDue(reason: RunReason = 'tick'): Promise<RunSummary> {
    if (stopped) return Promise.resolve({ routed: 0, attempted: 0 });
    if (current === undefined) {
      current = run(reason).finally(() => {
        current = undefined;
      });
      return current;
    }
    // One run waits behind the active one: whatever made the caller ask (a new event) is seen by it.
    if (reason === 'tick') queuedReason = 'tick';
    queued ??= current.then(() => {
      const next = queuedReason;
      queued = undefined;
      queuedReason = 'new-events';
      return runDue(next);
    });
    return queued;
  }

  function schedule(): void {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      void runDue().finally(schedule);
    }, settings.tickMs);
  }

  return {
    runDue,
    sendNow: (deliveryId) => attempt(deliveryId, true),
    start() {
      if (started || stopped) return;
      started = true;
      schedule();
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        if (timer !== undefined) clock.clearTimeout(timer);
        timer = undefined;
        await Promise.allSettled([current, queued, ...inFlight.values()]);
      })();
      return stopping;
    },
  };
}

function attemptWrite(
  delivery: DeliveryRecord,
  verdict: AttemptVerdict,
  result: PostResult,
  at: { attemptedAt: number; manual: boolean; failedBefore: number },
): AttemptWrite {
  const base = {
    deliveryId: delivery.id,
    webhookId: delivery.webhookId,
    attemptedAt: at.attemptedAt,
    manual: at.manual,
    statusCode: result.kind === 'response' ? result.status : undefined,
    latencyMs: result.latencyMs,
  };
  const isTest = delivery.kind === 'test';
  switch (verdict.outcome) {
    case 'delivered':
      return { ...base, outcome: 'delivered', status: 'delivered', retryStep: at.failedBefore, endpoint: 'succeeded' };
    case 'gone':
      return {
        ...base,
        outcome: 'gone',
        error: 'answered 410 Gone: the endpoint is disabled',
        status: 'given_up',
        retryStep: at.failedBefore + 1,
        endpoint: 'gone',
      };
    case 'retry':
      // A test message is attempted once: its failure is reported, not retried, and says nothing of the endpoint.
      return {
        ...base,
        outcome: 'failed',
        error: verdict.error,
        status: 'failed',
        retryStep: at.failedBefore + 1,
        ...(!isTest && { nextAttemptAt: verdict.nextAttemptAt }),
        endpoint: 'unchanged',
      };
    case 'given_up':
      return {
        ...base,
        outcome: 'failed',
        error: verdict.error,
        status: isTest ? 'failed' : 'given_up',
        retryStep: at.failedBefore + 1,
        endpoint: isTest ? 'unchanged' : 'gave_up',
      };
  }
}
