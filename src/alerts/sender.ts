/**
 * The delivery loop: routes new events into the outbox, then sends what is due, oldest due first, at most
 * `concurrency` at a time to responsive endpoints and at most two to one endpoint, with receivers that hang kept to
 * a lane of their own (attempt-slots.ts), each attempt signed afresh
 * (webhook-timestamp is the attempt's time; webhook-id and the body never change) and recorded with the delivery's
 * next state in one transaction. Time comes from the injected clock: tests call `runDue()` and advance a fake clock
 * instead of sleeping; `start()` ticks every `tickMs` on the same clock.
 *
 * Delivery is at least once: a process that dies after a receiver answered but before the attempt was recorded
 * sends the message again after restart, with the same webhook-id, which is what receivers deduplicate on. `stop()`
 * relies on that too: attempts still in flight when its grace period ends are aborted and not recorded, so their
 * deliveries stay due in the outbox, unchanged, and go out again (same webhook-id) after the restart.
 */
import { setMaxListeners } from 'node:events';
import type { Clock, TimerHandle } from '../scheduler/clock.js';
import type { AttemptWrite, WebhookDeliveriesRepository } from '../store/webhook-deliveries-repository.js';
import type { WebhooksRepository } from '../store/webhooks-repository.js';
import { createAttemptSlots } from './attempt-slots.js';
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
  /**
   * Attempts in flight at once to responsive endpoints (the loop's; manual sends come on top), of which at most two to
   * one endpoint. Attempts to receivers that hang have a lane of their own (attempt-slots.ts).
   */
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
   * Routes new events, then sends every due delivery (see RunReason). Runs overlap: each routes at once and starts
   * what the shared slots allow; it settles when its own attempts have ended and nothing due can start.
   */
  runDue(reason?: RunReason): Promise<RunSummary>;
  /** One attempt now (test message, manual redelivery), whatever its schedule; undefined if the delivery is gone. */
  sendNow(deliveryId: number): Promise<DeliveryRecord | undefined>;
  start(): void;
  /**
   * Stops the loop, lets attempts in flight finish for up to `graceMs` (default 0) on the clock, then aborts the rest:
   * they are not recorded, so their deliveries stay due. Idempotent (the first call's grace applies).
   */
  stop(graceMs?: number): Promise<void>;
}

const SECOND = 1_000;
const PRUNE_EVERY_MS = 60 * 60 * SECOND;
/** Attempts one run starts: bounds a run even when answers keep making deliveries due again. */
const MAX_ATTEMPTS_PER_RUN = 1_000;
const DUE_BATCH_PER_WORKER = 4;
/** Attempts in flight to one responsive endpoint (and never more than half the responsive slots). */
const MAX_IN_FLIGHT_PER_ENDPOINT = 2;
/**
 * An attempt in flight this long, or an answer this slow, marks its endpoint as stalled (attempt-slots.ts): a
 * receiver that answers at all usually does so in well under a second, and this is how long a receiver that hangs
 * can hold up the others' alerts (review D2).
 */
export const STALL_AFTER_MS = 5 * SECOND;
/** Attempts the stalled lane holds, per responsive slot: the sockets a crowd of hanging receivers can hold. */
const STALLED_ATTEMPTS_PER_SLOT = 4;
/**
 * How far down the due list a run looks past deliveries it cannot start (in flight, or their endpoint's slots are
 * taken): the backlog of a hanging receiver sits at the head of the list, ahead of other endpoints' new deliveries.
 */
const MAX_DUE_SCAN = 4_096;
/** Deliveries whose endpoint is remembered (see `endpointOf`); the memory starts over past this many. */
const MAX_REMEMBERED = 2 * MAX_DUE_SCAN;

export function createSender(deps: SenderDeps, settings: SenderSettings): Sender {
  const { clock, deliveries } = deps;
  const concurrency = Math.max(1, Math.trunc(settings.concurrency));
  const slots = createAttemptSlots({
    total: concurrency,
    perEndpoint: Math.max(1, Math.min(MAX_IN_FLIGHT_PER_ENDPOINT, Math.floor(concurrency / 2))),
    stalledTotal: concurrency * STALLED_ATTEMPTS_PER_SLOT,
    stallAfterMs: STALL_AFTER_MS,
    now: () => clock.now(),
  });
  /** Aborts the attempts still in flight when the shutdown grace period ends. */
  const shutdown = new AbortController();
  // Every attempt in flight listens to it (up to both lanes' worth, and manual sends): not a leak, each listener
  // goes when its attempt ends, so Node's warning past 10 listeners would only alarm.
  setMaxListeners(0, shutdown.signal);
  const inFlight = new Map<number, Promise<DeliveryRecord | undefined>>();
  /**
   * The endpoint of deliveries seen due, so that each pass skips a hanging receiver's backlog without reading its
   * rows again. Only a hint: a deleted delivery's id can be taken by a new one (no AUTOINCREMENT), so a stale entry
   * can only make a pass skip a delivery while the endpoint it names has no free slot; a delivery starts on the
   * endpoint read from the store at that moment.
   */
  const endpointOf = new Map<number, number>();
  const runs = new Set<Promise<RunSummary>>();
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
    const result = await deps.transport.post({ url: keys.url, headers, body, signal: shutdown.signal });
    if (shutdown.signal.aborted && result.kind === 'error') {
      // Cut short by stop(): not a failure of the receiver; the delivery stays due for the next process.
      deps.logger?.info(
        { webhookId: delivery.webhookId, deliveryId, messageId: delivery.messageId },
        'webhook delivery attempt aborted by shutdown; it stays due',
      );
      return deliveries.get(deliveryId);
    }
    slots.noteAnswer(delivery.webhookId, isStalledAnswer(result));
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

  /**
   * Sends what is due; `counter.attempted` counts as it goes, so a store failure midway still reports them. The next
   * due delivery starts as soon as one of this run's attempts ends, not after a whole batch: a batch waited for its
   * slowest attempt, a receiver that hangs until the timeout.
   */
  async function sendDue(counter: { attempted: number }): Promise<void> {
    const mine = new Set<Promise<void>>();
    let budget = MAX_ATTEMPTS_PER_RUN;
    const start = (id: number, webhookId: number): void => {
      budget--;
      const running: Promise<void> = slots
        .hold(webhookId, () => attempt(id, false))
        .then(() => {
          counter.attempted++;
        })
        .finally(() => mine.delete(running));
      mine.add(running);
    };
    const fill = (): void => {
      const canStart = (): boolean => !stopped && budget > 0 && !slots.full;
      for (let window = concurrency * DUE_BATCH_PER_WORKER; canStart(); window = Math.min(window * 4, MAX_DUE_SCAN)) {
        const ids = deliveries.listDue(clock.now(), window);
        for (const id of ids) {
          if (!canStart()) return;
          if (inFlight.has(id)) continue;
          const seen = endpointOf.get(id);
          if (seen !== undefined && !slots.hasRoom(seen)) continue;
          const webhookId = deliveries.get(id)?.webhookId;
          if (webhookId === undefined) continue;
          if (endpointOf.size >= MAX_REMEMBERED) endpointOf.clear();
          endpointOf.set(id, webhookId);
          if (slots.hasRoom(webhookId)) start(id, webhookId);
        }
        // A shorter list is the whole due list; a full one, with slots still free, may hide startable ones below.
        // Only while responsive endpoints can start: once only the stalled lane has room, a deeper scan (thousands
        // of rows on every poll's alerts while a backlog drains) would look for the few endpoints that hang.
        if (ids.length < window || window >= MAX_DUE_SCAN || slots.responsiveFull) return;
      }
    };
    for (;;) {
      fill();
      if (mine.size === 0) return;
      await Promise.race(mine);
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
    // No run waits for another: routing is a short synchronous transaction, done the moment a poll asks, and a run
    // queued behind one that waited for a hanging receiver held a poll's alerts to every endpoint (review D2).
    const running = run(reason);
    runs.add(running);
    const forget = (): void => {
      runs.delete(running);
    };
    void running.then(forget, forget);
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      // The next tick does not wait for this one's attempts, so a retry falls due and goes out on time.
      void runDue('tick');
      schedule();
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
    stop(graceMs = 0) {
      stopping ??= (async () => {
        stopped = true;
        if (timer !== undefined) clock.clearTimeout(timer);
        timer = undefined;
        const settled = Promise.allSettled([...runs, ...inFlight.values()]);
        let graceTimer: TimerHandle | undefined;
        const graceOver = new Promise<void>((resolve) => {
          if (graceMs <= 0) resolve();
          else graceTimer = clock.setTimeout(resolve, graceMs);
        });
        await Promise.race([settled, graceOver]);
        if (graceTimer !== undefined) clock.clearTimeout(graceTimer);
        // The deadline, not the answer, ends what is left: SHUTDOWN_GRACE_MS bounds the stop (review D5).
        shutdown.abort();
        await settled;
      })();
      return stopping;
    },
  };
}

/** An answer that came as slowly as a hanging receiver's, or never came: its endpoint is stalled. */
function isStalledAnswer(result: PostResult): boolean {
  return (result.kind === 'error' && result.code === 'FETCH_TIMEOUT') || result.latencyMs >= STALL_AFTER_MS;
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
