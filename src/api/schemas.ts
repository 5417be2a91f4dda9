/**
 * The shapes of the API: JSON schemas shared by the routes (params, query strings, responses) and the few mappers
 * from domain records to the views those schemas describe. Response schemas name every field they emit: the
 * serializer drops anything else, so a column or a raw document added upstream cannot leak through a route.
 * Timestamps leave as ISO 8601 strings; unset optional values leave as null, so every field is always present.
 */
import { SEVERITIES, type Finding } from '../checks/types.js';
import { AppError } from '../errors.js';
import { EVENT_TYPES } from '../history/events.js';
import type { StoredEvent } from '../history/types.js';
import { redactJwks, scrubSecrets } from '../jwks/redact.js';
import { isRecord } from '../json/guards.js';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1_000;
const MAX_ID = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------------------------------------------- primitives

const nullableInteger = { type: ['integer', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;
export const isoTime = { type: 'string', format: 'date-time' } as const;
const nullableIsoTime = { type: ['string', 'null'], format: 'date-time' } as const;
const severityCounts = {
  type: 'object',
  required: ['error', 'warning', 'info'],
  properties: { error: { type: 'integer' }, warning: { type: 'integer' }, info: { type: 'integer' } },
} as const;
export const idSchema = { type: 'integer', minimum: 1, maximum: MAX_ID } as const;
export const limitSchema = {
  type: 'integer',
  minimum: 1,
  maximum: MAX_PAGE_LIMIT,
  default: DEFAULT_PAGE_LIMIT,
} as const;
/** The cursor of a page: the id of the last item of the previous page; null on the last page. */
export const nextCursorSchema = { type: ['integer', 'null'] } as const;

export const providerIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: idSchema },
} as const;

export interface ProviderIdParams {
  readonly id: number;
}

// ---------------------------------------------------------------------------------------------------- errors

export const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable error code, e.g. VALIDATION_FAILED, PROVIDER_NOT_FOUND' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid request (VALIDATION_FAILED names the field)',
  401: 'Missing or wrong bearer token',
  403: 'The provider is managed by PROVIDERS_FILE',
  404: 'No such resource',
  409: 'A provider with that name exists',
  413: 'Request body too large',
  415: 'Request body is not JSON (only application/json is read)',
};

/** `success` plus the error shape under each status the route can answer with (401 always: the API may be token-protected). */
export function responses(success: Record<number, unknown>, errorStatuses: readonly number[]): Record<number, unknown> {
  const out: Record<number, unknown> = { ...success };
  for (const status of [...new Set([...errorStatuses, 401])]) {
    out[status] = { ...errorSchema, description: ERROR_DESCRIPTIONS[status] ?? 'Error' };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------- findings, keys

export const findingSchema = {
  type: 'object',
  required: ['ruleId', 'severity', 'message', 'pointer', 'document', 'spec'],
  properties: {
    ruleId: { type: 'string' },
    severity: { type: 'string', enum: [...SEVERITIES] },
    message: { type: 'string' },
    pointer: { type: 'string', description: 'JSON pointer into the document' },
    document: { type: 'string', enum: ['jwks', 'discovery'] },
    kid: { type: 'string' },
    thumbprint: { type: 'string' },
    expected: { type: 'string' },
    actual: { type: 'string' },
    spec: { type: 'string' },
  },
} as const;

/** A key as the engine summarised it: identity and facts, names of private members (never their values). */
export const keySummarySchema = {
  type: 'object',
  required: ['index', 'privateMembers'],
  properties: {
    index: { type: 'integer' },
    kid: { type: 'string' },
    kty: { type: 'string' },
    bits: { type: 'integer' },
    crv: { type: 'string' },
    alg: { type: 'string' },
    use: { type: 'string' },
    thumbprint: { type: 'string' },
    certNotAfter: { type: 'string' },
    privateMembers: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** A key as a stored snapshot remembers it (src/jwks/diff.ts KeyView). */
export const keyViewSchema = {
  type: 'object',
  required: ['index', 'id', 'privateMembers'],
  properties: {
    index: { type: 'integer' },
    id: { type: 'string', description: 'RFC 7638 thumbprint, or content:<hex> for an element without one' },
    thumbprint: { type: 'string' },
    kid: { type: 'string' },
    kty: { type: 'string' },
    alg: { type: 'string' },
    use: { type: 'string' },
    crv: { type: 'string' },
    bits: { type: 'integer' },
    keyOps: { type: 'array', items: { type: 'string' } },
    x5c: { type: 'string', description: 'SHA-256 prefix of the x5c chain' },
    privateMembers: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const targetErrorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    document: { type: 'string', enum: ['jwks', 'discovery'] },
  },
} as const;

/**
 * Findings as they leave the API. Rules never quote a private value, and the recorder scrubs what it stores; a
 * report served straight from a poll has not been through the recorder, so its free text is scrubbed here against
 * the private values of the document it judged (defence in depth, as in src/history).
 */
export function findingsWithoutSecrets(findings: readonly Finding[], jwksValue: unknown): Finding[] {
  const { removedValues } = redactJwks(jwksValue);
  if (removedValues.length === 0) return [...findings];
  const scrub = (text: string | undefined) => (text === undefined ? undefined : scrubSecrets(text, removedValues));
  return findings.map((f) => {
    const expected = scrub(f.expected);
    const actual = scrub(f.actual);
    return {
      ...f,
      message: scrubSecrets(f.message, removedValues),
      ...(expected !== undefined && { expected }),
      ...(actual !== undefined && { actual }),
    };
  });
}

// ---------------------------------------------------------------------------------------------------- providers

const silencedRuleSchema = {
  type: 'object',
  required: ['ruleId', 'reason'],
  properties: { ruleId: { type: 'string' }, reason: { type: 'string' } },
} as const;

export const providerSchema = {
  type: 'object',
  required: [
    'id',
    'name',
    'url',
    'kind',
    'profile',
    'intervalSeconds',
    'minKeys',
    'maxKeys',
    'tokenLifetimeSeconds',
    'clientCacheSeconds',
    'silencedRules',
    'tags',
    'enabled',
    'source',
    'createdAt',
    'updatedAt',
    'nextDueAt',
    'status',
    'lastPollAt',
    'lastSuccessAt',
    'keyCount',
    'openFindings',
    'lastRotationAt',
    'latestSnapshotId',
  ],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    url: { type: 'string' },
    kind: { type: 'string', enum: ['issuer', 'discovery', 'jwks'] },
    profile: { type: 'string' },
    intervalSeconds: { type: 'integer' },
    minKeys: nullableInteger,
    maxKeys: nullableInteger,
    tokenLifetimeSeconds: nullableInteger,
    clientCacheSeconds: nullableInteger,
    silencedRules: { type: 'array', items: silencedRuleSchema },
    tags: { type: 'array', items: { type: 'string' } },
    enabled: { type: 'boolean' },
    source: { type: 'string', enum: ['api', 'file'], description: 'file: declared in PROVIDERS_FILE, read-only here' },
    createdAt: isoTime,
    updatedAt: isoTime,
    nextDueAt: nullableIsoTime,
    status: { type: 'string', enum: ['pending', 'up', 'degraded', 'failing', 'down'] },
    lastPollAt: nullableIsoTime,
    lastSuccessAt: nullableIsoTime,
    keyCount: nullableInteger,
    openFindings: severityCounts,
    lastRotationAt: nullableIsoTime,
    latestSnapshotId: nullableInteger,
  },
} as const;

// ---------------------------------------------------------------------------------------------------- history

export const runSchema = {
  type: 'object',
  required: ['id', 'outcome', 'status', 'snapshotId', 'findings', 'errorMessage', 'firstAt', 'lastAt', 'pollCount'],
  properties: {
    id: { type: 'integer' },
    outcome: { type: 'string', description: "'ok', or the code of the error that stopped the poll" },
    status: { type: 'string' },
    snapshotId: nullableInteger,
    findings: severityCounts,
    errorMessage: nullableString,
    firstAt: isoTime,
    lastAt: isoTime,
    pollCount: { type: 'integer', description: 'Consecutive polls with the same result, collapsed into this run' },
  },
} as const;

export const historyEntrySchema = {
  type: 'object',
  required: [
    'id',
    'snapshotId',
    'hash',
    'keyCount',
    'firstSeenAt',
    'lastSeenAt',
    'pollCount',
    'confirmedAt',
    'etag',
    'lastModified',
    'cacheControl',
    'issuer',
    'jwksUri',
  ],
  properties: {
    id: { type: 'integer', description: 'History entry id (the pagination cursor)' },
    snapshotId: { type: 'integer' },
    hash: { type: 'string' },
    keyCount: { type: 'integer' },
    firstSeenAt: isoTime,
    lastSeenAt: isoTime,
    pollCount: { type: 'integer' },
    confirmedAt: nullableIsoTime,
    etag: nullableString,
    lastModified: nullableString,
    cacheControl: nullableString,
    issuer: nullableString,
    jwksUri: nullableString,
  },
} as const;

export const snapshotSchema = {
  type: 'object',
  required: ['id', 'hash', 'document', 'keys', 'keyCount', 'privateMemberCount', 'createdAt'],
  properties: {
    id: { type: 'integer' },
    hash: { type: 'string' },
    document: { description: 'The JWKS as stored: every private member replaced by a "[redacted sha256:…]" marker' },
    keys: { type: 'array', items: keyViewSchema },
    keyCount: { type: 'integer' },
    privateMemberCount: { type: 'integer' },
    createdAt: isoTime,
  },
} as const;

export const diffSchema = {
  type: 'object',
  required: ['from', 'to', 'added', 'removed', 'kidReused', 'materialReused', 'metadataChanged', 'rotationState'],
  properties: {
    from: { type: 'integer' },
    to: { type: 'integer' },
    added: { type: 'array', items: keyViewSchema },
    removed: { type: 'array', items: keyViewSchema },
    kidReused: {
      type: 'array',
      items: { type: 'object', properties: { kid: { type: 'string' }, before: keyViewSchema, after: keyViewSchema } },
    },
    materialReused: {
      type: 'array',
      items: { type: 'object', properties: { before: keyViewSchema, after: keyViewSchema } },
    },
    metadataChanged: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          before: keyViewSchema,
          after: keyViewSchema,
          members: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    rotationState: { type: 'string', enum: ['no_change', 'safe_overlap', 'overlap', 'disjoint'] },
  },
} as const;

export const inventoryEntrySchema = {
  type: 'object',
  required: [
    'id',
    'keyId',
    'thumbprint',
    'kid',
    'kty',
    'bits',
    'crv',
    'alg',
    'use',
    'firstSeenAt',
    'lastSeenAt',
    'removedAt',
  ],
  properties: {
    id: { type: 'integer' },
    keyId: { type: 'string', description: 'RFC 7638 thumbprint, or content:<hex>' },
    thumbprint: nullableString,
    kid: nullableString,
    kty: nullableString,
    bits: nullableInteger,
    crv: nullableString,
    alg: nullableString,
    use: nullableString,
    firstSeenAt: isoTime,
    lastSeenAt: isoTime,
    removedAt: nullableIsoTime,
  },
} as const;

export const incidentSchema = {
  type: 'object',
  required: [
    'id',
    'ruleId',
    'severity',
    'state',
    'document',
    'pointer',
    'kid',
    'thumbprint',
    'message',
    'expected',
    'actual',
    'spec',
    'silenced',
    'firstSeenAt',
    'lastSeenAt',
    'resolvedAt',
  ],
  properties: {
    id: { type: 'integer' },
    ruleId: { type: 'string' },
    severity: { type: 'string', enum: [...SEVERITIES] },
    state: { type: 'string', enum: ['open', 'resolved'] },
    document: { type: 'string' },
    pointer: { type: 'string' },
    kid: nullableString,
    thumbprint: nullableString,
    message: { type: 'string' },
    expected: nullableString,
    actual: nullableString,
    spec: { type: 'string' },
    silenced: { type: 'boolean' },
    firstSeenAt: isoTime,
    lastSeenAt: isoTime,
    resolvedAt: nullableIsoTime,
  },
} as const;

// ---------------------------------------------------------------------------------------------------- events

export const eventSchema = {
  type: 'object',
  required: ['id', 'type', 'providerId', 'createdAt', 'data'],
  properties: {
    id: { type: 'integer', description: 'Monotonic; usable as the `since` / `after` cursor' },
    type: { type: 'string' },
    providerId: nullableInteger,
    createdAt: isoTime,
    data: { type: 'object', additionalProperties: true, description: 'The Standard Webhooks `data` of the event' },
  },
} as const;

/** ISO time (events created at or after it) or an event id (events after it). */
const SINCE_ID_PATTERN = '^[0-9]{1,15}$';

export const eventQueryProperties = {
  type: { type: 'string', enum: [...EVENT_TYPES] },
  since: {
    type: 'string',
    description: 'An ISO 8601 time (events created at or after it) or an event id (events after it)',
    anyOf: [{ pattern: SINCE_ID_PATTERN }, { format: 'date-time' }],
  },
  after: { type: 'integer', minimum: 0, maximum: MAX_ID, description: 'Cursor: events with a larger id' },
  limit: limitSchema,
} as const;

export interface EventQuery {
  readonly type?: string;
  readonly since?: string;
  readonly after?: number;
  readonly limit: number;
}

export const eventPageSchema = {
  type: 'object',
  required: ['events', 'nextCursor'],
  properties: { events: { type: 'array', items: eventSchema }, nextCursor: nextCursorSchema },
} as const;

/** The repository filter for `since` and `after`: an id in `since` is a cursor like `after` (the larger wins). */
export function eventWindow(query: Pick<EventQuery, 'since' | 'after'>): { afterId?: number; since?: number } {
  const { since, after } = query;
  if (since === undefined) return after === undefined ? {} : { afterId: after };
  if (new RegExp(SINCE_ID_PATTERN).test(since)) return { afterId: Math.max(Number(since), after ?? 0) };
  // The date-time format admits what Date.parse cannot read (a leap second, an offset of hours only); NaN as a
  // bound matched nothing, so such a cursor read as an empty page (review of the API, defect 6).
  const at = Date.parse(since);
  if (Number.isNaN(at)) {
    const problem = 'is a date-time this service cannot read; use YYYY-MM-DDThh:mm:ss with Z or a ±hh:mm offset';
    throw new AppError('VALIDATION_FAILED', `querystring.since ${problem}`, {
      details: { fields: [{ field: 'querystring.since', problem }] },
    });
  }
  return { since: at, ...(after !== undefined && { afterId: after }) };
}

export function toEventView(event: StoredEvent) {
  return {
    id: event.id,
    type: event.type,
    providerId: event.providerId ?? null,
    createdAt: iso(event.createdAt),
    // A damaged payload reads as empty rather than failing the page.
    data: isRecord(event.data) ? event.data : {},
  };
}

// ---------------------------------------------------------------------------------------------------- helpers

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function isoOrNull(epochMs: number | undefined): string | null {
  return epochMs === undefined ? null : iso(epochMs);
}

/** `nextCursor` of a page read with `limit`: the last item's id when the page is full. */
export function nextCursor(items: readonly { readonly id: number }[], limit: number): number | null {
  return items.length >= limit ? (items[items.length - 1]?.id ?? null) : null;
}
