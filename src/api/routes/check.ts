/**
 * POST /api/v1/check: judge a URL (issuer, discovery or JWKS) or a posted document once, registering nothing and
 * storing nothing. A target that cannot be fetched is a verdict (200 with `error`), not an API failure; a URL that
 * must not be fetched at all (not http(s), credentials, a refused address) is the caller's mistake (400).
 */
import type { FastifyPluginAsync } from 'fastify';
import { PROFILES, type Profile } from '../../checks/types.js';
import { AppError, type ErrorCode } from '../../errors.js';
import { checkEnteredUrl } from '../../fetch/index.js';
import type { TargetOutcome } from '../../probe/check-target.js';
import { findingSchema, findingsWithoutSecrets, keySummarySchema, responses, targetErrorSchema } from '../schemas.js';

export type AdhocRequest = { readonly url: string } | { readonly document: unknown };

export interface AdhocSettings {
  readonly profile?: Profile;
  readonly minKeys?: number;
  readonly maxKeys?: number;
}

/**
 * One ad-hoc check, implemented by the composition root with checkTarget: a URL is fetched through the guarded
 * fetcher; a posted document is judged as the bytes of JSON.stringify(document), or the string as given.
 */
export interface AdhocChecker {
  check(request: AdhocRequest, settings: AdhocSettings): Promise<TargetOutcome>;
}

export interface CheckRoutesOptions {
  readonly adhoc: AdhocChecker;
}

const MAX_URL_LENGTH = 2_048;
const MAX_KEYS_BOUND = 10_000;

const checkBody = {
  type: 'object',
  additionalProperties: false,
  description: 'Exactly one of url and document',
  properties: {
    url: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_URL_LENGTH,
      description: 'An issuer, a discovery URL or a JWKS URL',
    },
    document: { type: ['object', 'string'], description: 'A JWKS or discovery document, as JSON or as JSON text' },
    profile: { type: 'string', enum: [...PROFILES] },
    minKeys: { type: 'integer', minimum: 0, maximum: MAX_KEYS_BOUND },
    maxKeys: { type: 'integer', minimum: 0, maximum: MAX_KEYS_BOUND },
  },
  oneOf: [{ required: ['url'] }, { required: ['document'] }],
} as const;

type CheckBody = AdhocSettings & ({ readonly url: string } | { readonly document: unknown });

const checkResponse = {
  type: 'object',
  required: ['kind', 'ok', 'profile', 'findings', 'keys'],
  properties: {
    kind: {
      type: ['string', 'null'],
      enum: ['jwks', 'discovery', null],
      description: 'null when nothing could be read',
    },
    ok: { type: 'boolean', description: 'Read, and no finding of severity error' },
    profile: { type: ['string', 'null'] },
    findings: { type: 'array', items: findingSchema },
    keys: { type: 'array', items: keySummarySchema },
    error: targetErrorSchema,
  },
} as const;

/** Outcome codes that mean the request named a URL that may not be fetched at all. */
const REFUSED_URL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'FETCH_INVALID_URL',
  'FETCH_UNSUPPORTED_SCHEME',
  'FETCH_FORBIDDEN_ADDRESS',
]);

export const checkRoutes: FastifyPluginAsync<CheckRoutesOptions> = async (app, { adhoc }) => {
  app.post<{ Body: CheckBody }>(
    '/check',
    {
      schema: {
        tags: ['check'],
        summary: 'Check a URL or a posted document without registering it',
        body: checkBody,
        response: responses({ 200: checkResponse }, [400, 413, 415]),
      },
    },
    async ({ body }) => {
      const { request, settings } = toAdhoc(body);
      return toCheckView(await adhoc.check(request, settings), settings);
    },
  );
};

function toAdhoc(body: CheckBody): { request: AdhocRequest; settings: AdhocSettings } {
  const { profile, minKeys, maxKeys } = body;
  if (minKeys !== undefined && maxKeys !== undefined && minKeys > maxKeys) {
    throw validationFailed('body.minKeys', `must not exceed maxKeys (${maxKeys})`);
  }
  const settings: AdhocSettings = {
    ...(profile !== undefined && { profile }),
    ...(minKeys !== undefined && { minKeys }),
    ...(maxKeys !== undefined && { maxKeys }),
  };
  if ('url' in body) {
    assertFetchableUrl(body.url);
    return { request: { url: body.url }, settings };
  }
  return { request: { document: body.document }, settings };
}

/** Refuses what no policy would fetch; the address policy itself is applied by the fetcher, on every hop. */
function assertFetchableUrl(url: string): void {
  // The address is judged by the fetcher, at connect time.
  const entered = checkEnteredUrl(url);
  if ('problem' in entered) throw validationFailed('body.url', entered.problem);
}

function validationFailed(field: string, problem: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field} ${problem}`, { details: { fields: [{ field, problem }] } });
}

function toCheckView(outcome: TargetOutcome, settings: AdhocSettings) {
  const { report, error } = outcome;
  if (report === undefined && error !== undefined && REFUSED_URL_CODES.has(error.code)) {
    throw new AppError(error.code, error.message, { details: { field: 'body.url' } });
  }
  const findings = findingsWithoutSecrets(report?.findings ?? [], report?.jwksValue);
  return {
    kind: report?.kind ?? null,
    ok: report !== undefined && error === undefined && !findings.some((f) => f.severity === 'error'),
    profile: report?.profile ?? settings.profile ?? null,
    findings,
    keys: report?.keys ?? [],
    ...(error !== undefined && {
      error: {
        code: error.code,
        message: error.message,
        ...(error.document !== undefined && { document: error.document }),
      },
    }),
  };
}
