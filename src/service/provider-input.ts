/**
 * What a user may say about a provider: one JSON schema for the API (create, and patch with every field
 * optional) and the providers file, plus the checks a schema cannot express. Create and update share this one
 * mapper (the uptime-kuma lesson: two mappings drift).
 */
import { listRules } from '../checks/catalogue.js';
import { PROFILES, type Profile } from '../checks/types.js';
import { classifyTargetUrl } from '../discovery/index.js';
import { isIllFormed } from '../json/utf8.js';
import { AppError } from '../errors.js';
import { checkEnteredUrl } from '../fetch/index.js';
import type { ProviderKind, ProviderSettings } from '../store/providers-repository.js';

export const MIN_INTERVAL_SECONDS = 10;
export const DEFAULT_INTERVAL_SECONDS = 300;
const MAX_INTERVAL_SECONDS = 7 * 24 * 60 * 60;
const MAX_URL_LENGTH = 2_048;

const silencedRule = {
  type: 'object',
  additionalProperties: false,
  required: ['ruleId', 'reason'],
  properties: {
    ruleId: { type: 'string', minLength: 1, maxLength: 100 },
    reason: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const;

const properties = {
  name: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$' },
  url: { type: 'string', minLength: 8, maxLength: MAX_URL_LENGTH },
  intervalSeconds: { type: 'integer', minimum: MIN_INTERVAL_SECONDS, maximum: MAX_INTERVAL_SECONDS },
  profile: { type: 'string', enum: [...PROFILES] },
  minKeys: { type: ['integer', 'null'], minimum: 0, maximum: 10_000 },
  maxKeys: { type: ['integer', 'null'], minimum: 0, maximum: 10_000 },
  tokenLifetimeSeconds: { type: ['integer', 'null'], minimum: 1, maximum: 30 * 24 * 60 * 60 },
  clientCacheSeconds: { type: ['integer', 'null'], minimum: 0, maximum: 30 * 24 * 60 * 60 },
  silencedRules: { type: 'array', maxItems: 200, items: silencedRule },
  tags: {
    type: 'array',
    maxItems: 50,
    uniqueItems: true,
    items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$' },
  },
  enabled: { type: 'boolean' },
} as const;

export const PROVIDER_CREATE_SCHEMA = {
  $id: 'ProviderCreate',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'url'],
  properties,
} as const;

export const PROVIDER_PATCH_SCHEMA = {
  $id: 'ProviderPatch',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties,
} as const;

/** The input as the schema admits it (nulls clear optional numbers on patch). */
export interface ProviderInput {
  readonly name?: string;
  readonly url?: string;
  readonly intervalSeconds?: number;
  readonly profile?: Profile;
  readonly minKeys?: number | null;
  readonly maxKeys?: number | null;
  readonly tokenLifetimeSeconds?: number | null;
  readonly clientCacheSeconds?: number | null;
  readonly silencedRules?: readonly { readonly ruleId: string; readonly reason: string }[];
  readonly tags?: readonly string[];
  readonly enabled?: boolean;
}

export interface UrlPolicy {
  readonly allowPrivateNetworks: boolean;
}

interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

/**
 * Merges `input` over `current` (undefined for a create) into complete settings, or throws VALIDATION_FAILED
 * naming every field at fault.
 */
export function toProviderSettings(
  input: ProviderInput,
  current: ProviderSettings | undefined,
  policy: UrlPolicy,
): ProviderSettings {
  const problems: FieldProblem[] = [];
  const name = input.name ?? current?.name;
  const url = input.url ?? current?.url;
  if (name === undefined || name.trim() === '') problems.push({ field: 'body.name', problem: 'is required' });
  if (url === undefined) problems.push({ field: 'body.url', problem: 'is required' });
  // A providers file is read by a YAML/JSON parser that, like JSON.parse, lets a "\ud800" escape through; stored, it
  // reads back as U+FFFD, and the file's name never matches the stored one again (every reload then fails).
  for (const [field, text] of textFields(input)) {
    if (isIllFormed(text))
      problems.push({ field, problem: 'holds a lone surrogate: text must be well-formed Unicode' });
  }
  const kind = url === undefined ? undefined : kindOf(url, policy, problems);
  const pick = <K extends keyof ProviderInput>(key: K, fallback: number | undefined) => {
    const value = input[key];
    return value === null ? undefined : value === undefined ? fallback : (value as number);
  };
  const minKeys = pick('minKeys', current?.minKeys);
  const maxKeys = pick('maxKeys', current?.maxKeys);
  if (minKeys !== undefined && maxKeys !== undefined && minKeys > maxKeys) {
    problems.push({ field: 'body.minKeys', problem: `must not exceed maxKeys (${maxKeys})` });
  }
  const known = new Set(listRules().map((r) => r.id));
  (input.silencedRules ?? []).forEach((rule, i) => {
    if (!known.has(rule.ruleId))
      problems.push({
        field: `body.silencedRules.${i}.ruleId`,
        problem: `"${rule.ruleId}" is not a rule id (see GET /api/v1/rules)`,
      });
  });
  if (problems.length > 0 || name === undefined || url === undefined || kind === undefined) {
    throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.field} ${p.problem}`).join('; '), {
      details: { fields: problems },
    });
  }
  return {
    name: name.trim(),
    url,
    kind,
    profile: input.profile ?? profileAfter(current, kind),
    intervalSeconds: input.intervalSeconds ?? current?.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
    minKeys,
    maxKeys,
    tokenLifetimeSeconds: pick('tokenLifetimeSeconds', current?.tokenLifetimeSeconds),
    clientCacheSeconds: pick('clientCacheSeconds', current?.clientCacheSeconds),
    silencedRules: input.silencedRules ?? current?.silencedRules ?? [],
    tags: input.tags ?? current?.tags ?? [],
    enabled: input.enabled ?? current?.enabled ?? true,
  };
}

/** The free-text fields of an input, by their field name. */
function textFields(input: ProviderInput): [string, string][] {
  const fields: [string, string][] = [];
  if (input.name !== undefined) fields.push(['body.name', input.name]);
  if (input.url !== undefined) fields.push(['body.url', input.url]);
  input.tags?.forEach((tag, i) => fields.push([`body.tags.${i}`, tag]));
  input.silencedRules?.forEach((rule, i) => fields.push([`body.silencedRules.${i}.reason`, rule.reason]));
  return fields;
}

function defaultProfile(kind: ProviderKind): Profile {
  return kind === 'jwks' ? 'core' : 'oidc';
}

/**
 * The profile when the input names none: a chosen profile stays (a PATCH of the URL reset fapi2 to core, turning its
 * rules off unannounced); only a profile that was the old kind's default follows a change of kind.
 */
function profileAfter(current: ProviderSettings | undefined, kind: ProviderKind): Profile {
  if (current === undefined) return defaultProfile(kind);
  return current.kind !== kind && current.profile === defaultProfile(current.kind)
    ? defaultProfile(kind)
    : current.profile;
}

/** The URL's kind, or a problem: only http(s), no credentials, no forbidden address literal. */
function kindOf(url: string, policy: UrlPolicy, problems: FieldProblem[]): ProviderKind | undefined {
  const entered = checkEnteredUrl(url, { addressPolicy: policy });
  if ('problem' in entered) {
    problems.push({ field: 'body.url', problem: entered.problem });
    return undefined;
  }
  const target = classifyTargetUrl(url);
  switch (target.kind) {
    case 'invalid':
      problems.push({ field: 'body.url', problem: target.reason });
      return undefined;
    case 'discovery':
      return 'discovery';
    case 'jwks':
      return 'jwks';
    case 'issuer-or-jwks':
      return 'issuer';
  }
}
