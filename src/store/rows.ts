/**
 * Row shapes as selected (snake_case, SQLite types) and the mappers to domain values. SQL NULL becomes
 * `undefined`; JSON columns are parsed through guards, so a damaged row reads as empty rather than as a lie.
 */
import { SEVERITIES, type Severity } from '../checks/types.js';
import type { KeyView } from '../jwks/diff.js';
import { PROVIDER_STATUSES, type ProviderStatus, type SilencedRule } from '../history/types.js';
import { isRecord, isStringArray } from '../json/guards.js';

export function opt<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

export function nul<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

export function toStatus(value: string): ProviderStatus {
  return PROVIDER_STATUSES.find((s) => s === value) ?? 'pending';
}

export function toSeverity(value: string): Severity {
  return SEVERITIES.find((s) => s === value) ?? 'error';
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function parseSilencedRules(text: string): SilencedRule[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) =>
    isRecord(entry) && typeof entry['ruleId'] === 'string' && typeof entry['reason'] === 'string'
      ? [{ ruleId: entry['ruleId'], reason: entry['reason'] }]
      : [],
  );
}

export function parseTags(text: string): string[] {
  const value = parseJson(text);
  return isStringArray(value) ? [...value] : [];
}

/** The key views stored with a snapshot (written by the recorder from src/jwks/diff). */
export function parseKeyViews(text: string): KeyView[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown): KeyView[] => {
    if (!isRecord(entry) || typeof entry['id'] !== 'string' || typeof entry['index'] !== 'number') return [];
    const str = (name: string): string | undefined => {
      const member = entry[name];
      return typeof member === 'string' ? member : undefined;
    };
    const thumbprint = str('thumbprint');
    const kid = str('kid');
    const kty = str('kty');
    const alg = str('alg');
    const use = str('use');
    const crv = str('crv');
    const x5c = str('x5c');
    const bits = entry['bits'];
    const keyOps = entry['keyOps'];
    const privateMembers = entry['privateMembers'];
    return [
      {
        index: entry['index'],
        id: entry['id'],
        ...(thumbprint !== undefined && { thumbprint }),
        ...(kid !== undefined && { kid }),
        ...(kty !== undefined && { kty }),
        ...(alg !== undefined && { alg }),
        ...(use !== undefined && { use }),
        ...(crv !== undefined && { crv }),
        ...(typeof bits === 'number' && { bits }),
        ...(isStringArray(keyOps) && { keyOps: [...keyOps] }),
        ...(x5c !== undefined && { x5c }),
        privateMembers: isStringArray(privateMembers) ? [...privateMembers] : [],
      },
    ];
  });
}

export interface ProviderRow {
  id: number;
  name: string;
  url: string;
  kind: string;
  profile: string;
  interval_seconds: number;
  min_keys: number | null;
  max_keys: number | null;
  token_lifetime_seconds: number | null;
  client_cache_seconds: number | null;
  silenced_rules: string;
  tags: string;
  enabled: number;
  source: string;
  next_due_at: number | null;
  created_at: number;
  updated_at: number;
  status: string;
  last_poll_at: number | null;
  last_success_at: number | null;
  last_verdict_at: number | null;
  key_count: number | null;
  open_errors: number;
  open_warnings: number;
  open_infos: number;
  last_rotation_at: number | null;
  latest_snapshot_id: number | null;
  consecutive_failures: number;
  consecutive_successes: number;
}

/** The recorder's columns of a provider row. */
export interface RecorderRow {
  obs_history_id: number | null;
  obs_last_seen_at: number | null;
  obs_poll_count: number;
  obs_etag: string | null;
  obs_last_modified: string | null;
  obs_cache_control: string | null;
  obs_raw_sha: string | null;
  obs_confirmed: number;
  confirmed_history_id: number | null;
  transition_from_history_id: number | null;
  transition_at: number | null;
  flap_started_at: number | null;
  last_flap_at: number | null;
  history_recheck_at: number | null;
  engine_findings_sig: string | null;
  latest_run_id: number | null;
  run_outcome: string | null;
  run_signature: string | null;
  run_last_at: number | null;
  run_poll_count: number;
}

export interface HistoryRow {
  id: number;
  provider_id: number;
  snapshot_id: number;
  first_seen_at: number;
  last_seen_at: number;
  poll_count: number;
  confirmed_at: number | null;
  etag: string | null;
  last_modified: string | null;
  cache_control: string | null;
  discovery_issuer: string | null;
  discovery_jwks_uri: string | null;
  hash: string;
  key_count: number;
}

/** provider_snapshots joined with its snapshot's hash and key count (key views are read, and cached, apart). */
export const HISTORY_COLUMNS = `ps.id, ps.provider_id, ps.snapshot_id, ps.first_seen_at, ps.last_seen_at, ps.poll_count, ps.confirmed_at,
  ps.etag, ps.last_modified, ps.cache_control, ps.discovery_issuer, ps.discovery_jwks_uri, s.hash, s.key_count`;

export interface KeyRow {
  id: number;
  provider_id: number;
  key_id: string;
  thumbprint: string | null;
  kid: string | null;
  kty: string | null;
  bits: number | null;
  crv: string | null;
  alg: string | null;
  use: string | null;
  first_seen_at: number;
  last_seen_at: number;
  removed_at: number | null;
}

export interface IncidentDbRow {
  id: number;
  provider_id: number;
  rule_id: string;
  subject: string;
  severity: string;
  document: string;
  pointer: string;
  kid: string | null;
  thumbprint: string | null;
  message: string;
  expected: string | null;
  actual: string | null;
  spec: string;
  silenced: number;
  seen_in_latest: number;
  opened_at: number;
  last_seen_at: number;
  resolved_at: number | null;
}

export interface RunRow {
  id: number;
  provider_id: number;
  outcome: string;
  status: string;
  snapshot_id: number | null;
  errors: number;
  warnings: number;
  infos: number;
  error_message: string | null;
  signature: string;
  first_at: number;
  last_at: number;
  poll_count: number;
}

export interface EventRow {
  id: number;
  type: string;
  provider_id: number | null;
  created_at: number;
  payload: string;
}

/** The provider row's live values of its latest observation, kept there until a poll changes something. */
export type LiveObservation = Pick<
  RecorderRow,
  'obs_history_id' | 'obs_last_seen_at' | 'obs_poll_count' | 'obs_etag' | 'obs_last_modified' | 'obs_cache_control'
>;

export interface ObservedFacts {
  readonly lastSeenAt: number;
  readonly pollCount: number;
  readonly confirmedAt?: number;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly cacheControl?: string;
  readonly issuer?: string;
  readonly jwksUri?: string;
}

/** A history row's facts, with the live values laid over it when it is the provider's latest observation. */
export function observedFacts(
  row: Omit<HistoryRow, 'provider_id' | 'snapshot_id' | 'first_seen_at' | 'hash' | 'key_count'>,
  p: LiveObservation | undefined,
): ObservedFacts {
  const live = p !== undefined && row.id === p.obs_history_id;
  const confirmedAt = opt(row.confirmed_at);
  const etag = live ? opt(p.obs_etag) : opt(row.etag);
  const lastModified = live ? opt(p.obs_last_modified) : opt(row.last_modified);
  const cacheControl = live ? opt(p.obs_cache_control) : opt(row.cache_control);
  const issuer = opt(row.discovery_issuer);
  const jwksUri = opt(row.discovery_jwks_uri);
  return {
    lastSeenAt: live ? Math.max(row.last_seen_at, p.obs_last_seen_at ?? 0) : row.last_seen_at,
    pollCount: live ? Math.max(row.poll_count, p.obs_poll_count) : row.poll_count,
    ...(confirmedAt !== undefined && { confirmedAt }),
    ...(etag !== undefined && { etag }),
    ...(lastModified !== undefined && { lastModified }),
    ...(cacheControl !== undefined && { cacheControl }),
    ...(issuer !== undefined && { issuer }),
    ...(jwksUri !== undefined && { jwksUri }),
  };
}
