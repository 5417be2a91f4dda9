/**
 * /api/v1/providers: register, list, read, change and remove providers. Validation, naming conflicts, read-only
 * file-managed providers and scheduling belong to the service; these handlers only translate HTTP.
 */
import type { FastifyPluginAsync } from 'fastify';
import { PROVIDER_STATUSES, type ProviderStatus } from '../../history/types.js';
import type { MonitorService } from '../../service/monitor-service.js';
import { PROVIDER_CREATE_SCHEMA, PROVIDER_PATCH_SCHEMA, type ProviderInput } from '../../service/provider-input.js';
import type { ProviderRecord } from '../../store/providers-repository.js';
import type { Store } from '../../store/store.js';
import {
  iso,
  isoOrNull,
  limitSchema,
  nextCursor,
  nextCursorSchema,
  providerIdParams,
  providerSchema,
  responses,
  type ProviderIdParams,
} from '../schemas.js';

export interface ProviderRoutesOptions {
  readonly service: MonitorService;
  readonly store: Store;
}

const TAGS = ['providers'];
const MAX_TAG_LENGTH = 64;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: [...PROVIDER_STATUSES] },
    tag: { type: 'string', minLength: 1, maxLength: MAX_TAG_LENGTH },
    limit: limitSchema,
    after: {
      type: 'integer',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Cursor: the nextCursor of the previous page',
    },
  },
} as const;

interface ListQuery {
  readonly status?: ProviderStatus;
  readonly tag?: string;
  readonly limit: number;
  readonly after?: number;
}

const providerPage = {
  type: 'object',
  required: ['providers', 'nextCursor'],
  properties: { providers: { type: 'array', items: providerSchema }, nextCursor: nextCursorSchema },
} as const;

export const providerRoutes: FastifyPluginAsync<ProviderRoutesOptions> = async (app, { service, store }) => {
  app.post<{ Body: ProviderInput }>(
    '/providers',
    {
      schema: {
        tags: TAGS,
        summary: 'Register a provider (its first poll is scheduled at once)',
        body: PROVIDER_CREATE_SCHEMA,
        response: responses({ 201: providerSchema }, [400, 409, 413]),
      },
    },
    async (request, reply) => reply.status(201).send(toProviderView(service.create(request.body))),
  );

  app.get<{ Querystring: ListQuery }>(
    '/providers',
    {
      schema: {
        tags: TAGS,
        summary: 'List providers with their latest state (filter by status and tag; keyset pagination by id)',
        querystring: listQuery,
        response: responses({ 200: providerPage }, [400]),
      },
    },
    async (request) => {
      const { status, tag, limit, after } = request.query;
      const providers = store.providers.list({
        limit,
        ...(status !== undefined && { status }),
        ...(tag !== undefined && { tag }),
        ...(after !== undefined && { afterId: after }),
      });
      return { providers: providers.map(toProviderView), nextCursor: nextCursor(providers, limit) };
    },
  );

  app.get<{ Params: ProviderIdParams }>(
    '/providers/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One provider with its latest state',
        params: providerIdParams,
        response: responses({ 200: providerSchema }, [400, 404]),
      },
    },
    async (request) => toProviderView(service.get(request.params.id)),
  );

  app.patch<{ Params: ProviderIdParams; Body: ProviderInput }>(
    '/providers/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Change some settings of a provider (null clears an optional number)',
        params: providerIdParams,
        body: PROVIDER_PATCH_SCHEMA,
        response: responses({ 200: providerSchema }, [400, 403, 404, 409, 413]),
      },
    },
    async (request) => toProviderView(service.update(request.params.id, request.body)),
  );

  app.delete<{ Params: ProviderIdParams }>(
    '/providers/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Remove a provider and its history (its events stay)',
        params: providerIdParams,
        response: responses({ 204: { type: 'null', description: 'Removed' } }, [400, 403, 404]),
      },
    },
    async (request, reply) => {
      service.remove(request.params.id);
      return reply.status(204).send();
    },
  );
};

export function toProviderView(p: ProviderRecord) {
  const { state } = p;
  return {
    id: p.id,
    name: p.name,
    url: p.url,
    kind: p.kind,
    profile: p.profile,
    intervalSeconds: p.intervalSeconds,
    minKeys: p.minKeys ?? null,
    maxKeys: p.maxKeys ?? null,
    tokenLifetimeSeconds: p.tokenLifetimeSeconds ?? null,
    clientCacheSeconds: p.clientCacheSeconds ?? null,
    silencedRules: p.silencedRules.map((s) => ({ ruleId: s.ruleId, reason: s.reason })),
    tags: [...p.tags],
    enabled: p.enabled,
    source: p.source,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
    nextDueAt: isoOrNull(p.nextDueAt),
    status: state.status,
    lastPollAt: isoOrNull(state.lastPollAt),
    lastSuccessAt: isoOrNull(state.lastSuccessAt),
    keyCount: state.keyCount ?? null,
    openFindings: {
      error: state.openFindings.error,
      warning: state.openFindings.warning,
      info: state.openFindings.info,
    },
    lastRotationAt: isoOrNull(state.lastRotationAt),
    latestSnapshotId: state.latestSnapshotId ?? null,
  };
}
