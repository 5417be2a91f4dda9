/**
 * /webhooks and /deliveries: endpoint management, test messages, the delivery log and manual redelivery. Handlers
 * are thin: the schema validates, one service call does the work, the response schema shapes the answer. Only the
 * create and rotate-secret responses name a `secret` property, so no other route can serialise one, whatever the
 * service hands back.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AttemptRecord, DeliveryWithAttempts, WebhookRecord } from '../../alerts/types.js';
import type { WebhookInput, WebhookService, WebhookWithSecret } from '../../alerts/webhook-service.js';
import { MAX_WEBHOOK_URL_LENGTH } from '../../alerts/webhook-service.js';
import { EVENT_TYPES } from '../../history/events.js';
import { responses } from '../schemas.js';

export interface WebhookRoutesOptions {
  readonly webhooks: WebhookService;
}

const MAX_EVENT_TYPES = 50;
const MAX_PROVIDER_IDS = 1_000;
const MAX_TAGS = 50;
const MAX_DESCRIPTION_CHARS = 500;
const MAX_DELIVERY_PAGE = 500;

const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
const time = { type: 'string', format: 'date-time' } as const;

const inputProperties = {
  url: { type: 'string', minLength: 8, maxLength: MAX_WEBHOOK_URL_LENGTH, description: 'https URL of the receiver' },
  description: { type: 'string', maxLength: MAX_DESCRIPTION_CHARS },
  eventTypes: {
    type: 'array',
    maxItems: MAX_EVENT_TYPES,
    uniqueItems: true,
    items: { type: 'string', enum: [...EVENT_TYPES] },
    description: 'event types delivered; empty or absent = every type',
  },
  providerIds: {
    type: 'array',
    maxItems: MAX_PROVIDER_IDS,
    uniqueItems: true,
    items: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    description: 'providers by id; with tags empty too = every provider',
  },
  tags: {
    type: 'array',
    maxItems: MAX_TAGS,
    uniqueItems: true,
    items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$' },
    description: 'providers carrying any of these tags',
  },
  enabled: { type: 'boolean' },
} as const;

const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: inputProperties,
} as const;
const patchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: inputProperties,
} as const;

const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
} as const;

const deliveriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: MAX_DELIVERY_PAGE },
    beforeId: {
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'deliveries older than this id (the listing is newest first)',
    },
  },
} as const;

const webhookProperties = {
  id: { type: 'integer' },
  url: { type: 'string' },
  description: { type: 'string' },
  eventTypes: { type: 'array', items: { type: 'string' } },
  providerIds: { type: 'array', items: { type: 'integer' } },
  tags: { type: 'array', items: { type: 'string' } },
  enabled: { type: 'boolean' },
  disabledReason: { type: ['string', 'null'], enum: ['gone', null], description: "'gone': the receiver answered 410" },
  failing: { type: 'boolean', description: 'a delivery exhausted its retries; cleared by the next success' },
  failingSince: nullableTime,
  rotationEndsAt: {
    ...nullableTime,
    description: 'until then secrets replaced by rotate-secret sign too (each for 24 hours after its rotation)',
  },
  createdAt: time,
  updatedAt: time,
} as const;

const WEBHOOK_REQUIRED = [
  'id',
  'url',
  'description',
  'eventTypes',
  'providerIds',
  'tags',
  'enabled',
  'disabledReason',
  'failing',
  'failingSince',
  'rotationEndsAt',
  'createdAt',
  'updatedAt',
] as const;

const webhookSchema = { type: 'object', required: WEBHOOK_REQUIRED, properties: webhookProperties } as const;

/** The only response shape with a secret: create and rotate-secret. */
const webhookWithSecretSchema = {
  type: 'object',
  required: [...WEBHOOK_REQUIRED, 'secret'],
  properties: {
    ...webhookProperties,
    secret: { type: 'string', description: "shown once: store it now; 'whsec_' + base64 of 32 random bytes" },
  },
} as const;

const attemptSchema = {
  type: 'object',
  required: ['at', 'manual', 'outcome', 'statusCode', 'latencyMs', 'error', 'nextAttemptAt'],
  properties: {
    at: time,
    manual: { type: 'boolean' },
    outcome: { type: 'string', enum: ['delivered', 'failed', 'gone'] },
    statusCode: { type: ['integer', 'null'] },
    latencyMs: { type: ['integer', 'null'] },
    error: { type: ['string', 'null'] },
    nextAttemptAt: nullableTime,
  },
} as const;

const deliverySchema = {
  type: 'object',
  required: [
    'id',
    'webhookId',
    'eventId',
    'kind',
    'messageId',
    'eventType',
    'status',
    'attemptCount',
    'nextAttemptAt',
    'lastAttemptAt',
    'lastStatusCode',
    'lastError',
    'lastLatencyMs',
    'createdAt',
    'attempts',
  ],
  properties: {
    id: { type: 'integer' },
    webhookId: { type: 'integer' },
    eventId: { type: ['integer', 'null'] },
    kind: { type: 'string', enum: ['event', 'test'] },
    messageId: { type: 'string', description: 'the webhook-id header: the same on every attempt' },
    eventType: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed', 'given_up'] },
    attemptCount: { type: 'integer' },
    nextAttemptAt: nullableTime,
    lastAttemptAt: nullableTime,
    lastStatusCode: { type: ['integer', 'null'] },
    lastError: { type: ['string', 'null'] },
    lastLatencyMs: { type: ['integer', 'null'] },
    createdAt: time,
    attempts: { type: 'array', items: attemptSchema, description: 'the latest attempts, oldest first' },
  },
} as const;

const TAGS = ['webhooks'];

export const webhookRoutes: FastifyPluginAsync<WebhookRoutesOptions> = async (app, { webhooks }) => {
  app.post<{ Body: WebhookInput }>(
    '/webhooks',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a webhook endpoint; the answer holds its signing secret, shown this once',
        body: createBody,
        response: responses({ 201: webhookWithSecretSchema }, [400, 413, 415]),
      },
    },
    async (request, reply) => reply.status(201).send(toWebhookWithSecretView(webhooks.create(request.body))),
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags: TAGS,
        summary: 'List webhook endpoints',
        response: responses(
          {
            200: {
              type: 'object',
              required: ['webhooks'],
              properties: { webhooks: { type: 'array', items: webhookSchema } },
            },
          },
          [],
        ),
      },
    },
    async () => ({ webhooks: webhooks.list().map(toWebhookView) }),
  );

  app.get<{ Params: { id: number } }>(
    '/webhooks/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Get a webhook endpoint',
        params: idParams,
        response: responses({ 200: webhookSchema }, [400, 404]),
      },
    },
    async (request) => toWebhookView(webhooks.get(request.params.id)),
  );

  app.patch<{ Params: { id: number }; Body: WebhookInput }>(
    '/webhooks/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Update a webhook endpoint (enabling it again clears a 410 disable)',
        params: idParams,
        body: patchBody,
        response: responses({ 200: webhookSchema }, [400, 404, 413, 415]),
      },
    },
    async (request) => toWebhookView(webhooks.update(request.params.id, request.body)),
  );

  app.delete<{ Params: { id: number } }>(
    '/webhooks/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a webhook endpoint and its delivery log',
        params: idParams,
        response: responses({ 204: { type: 'null' } }, [400, 404]),
      },
    },
    async (request, reply) => {
      webhooks.delete(request.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: number } }>(
    '/webhooks/:id/rotate-secret',
    {
      schema: {
        tags: TAGS,
        summary:
          'Issue a new signing secret, shown this once; the previous one keeps signing during the rotation window',
        params: idParams,
        response: responses({ 200: webhookWithSecretSchema }, [400, 404]),
      },
    },
    async (request) => toWebhookWithSecretView(webhooks.rotateSecret(request.params.id)),
  );

  app.post<{ Params: { id: number } }>(
    '/webhooks/:id/test',
    {
      schema: {
        tags: TAGS,
        summary: 'Send a webhook.test message now and report the attempt',
        params: idParams,
        response: responses({ 200: deliverySchema }, [400, 404]),
      },
    },
    async (request) => toDeliveryView(await webhooks.sendTest(request.params.id)),
  );

  app.get<{ Params: { id: number }; Querystring: { limit?: number; beforeId?: number } }>(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags: TAGS,
        summary: 'The delivery log of an endpoint, newest first, each delivery with its attempts',
        params: idParams,
        querystring: deliveriesQuery,
        response: responses(
          {
            200: {
              type: 'object',
              required: ['deliveries'],
              properties: { deliveries: { type: 'array', items: deliverySchema } },
            },
          },
          [400, 404],
        ),
      },
    },
    async (request) => ({
      deliveries: webhooks
        .listDeliveries(request.params.id, {
          ...(request.query.limit !== undefined && { limit: request.query.limit }),
          ...(request.query.beforeId !== undefined && { beforeId: request.query.beforeId }),
        })
        .map(toDeliveryView),
    }),
  );

  app.post<{ Params: { id: number } }>(
    '/deliveries/:id/redeliver',
    {
      schema: {
        tags: TAGS,
        summary: 'Send a delivery again now, with the same webhook-id and body',
        params: idParams,
        response: responses({ 200: deliverySchema }, [400, 404]),
      },
    },
    async (request) => toDeliveryView(await webhooks.redeliver(request.params.id)),
  );
};

function iso(ms: number): string;
function iso(ms: number | undefined): string | null;
function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** One mapper for every read of an endpoint (create, get, list, update, rotate). */
function toWebhookView(webhook: WebhookRecord) {
  return {
    id: webhook.id,
    url: webhook.url,
    description: webhook.description,
    eventTypes: webhook.eventTypes,
    providerIds: webhook.providerIds,
    tags: webhook.tags,
    enabled: webhook.enabled,
    disabledReason: webhook.disabledReason ?? null,
    failing: webhook.failingSince !== undefined,
    failingSince: iso(webhook.failingSince),
    rotationEndsAt: iso(webhook.previousSecretExpiresAt),
    createdAt: iso(webhook.createdAt),
    updatedAt: iso(webhook.updatedAt),
  };
}

function toWebhookWithSecretView(created: WebhookWithSecret) {
  return { ...toWebhookView(created.webhook), secret: created.secret };
}

function toAttemptView(attempt: AttemptRecord) {
  return {
    at: iso(attempt.attemptedAt),
    manual: attempt.manual,
    outcome: attempt.outcome,
    statusCode: attempt.statusCode ?? null,
    latencyMs: attempt.latencyMs ?? null,
    error: attempt.error ?? null,
    nextAttemptAt: iso(attempt.nextAttemptAt),
  };
}

function toDeliveryView(delivery: DeliveryWithAttempts) {
  return {
    id: delivery.id,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId ?? null,
    kind: delivery.kind,
    messageId: delivery.messageId,
    eventType: delivery.eventType,
    status: delivery.status,
    attemptCount: delivery.attempts,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    lastAttemptAt: iso(delivery.lastAttemptAt),
    lastStatusCode: delivery.lastStatusCode ?? null,
    lastError: delivery.lastError ?? null,
    lastLatencyMs: delivery.lastLatencyMs ?? null,
    createdAt: iso(delivery.createdAt),
    attempts: delivery.log.map(toAttemptView),
  };
}
