/**
 * Signed webhook alerts (issue 5), assembled: endpoints and outbox in SQLite, the dispatcher that routes change
 * events into the outbox, the guarded sender with its retry schedule, and the service the API routes call. The
 * composition root builds this once, passes `webhooks` to the routes, and drives `runDue()` with `start()`.
 */
import type { Clock } from '../scheduler/clock.js';
import type { Store } from '../store/store.js';
import { createWebhookDeliveriesRepository } from '../store/webhook-deliveries-repository.js';
import { createWebhooksRepository } from '../store/webhooks-repository.js';
import { createDispatcher } from './dispatcher.js';
import { DEFAULT_JITTER_RATIO, DEFAULT_MAX_RETRY_AFTER_MS, DEFAULT_RETRY_SCHEDULE_MS } from './retry.js';
import { createSender, type AlertsLogger, type RunSummary } from './sender.js';
import { createTransport, DEFAULT_DELIVERY_TIMEOUT_MS, type TransportOptions } from './transport.js';
import { createWebhookService, newMessageId, type WebhookService } from './webhook-service.js';

export type { AlertsLogger, RunSummary } from './sender.js';
export type { WebhookInput, WebhookService, WebhookWithSecret } from './webhook-service.js';
export * from './types.js';
export { EVENT_TYPES } from '../history/events.js';
export { TEST_EVENT_TYPE } from './payload.js';
export { DEFAULT_RETRY_SCHEDULE_MS } from './retry.js';

const SECOND = 1_000;
const HOUR = 60 * 60 * SECOND;
const DAY = 24 * HOUR;

export interface AlertSettings {
  /** Deliveries in flight at once. */
  readonly concurrency: number;
  /** Deadline of one attempt (Standard Webhooks: 15-30 s). */
  readonly timeoutMs: number;
  /** Delays after the 1st, 2nd, ... failed attempt; the delivery is given up after the last. */
  readonly retryScheduleMs: readonly number[];
  readonly jitterRatio: number;
  /** Longest Retry-After honoured. */
  readonly maxRetryAfterMs: number;
  /** How long the previous secret keeps signing after a rotation. */
  readonly rotationWindowMs: number;
  /** Period of the delivery loop. */
  readonly tickMs: number;
  /** Finished deliveries (and their attempt log) are kept this long. */
  readonly retentionMs: number;
  readonly userAgent: string;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  concurrency: 4,
  timeoutMs: DEFAULT_DELIVERY_TIMEOUT_MS,
  retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
  jitterRatio: DEFAULT_JITTER_RATIO,
  maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS,
  rotationWindowMs: DAY,
  tickMs: SECOND,
  retentionMs: 30 * DAY,
  userAgent: 'jwks-monitor-webhooks',
};

export interface AlertsOptions {
  readonly store: Pick<Store, 'db' | 'events' | 'providers'>;
  readonly clock: Clock;
  /** The same policy as monitored URLs (ALLOW_PRIVATE_NETWORKS). */
  readonly policy: { readonly allowPrivateNetworks: boolean };
  /** PUBLIC_URL: payloads then link to the provider's page in the dashboard. */
  readonly publicUrl?: string | undefined;
  readonly settings?: Partial<AlertSettings>;
  /** Transport details for tests (name resolution, address classification, extra CA). */
  readonly transport?: Pick<TransportOptions, 'lookup' | 'classifyAddress' | 'ca' | 'connectionsPerOrigin'>;
  readonly logger?: AlertsLogger | undefined;
  /** Jitter source (tests pin it). */
  readonly random?: () => number;
}

export interface Alerts {
  /** For `webhookRoutes` (src/api/routes/webhooks.ts). */
  readonly webhooks: WebhookService;
  /** Routes new events into the outbox and sends what is due. */
  runDue(): Promise<RunSummary>;
  /** After a poll recorded events: routes them at once and sends the deliveries they made (RunReason). */
  routeNewEvents(): Promise<RunSummary>;
  /** Runs `runDue()` every `tickMs` on the clock. */
  start(): void;
  /**
   * Stops the loop, lets attempts in flight finish for up to `graceMs` (default 0: none), aborts the rest and frees
   * the sockets. An aborted attempt is not recorded: its delivery stays due in the outbox and is sent again, with the
   * same webhook-id, after the restart. Idempotent (the first call's grace applies).
   */
  stop(graceMs?: number): Promise<void>;
}

export function createAlerts(options: AlertsOptions): Alerts {
  const settings = { ...DEFAULT_ALERT_SETTINGS, ...options.settings };
  const { clock, store } = options;
  const webhooks = createWebhooksRepository(store.db);
  const deliveries = createWebhookDeliveriesRepository(store.db);
  const transport = createTransport({
    allowPrivateNetworks: options.policy.allowPrivateNetworks,
    timeoutMs: settings.timeoutMs,
    userAgent: settings.userAgent,
    ...options.transport,
  });
  const dispatcher = createDispatcher({
    webhooks,
    deliveries,
    events: store.events,
    providers: store.providers,
    publicUrl: options.publicUrl,
    newMessageId,
    now: () => clock.now(),
  });
  const sender = createSender(
    {
      webhooks,
      deliveries,
      transport,
      dispatcher,
      clock,
      random: options.random ?? Math.random,
      logger: options.logger,
    },
    {
      concurrency: settings.concurrency,
      retry: {
        scheduleMs: settings.retryScheduleMs,
        jitterRatio: settings.jitterRatio,
        maxRetryAfterMs: settings.maxRetryAfterMs,
      },
      tickMs: settings.tickMs,
      retentionMs: settings.retentionMs,
    },
  );
  const service = createWebhookService({
    webhooks,
    deliveries,
    providers: store.providers,
    latestEventId: () => store.events.latestEventId(),
    sender,
    policy: options.policy,
    rotationWindowMs: settings.rotationWindowMs,
    now: () => clock.now(),
  });
  let stopping: Promise<void> | undefined;
  return {
    webhooks: service,
    runDue: () => sender.runDue('tick'),
    routeNewEvents: () => sender.runDue('new-events'),
    start: () => sender.start(),
    stop(graceMs) {
      stopping ??= sender.stop(graceMs).finally(() => transport.close());
      return stopping;
    },
  };
}
