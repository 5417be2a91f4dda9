/**
 * /api/v1/providers/:id/…: poll now, and read what the history store remembers of one provider (runs, snapshots
 * as stored, i.e. redacted, diffs, key inventory, incidents, events). Every route answers PROVIDER_NOT_FOUND for an
 * unknown provider, and SNAPSHOT_NOT_FOUND for a snapshot this provider never published.
 */
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../errors.js';
import type { JwksDiff } from '../../jwks/diff.js';
import type { ProbeResult } from '../../probe/run-probe.js';
import type { MonitorService } from '../../service/monitor-service.js';
import type {
  HistoryEntry,
  HistoryRepository,
  IncidentRecord,
  InventoryEntry,
  RunRecord,
  SnapshotRecord,
} from '../../store/history-repository.js';
import type { Store } from '../../store/store.js';
import {
  eventPageSchema,
  eventQueryProperties,
  eventWindow,
  findingSchema,
  findingsWithoutSecrets,
  historyEntrySchema,
  idSchema,
  incidentSchema,
  inventoryEntrySchema,
  iso,
  isoOrNull,
  keySummarySchema,
  limitSchema,
  nextCursor,
  nextCursorSchema,
  diffSchema,
  providerIdParams,
  responses,
  runSchema,
  snapshotSchema,
  targetErrorSchema,
  toEventView,
  type EventQuery,
  type ProviderIdParams,
} from '../schemas.js';

export interface ProviderHistoryRoutesOptions {
  readonly service: MonitorService;
  readonly store: Store;
}

const TAGS = ['history'];
/** History rows scanned (newest first) to find whether a provider published a snapshot; pages of the maximum size. */
const HISTORY_SCAN_PAGE = 1_000;
const HISTORY_SCAN_MAX_PAGES = 100;

const beforePageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: limitSchema,
    before: {
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Cursor (newest first): the nextCursor of the previous page',
    },
  },
} as const;

interface BeforePageQuery {
  readonly limit: number;
  readonly before?: number;
}

const findingsQuery = {
  ...beforePageQuery,
  properties: {
    ...beforePageQuery.properties,
    state: { type: 'string', enum: ['open', 'resolved', 'all'], default: 'all' },
  },
} as const;

const keysQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    includeRemoved: { type: 'boolean', default: false, description: 'Also list keys no longer published' },
  },
} as const;

const diffQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: idSchema, to: idSchema },
} as const;

const snapshotParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'snapshotId'],
  properties: { id: idSchema, snapshotId: idSchema },
} as const;

const EVENT_ORDERS = ['oldest', 'newest'] as const;

const eventsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...eventQueryProperties,
    order: {
      type: 'string',
      enum: [...EVENT_ORDERS],
      default: 'oldest',
      description: 'oldest: oldest first, next page with `after`; newest: newest first, next page with `before`',
    },
    before: {
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Cursor (newest first): events with a smaller id; the nextCursor of the previous page',
    },
  },
} as const;

interface ProviderEventQuery extends EventQuery {
  readonly order: (typeof EVENT_ORDERS)[number];
  readonly before?: number;
}

const checkResultSchema = {
  type: 'object',
  required: ['status', 'runId', 'findings', 'keys'],
  properties: {
    status: { type: 'string' },
    runId: { type: 'integer' },
    findings: {
      type: 'array',
      items: findingSchema,
      description: "The engine's findings and the history rules' findings",
    },
    keys: { type: 'array', items: keySummarySchema },
    error: targetErrorSchema,
  },
} as const;

const page = <S>(name: string, item: S) =>
  ({
    type: 'object',
    required: [name, 'nextCursor'],
    properties: { [name]: { type: 'array', items: item }, nextCursor: nextCursorSchema },
  }) as const;

export const providerHistoryRoutes: FastifyPluginAsync<ProviderHistoryRoutesOptions> = async (
  app,
  { service, store },
) => {
  const { history } = store;
  /** The provider must exist (PROVIDER_NOT_FOUND otherwise); returns its id. */
  const known = (id: number): number => service.get(id).id;

  app.post<{ Params: ProviderIdParams }>(
    '/providers/:id/check',
    {
      schema: {
        tags: TAGS,
        summary: 'Poll the provider now (joins a poll already running) and return the run with its findings',
        params: providerIdParams,
        response: responses({ 200: checkResultSchema }, [400, 404, 413, 415]),
      },
    },
    async (request) => toCheckResult(await service.pollNow(request.params.id)),
  );

  app.get<{ Params: ProviderIdParams; Querystring: BeforePageQuery }>(
    '/providers/:id/runs',
    {
      schema: {
        tags: TAGS,
        summary: 'Runs: consecutive polls with the same outcome and findings, newest first',
        params: providerIdParams,
        querystring: beforePageQuery,
        response: responses({ 200: page('runs', runSchema) }, [400, 404]),
      },
    },
    async ({ params, query }) => {
      const runs = history.listRuns(known(params.id), pageOf(query)).map(toRunView);
      return { runs, nextCursor: nextCursor(runs, query.limit) };
    },
  );

  app.get<{ Params: ProviderIdParams; Querystring: BeforePageQuery }>(
    '/providers/:id/snapshots',
    {
      schema: {
        tags: TAGS,
        summary:
          'Content history: each distinct JWKS published, with first and last seen and its validators, newest first',
        params: providerIdParams,
        querystring: beforePageQuery,
        response: responses({ 200: page('snapshots', historyEntrySchema) }, [400, 404]),
      },
    },
    async ({ params, query }) => {
      const snapshots = history.listHistory(known(params.id), pageOf(query)).map(toHistoryView);
      return { snapshots, nextCursor: nextCursor(snapshots, query.limit) };
    },
  );

  app.get<{ Params: { id: number; snapshotId: number } }>(
    '/providers/:id/snapshots/:snapshotId',
    {
      schema: {
        tags: TAGS,
        summary: 'One stored snapshot: the redacted document and its keys',
        params: snapshotParams,
        response: responses({ 200: snapshotSchema }, [400, 404]),
      },
    },
    async ({ params }) => toSnapshotView(snapshotOf(history, known(params.id), params.snapshotId)),
  );

  app.get<{ Params: ProviderIdParams; Querystring: { from: number; to: number } }>(
    '/providers/:id/diff',
    {
      schema: {
        tags: TAGS,
        summary: 'What changed between two snapshots of this provider',
        params: providerIdParams,
        querystring: diffQuery,
        response: responses({ 200: diffSchema }, [400, 404]),
      },
    },
    async ({ params, query }) => {
      const id = known(params.id);
      snapshotOf(history, id, query.from);
      snapshotOf(history, id, query.to);
      return toDiffView(query.from, query.to, history.diffSnapshots(query.from, query.to));
    },
  );

  app.get<{ Params: ProviderIdParams; Querystring: { includeRemoved: boolean } }>(
    '/providers/:id/keys',
    {
      schema: {
        tags: TAGS,
        summary: 'Key inventory: every key by RFC 7638 thumbprint, with first and last seen',
        params: providerIdParams,
        querystring: keysQuery,
        response: responses(
          {
            200: {
              type: 'object',
              required: ['keys'],
              properties: { keys: { type: 'array', items: inventoryEntrySchema } },
            },
          },
          [400, 404],
        ),
      },
    },
    async ({ params, query }) => ({
      keys: history.listKeys(known(params.id), { includeRemoved: query.includeRemoved }).map(toInventoryView),
    }),
  );

  app.get<{ Params: ProviderIdParams; Querystring: BeforePageQuery & { state: 'open' | 'resolved' | 'all' } }>(
    '/providers/:id/findings',
    {
      schema: {
        tags: TAGS,
        summary: 'Incidents: findings opened and resolved over time, with first and last seen, newest first',
        params: providerIdParams,
        querystring: findingsQuery,
        response: responses({ 200: page('findings', incidentSchema) }, [400, 404]),
      },
    },
    async ({ params, query }) => {
      const findings = history
        .listIncidents(known(params.id), { ...pageOf(query), state: query.state })
        .map(toIncidentView);
      return { findings, nextCursor: nextCursor(findings, query.limit) };
    },
  );

  app.get<{ Params: ProviderIdParams; Querystring: ProviderEventQuery }>(
    '/providers/:id/events',
    {
      schema: {
        tags: TAGS,
        summary: "This provider's change events, oldest first from the cursor (or newest first with order=newest)",
        params: providerIdParams,
        querystring: eventsQuery,
        response: responses({ 200: eventPageSchema }, [400, 404]),
      },
    },
    async ({ params, query }) => {
      const filter = {
        providerId: known(params.id),
        limit: query.limit,
        ...(query.type !== undefined && { type: query.type }),
        ...eventWindow(query),
      };
      const { before } = query;
      const events =
        query.order === 'newest'
          ? store.events.listNewestEvents({ ...filter, ...(before !== undefined && { beforeId: before }) })
          : store.events.listEvents(filter).filter((event) => before === undefined || event.id < before);
      return { events: events.map(toEventView), nextCursor: nextCursor(events, query.limit) };
    },
  );
};

function pageOf(query: BeforePageQuery): { limit: number; beforeId?: number } {
  return { limit: query.limit, ...(query.before !== undefined && { beforeId: query.before }) };
}

/** The snapshot, if `providerId` ever published it; SNAPSHOT_NOT_FOUND otherwise (snapshots are shared by hash). */
function snapshotOf(history: HistoryRepository, providerId: number, snapshotId: number): SnapshotRecord {
  const snapshot = publishedBy(history, providerId, snapshotId) ? history.getSnapshot(snapshotId) : undefined;
  if (snapshot === undefined) {
    throw new AppError('SNAPSHOT_NOT_FOUND', `provider ${providerId} has no snapshot ${snapshotId}`, {
      details: { id: snapshotId },
    });
  }
  return snapshot;
}

function publishedBy(history: HistoryRepository, providerId: number, snapshotId: number): boolean {
  let beforeId: number | undefined;
  for (let i = 0; i < HISTORY_SCAN_MAX_PAGES; i++) {
    const rows = history.listHistory(providerId, {
      limit: HISTORY_SCAN_PAGE,
      ...(beforeId !== undefined && { beforeId }),
    });
    if (rows.some((row) => row.snapshotId === snapshotId)) return true;
    const last = rows[rows.length - 1];
    if (rows.length < HISTORY_SCAN_PAGE || last === undefined) return false;
    beforeId = last.id;
  }
  return false;
}

function toCheckResult({ outcome, recorded }: ProbeResult) {
  const { report } = outcome;
  const findings = [...(report?.findings ?? []), ...(recorded.historyFindings ?? [])];
  return {
    status: recorded.status,
    runId: recorded.runId,
    findings: findingsWithoutSecrets(findings, report?.jwksValue),
    keys: report?.keys ?? [],
    ...(outcome.error !== undefined && { error: outcome.error }),
  };
}

function toRunView(run: RunRecord) {
  return {
    id: run.id,
    outcome: run.outcome,
    status: run.status,
    snapshotId: run.snapshotId ?? null,
    findings: run.findings,
    errorMessage: run.errorMessage ?? null,
    firstAt: iso(run.firstAt),
    lastAt: iso(run.lastAt),
    pollCount: run.pollCount,
  };
}

function toHistoryView(entry: HistoryEntry) {
  return {
    id: entry.id,
    snapshotId: entry.snapshotId,
    hash: entry.hash,
    keyCount: entry.keyCount,
    firstSeenAt: iso(entry.firstSeenAt),
    lastSeenAt: iso(entry.lastSeenAt),
    pollCount: entry.pollCount,
    confirmedAt: isoOrNull(entry.confirmedAt),
    etag: entry.etag ?? null,
    lastModified: entry.lastModified ?? null,
    cacheControl: entry.cacheControl ?? null,
    issuer: entry.issuer ?? null,
    jwksUri: entry.jwksUri ?? null,
  };
}

function toSnapshotView(snapshot: SnapshotRecord) {
  return {
    id: snapshot.id,
    hash: snapshot.hash,
    document: snapshot.document ?? null,
    keys: snapshot.keys,
    keyCount: snapshot.keyCount,
    privateMemberCount: snapshot.privateMemberCount,
    createdAt: iso(snapshot.createdAt),
  };
}

function toDiffView(from: number, to: number, diff: JwksDiff) {
  return { from, to, ...diff };
}

function toInventoryView(key: InventoryEntry) {
  return {
    id: key.id,
    keyId: key.keyId,
    thumbprint: key.thumbprint ?? null,
    kid: key.kid ?? null,
    kty: key.kty ?? null,
    bits: key.bits ?? null,
    crv: key.crv ?? null,
    alg: key.alg ?? null,
    use: key.use ?? null,
    firstSeenAt: iso(key.firstSeenAt),
    lastSeenAt: iso(key.lastSeenAt),
    removedAt: isoOrNull(key.removedAt),
  };
}

function toIncidentView(incident: IncidentRecord) {
  return {
    id: incident.id,
    ruleId: incident.ruleId,
    severity: incident.severity,
    state: incident.resolvedAt === undefined ? 'open' : 'resolved',
    document: incident.document,
    pointer: incident.pointer,
    kid: incident.kid ?? null,
    thumbprint: incident.thumbprint ?? null,
    message: incident.message,
    expected: incident.expected ?? null,
    actual: incident.actual ?? null,
    spec: incident.spec,
    silenced: incident.silenced,
    firstSeenAt: iso(incident.openedAt),
    lastSeenAt: iso(incident.lastSeenAt),
    resolvedAt: isoOrNull(incident.resolvedAt),
  };
}
