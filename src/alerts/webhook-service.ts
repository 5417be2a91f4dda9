/**
 * What the API does with webhook endpoints: one mapper merges create and update input into settings (the URL
 * judged by the same address policy as monitored URLs), secrets are generated here and returned only by `create`
 * and `rotateSecret`, and test messages and redeliveries are attempted at once through the sender.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import { checkEnteredUrl } from '../fetch/url-rules.js';
import { isCleartextHost } from './cleartext-policy.js';
import type { ProvidersRepository } from '../store/providers-repository.js';
import type { DeliveryPage, WebhookDeliveriesRepository } from '../store/webhook-deliveries-repository.js';
import type { WebhooksRepository } from '../store/webhooks-repository.js';
import { TEST_EVENT_TYPE, testBody } from './payload.js';
import type { Sender } from './sender.js';
import { generateSecret } from './sign.js';
import type { DeliveryWithAttempts, WebhookRecord, WebhookSettings } from './types.js';

export const MAX_WEBHOOK_URL_LENGTH = 2_048;
/**
 * Replaced secrets that keep signing at once: a rotation retried because its answer was lost must not stop the
 * original secret (review D4), but each one adds a signature to every delivery. A rotation past this many within
 * the window ends the oldest one's early.
 */
export const MAX_RETIRED_SECRETS = 3;
const MESSAGE_ID_BYTES = 16;

/** The input as the API schema admits it; absent fields keep their value (update) or default (create). */
export interface WebhookInput {
  readonly url?: string;
  readonly description?: string;
  readonly eventTypes?: readonly string[];
  readonly providerIds?: readonly number[];
  readonly tags?: readonly string[];
  readonly enabled?: boolean;
}

/** An endpoint with the secret it was just given: the only shape that carries one. */
export interface WebhookWithSecret {
  readonly webhook: WebhookRecord;
  readonly secret: string;
}

export interface WebhookService {
  create(input: WebhookInput): WebhookWithSecret;
  list(): WebhookRecord[];
  /** Throws WEBHOOK_NOT_FOUND. */
  get(id: number): WebhookRecord;
  update(id: number, input: WebhookInput): WebhookRecord;
  delete(id: number): void;
  /**
   * A new secret; the current one keeps signing (another signature) for the rotation window, as do those replaced
   * earlier until their own windows end (at most MAX_RETIRED_SECRETS of them).
   */
  rotateSecret(id: number): WebhookWithSecret;
  /** Sends a `webhook.test` message now and reports the attempt (also for a disabled endpoint). */
  sendTest(id: number): Promise<DeliveryWithAttempts>;
  listDeliveries(webhookId: number, page?: DeliveryPage): DeliveryWithAttempts[];
  /** Sends a delivery again now, with its webhook-id and body unchanged. Throws DELIVERY_NOT_FOUND. */
  redeliver(deliveryId: number): Promise<DeliveryWithAttempts>;
}

export interface WebhookServiceDeps {
  readonly webhooks: WebhooksRepository;
  readonly deliveries: WebhookDeliveriesRepository;
  readonly providers: Pick<ProvidersRepository, 'get'>;
  readonly latestEventId: () => number;
  readonly sender: Pick<Sender, 'sendNow'>;
  readonly policy: { readonly allowPrivateNetworks: boolean };
  readonly rotationWindowMs: number;
  readonly now: () => number;
}

interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

/** The `webhook-id` of a new message: random (not derived from ids a reset database would reuse), never with '.'. */
export function newMessageId(): string {
  return `msg_${randomBytes(MESSAGE_ID_BYTES).toString('base64url')}`;
}

export function createWebhookService(deps: WebhookServiceDeps): WebhookService {
  const mustGet = (id: number): WebhookRecord => {
    const webhook = deps.webhooks.get(id);
    if (webhook === undefined) throw notFound(id);
    return present(webhook, deps.now());
  };

  const deliveryView = (id: number): DeliveryWithAttempts => {
    const delivery = deps.deliveries.getWithAttempts(id);
    if (delivery === undefined) throw deliveryNotFound(id);
    return delivery;
  };

  return {
    create(input) {
      const settings = toWebhookSettings(input, undefined, deps);
      const secret = generateSecret();
      const webhook = deps.webhooks.create({ ...settings, secret, sinceEventId: deps.latestEventId() }, deps.now());
      return { webhook: present(webhook, deps.now()), secret };
    },
    list: () => deps.webhooks.list().map((w) => present(w, deps.now())),
    get: mustGet,
    update(id, input) {
      const current = mustGet(id);
      const updated = deps.webhooks.update(id, toWebhookSettings(input, current, deps), deps.now());
      if (updated === undefined) throw notFound(id);
      return present(updated, deps.now());
    },
    delete(id) {
      if (!deps.webhooks.delete(id)) throw notFound(id);
    },
    rotateSecret(id) {
      const secret = generateSecret();
      const now = deps.now();
      const webhook = deps.webhooks.rotateSecret(
        id,
        { secret, retiredUntil: now + deps.rotationWindowMs, maxRetired: MAX_RETIRED_SECRETS },
        now,
      );
      if (webhook === undefined) throw notFound(id);
      return { webhook: present(webhook, now), secret };
    },
    async sendTest(id) {
      mustGet(id);
      const now = deps.now();
      const delivery = deps.deliveries.insertTest({
        webhookId: id,
        messageId: newMessageId(),
        eventType: TEST_EVENT_TYPE,
        body: testBody(id, now),
        createdAt: now,
      });
      await deps.sender.sendNow(delivery.id);
      return deliveryView(delivery.id);
    },
    listDeliveries(webhookId, page) {
      mustGet(webhookId);
      return deps.deliveries.listByWebhook(webhookId, page);
    },
    async redeliver(deliveryId) {
      if (deps.deliveries.get(deliveryId) === undefined) throw deliveryNotFound(deliveryId);
      await deps.sender.sendNow(deliveryId);
      return deliveryView(deliveryId);
    },
  };
}

/** An endpoint as reads show it: a finished rotation is no rotation. */
function present(webhook: WebhookRecord, now: number): WebhookRecord {
  if (webhook.previousSecretExpiresAt === undefined || webhook.previousSecretExpiresAt > now) return webhook;
  const { previousSecretExpiresAt: _ended, ...rest } = webhook;
  return rest;
}

/**
 * Merges `input` over `current` (undefined for a create) into complete settings, or throws VALIDATION_FAILED naming
 * every field at fault.
 */
export function toWebhookSettings(
  input: WebhookInput,
  current: WebhookSettings | undefined,
  deps: Pick<WebhookServiceDeps, 'policy' | 'providers'>,
): WebhookSettings {
  const problems: FieldProblem[] = [];
  const url = input.url ?? current?.url;
  if (url === undefined) problems.push({ field: 'body.url', problem: 'is required' });
  else if (input.url !== undefined) checkUrl(url, deps.policy, problems);
  const providerIds = input.providerIds ?? current?.providerIds ?? [];
  if (input.providerIds !== undefined) {
    input.providerIds.forEach((id, i) => {
      if (deps.providers.get(id) === undefined)
        problems.push({ field: `body.providerIds.${i}`, problem: `provider ${id} does not exist` });
    });
  }
  if (problems.length > 0 || url === undefined) {
    throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.field} ${p.problem}`).join('; '), {
      details: { fields: problems },
    });
  }
  return {
    url,
    description: input.description ?? current?.description ?? '',
    eventTypes: unique(input.eventTypes ?? current?.eventTypes ?? []),
    providerIds: unique(providerIds),
    tags: unique(input.tags ?? current?.tags ?? []),
    enabled: input.enabled ?? current?.enabled ?? true,
  };
}

/**
 * https only, except for an internal receiver on plain http when private networks are allowed (review D8: alerts
 * name providers, URLs and thumbprints, and must not cross the internet in clear text); no credentials in the URL;
 * no forbidden address literal and no localhost unless allowed. Names are judged again at connect time, after DNS,
 * on every attempt (src/fetch/connector.ts), where a plain-http name must also resolve to a private network
 * (transport.ts).
 */
function checkUrl(url: string, policy: { readonly allowPrivateNetworks: boolean }, problems: FieldProblem[]): void {
  const entered = checkEnteredUrl(url, {
    schemeProblem: (protocol) =>
      protocol === 'https:' || protocol === 'http:' ? undefined : `scheme "${protocol.slice(0, -1)}" is not https`,
    noFragment: true,
    addressPolicy: policy,
  });
  const problem = 'problem' in entered ? entered.problem : cleartextProblem(entered.url, policy);
  if (problem !== undefined) problems.push({ field: 'body.url', problem });
}

/** Why a plain-http URL (already through the address policy) is refused, or undefined. */
function cleartextProblem(url: URL, policy: { readonly allowPrivateNetworks: boolean }): string | undefined {
  if (url.protocol !== 'http:') return undefined;
  if (!isCleartextHost(url.hostname)) return 'must use https: plain http is sent only to receivers on private networks';
  if (!policy.allowPrivateNetworks)
    return 'must use https (ALLOW_PRIVATE_NETWORKS=1 also allows http to receivers on private networks)';
  return undefined;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function notFound(id: number): AppError {
  return new AppError('WEBHOOK_NOT_FOUND', `webhook ${id} not found`, { details: { id } });
}

function deliveryNotFound(id: number): AppError {
  return new AppError('DELIVERY_NOT_FOUND', `delivery ${id} not found`, { details: { id } });
}
