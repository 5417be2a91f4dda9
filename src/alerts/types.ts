/**
 * Webhook endpoints and deliveries as the alerts domain and the store share them. An endpoint record never holds
 * its secret: secrets travel only in `WebhookSigningKeys` (sender) and in the one answer that creates or rotates
 * them.
 */

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'given_up'] as const;
/**
 * `pending`: not attempted yet; `delivered`: a 2xx; `failed`: the latest attempt failed (with `nextAttemptAt` when
 * another is scheduled); `given_up`: the retry schedule is exhausted or the endpoint answered 410 Gone.
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_KINDS = ['event', 'test'] as const;
/** `event`: a change event, retried on the schedule; `test`: POST /webhooks/:id/test, attempted once. */
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

export const ATTEMPT_OUTCOMES = ['delivered', 'failed', 'gone'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Why the service (not the user) disabled an endpoint. */
export type DisabledReason = 'gone';

/** What a user says about an endpoint; create and update share it. */
export interface WebhookSettings {
  readonly url: string;
  readonly description: string;
  /** Event types delivered; empty = every type. */
  readonly eventTypes: readonly string[];
  /** Providers by id or by tag; both empty = every provider. */
  readonly providerIds: readonly number[];
  readonly tags: readonly string[];
  readonly enabled: boolean;
}

export interface WebhookRecord extends WebhookSettings {
  readonly id: number;
  readonly disabledReason?: DisabledReason;
  /** When a delivery last exhausted its retries (cleared by the next success). */
  readonly failingSince?: number;
  /**
   * While a rotation lasts, the secrets it replaced still sign, each for the rotation window after its rotation; the
   * last one stops at this time.
   */
  readonly previousSecretExpiresAt?: number;
  readonly sinceEventId: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The keys one attempt is signed with: the current secret first, then those replaced by rotations still running. */
export interface WebhookSigningKeys {
  readonly url: string;
  readonly secrets: readonly string[];
}

export interface DeliveryRecord {
  readonly id: number;
  readonly webhookId: number;
  readonly eventId?: number;
  readonly kind: DeliveryKind;
  /** The `webhook-id` header, fixed for the life of the delivery. */
  readonly messageId: string;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly retryStep: number;
  readonly nextAttemptAt?: number;
  readonly lastAttemptAt?: number;
  readonly lastStatusCode?: number;
  readonly lastError?: string;
  readonly lastLatencyMs?: number;
  readonly createdAt: number;
}

export interface AttemptRecord {
  readonly id: number;
  readonly deliveryId: number;
  readonly attemptedAt: number;
  readonly manual: boolean;
  readonly outcome: AttemptOutcome;
  readonly statusCode?: number;
  readonly latencyMs?: number;
  readonly error?: string;
  readonly nextAttemptAt?: number;
}

export interface DeliveryWithAttempts extends DeliveryRecord {
  /** Oldest first; the latest MAX_LISTED_ATTEMPTS. */
  readonly log: readonly AttemptRecord[];
}
