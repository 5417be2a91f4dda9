/**
 * /api/v1/providers: register, list, read, change and remove providers. Validation, naming conflicts, read-only
 * file-managed providers and scheduling belong to the service; these handlers only translate HTTP.
 */
import type { FastifyPluginAsync } from 'fastify';
import { PROVIDER_STATUSES, type ProviderStatus } from '../../history/types.js';
import type { MonitorService } from '../../service/monitor-service.js';
import { PROVIDER_CREATE_SCHEMA, PROVIDER_PATCH_SCHEMA, type ProviderInput } from '../../service/provider-input.js';
import { AppError } from '../../errors.js';
import { PROVIDER_SORTS, type ProviderRecord, type ProviderSort } from '../../store/providers-repository.js';
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
const MAX_SEARCH_LENGTH = 200;
const MAX_OFFSET = 10_000_000;
const MAX_TAGS_LISTED = 1_000;

const searchProperties = {
  tag: { type: 'string', minLength: 1, maxLength: MAX_TAG_LENGTH },
  q: {
    type: 'string',
    minLength: 1,
    maxLength: MAX_SEARCH_LENGTH,
    description: 'Name or URL contains this text (ASCII case-insensitive; % and _ match themselves)',
  },
} as const;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: [...PROVIDER_STATUSES] },
    ...searchProperties,
    sort: {
      type: 'string',
      enum: [...PROVIDER_SORTS],
      default: 'id',
      description:
        'id: registration order (keyset pagination with after). status: worst first (down, failing, degraded, ' +
        'pending, up), then most open errors, then name (offset pagination)',
    },
    limit: limitSchema,
    after: {
      type: 'integer',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Cursor (sort=id only): the nextCursor of the previous page',
    },
    offset: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_OFFSET,
      default: 0,
      description: 'Matching providers to skip: the nextOffset of the previous page',
    },
  },
} as const;

interface ListQuery {
  readonly status?: ProviderStatus;
  readonly tag?: string;
  readonly q?: string;
  readonly sort: ProviderSort;
  readonly limit: number;
  readonly after?: number;
  readonly offset: number;
}

const providerPage = {
  type: 'object',
  required: ['providers', 'nextCursor', 'nextOffset'],
  properties: {
    providers: { type: 'array', items: providerSchema },
    nextCursor: { ...nextCursorSchema, description: 'sort=id: the after of the next page; null on the last page' },
    nextOffset: {
      type: ['integer', 'null'],
      description: 'The offset of the next page (same filters and order); null on the last page',
    },
  },
} as const;

const searchQuery = { type: 'object', additionalProperties: false, properties: searchProperties } as const;

const statusCounts = {
  type: 'object',
  required: [...PROVIDER_STATUSES],
  properties: Object.fromEntries(PROVIDER_STATUSES.map((s) => [s, { type: 'integer' }])),
} as const;

const summarySchema = {
  type: 'object',
  required: ['total', 'byStatus'],
  properties: { total: { type: 'integer' }, byStatus: statusCounts },
} as const;

const tagListSchema = {
  type: 'object',
  required: ['tags'],
  properties: {
    tags: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tag', 'count'],
        properties: { tag: { type: 'string' }, count: { type: 'integer' } },
      },
    },
  },
} as const;

export const providerRoutes: FastifyPluginAsync<ProviderRoutesOptions> = async (app, { service, store }) => {
  app.post<{ Body: ProviderInput }>(
    '/providers',
    {
      schema: {
        tags: TAGS,
        summary: 'Register a provider (its first poll is scheduled at once)',
        body: PROVIDER_CREATE_SCHEMA,
        response: responses({ 201: providerSchema }, [400, 409, 413, 415]),
      },
    },
    async (request, reply) => reply.status(201).send(toProviderView(service.create(request.body))),
  );

  app.get<{ Querystring: ListQuery }>(
    '/providers',
    {
      schema: {
        tags: TAGS,
        summary:
          'List providers with their latest state (filter by status and tag, search name and URL; by id or worst first)',
        querystring: listQuery,
        response: responses({ 200: providerPage }, [400]),
      },
    },
    async (request) => {
      const { status, tag, q, sort, limit, after, offset } = request.query;
      if (sort === 'status' && after !== undefined) {
        const problem = 'cannot be combined with sort=status (page with offset)';
        throw new AppError('VALIDATION_FAILED', `querystring.after ${problem}`, {
          details: { fields: [{ field: 'querystring.after', problem }] },
        });
      }
      const providers = store.providers.list({
        limit,
        sort,
        offset,
        ...(status !== undefined && { status }),
        ...(tag !== undefined && { tag }),
        ...(q !== undefined && { q }),
        ...(after !== undefined && { afterId: after }),
      });
      const full = providers.length >= limit;
      return {
        providers: providers.map(toProviderView),
        nextCursor: sort === 'id' ? nextCursor(providers, limit) : null,
        nextOffset: full ? offset + providers.length : null,
      };
    },
  );

  app.get<{ Querystring: { tag?: string; q?: string } }>(
    '/providers/summary',
    {
      schema: {
        tags: TAGS,
        summary: 'How many providers there are per status (filter by tag, search name and URL)',
        querystring: searchQuery,
        response: responses({ 200: summarySchema }, [400]),
      },
    },
    async ({ query }) =>
      store.providers.count({
        ...(query.tag !== undefined && { tag: query.tag }),
        ...(query.q !== undefined && { q: query.q }),
      }),
  );

  app.get(
    '/providers/tags',
    {
      schema: {
        tags: TAGS,
        summary: 'The tags in use, with how many providers carry each',
        response: responses({ 200: tagListSchema }, []),
      },
    },
    async () => ({ tags: store.providers.listTags(MAX_TAGS_LISTED) }),
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
        response: responses({ 200: providerSchema }, [400, 403, 404, 409, 413, 415]),
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
