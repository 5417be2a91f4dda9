/**
 * Providers: their settings (create and update share one mapper) and their denormalised latest state, which the
 * listing reads from this one table. Validation of user input belongs to the API and config schemas; this layer
 * stores what it is given and reports a duplicate name as PROVIDER_CONFLICT.
 */
import { PROFILES, type Profile } from '../checks/types.js';
import { AppError } from '../errors.js';
import { PROVIDER_STATUSES, type ProviderStatus, type SilencedRule } from '../history/types.js';
import type { Db } from './open-database.js';
import { createProviderVerdictStatements, type ProviderVerdictStatements } from './provider-verdict.js';
import { nul, opt, parseSilencedRules, parseTags, toStatus, type ProviderRow } from './rows.js';

export const PROVIDER_KINDS = ['issuer', 'discovery', 'jwks'] as const;
/** What the registered URL is: an issuer identifier, a discovery document URL, or a JWKS URL. */
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export const PROVIDER_SOURCES = ['api', 'file'] as const;
/** `file` providers are declared in PROVIDERS_FILE and read-only through the API. */
export type ProviderSource = (typeof PROVIDER_SOURCES)[number];

/** The settings a user gives; optional ones fall back to defaults where they are used. */
export interface ProviderSettings {
  readonly name: string;
  readonly url: string;
  readonly kind: ProviderKind;
  readonly profile: Profile;
  readonly intervalSeconds: number;
  readonly minKeys?: number | undefined;
  readonly maxKeys?: number | undefined;
  readonly tokenLifetimeSeconds?: number | undefined;
  readonly clientCacheSeconds?: number | undefined;
  readonly silencedRules?: readonly SilencedRule[];
  readonly tags?: readonly string[];
  readonly enabled?: boolean;
  readonly source?: ProviderSource;
}

export interface NewProvider extends ProviderSettings {
  readonly nextDueAt?: number | undefined;
}

export type ProviderPatch = Partial<ProviderSettings> & { readonly nextDueAt?: number | undefined };

export interface ProviderLatestState {
  readonly status: ProviderStatus;
  readonly lastPollAt?: number;
  readonly lastSuccessAt?: number;
  readonly keyCount?: number;
  readonly openFindings: { readonly error: number; readonly warning: number; readonly info: number };
  readonly lastRotationAt?: number;
  readonly latestSnapshotId?: number;
  readonly consecutiveFailures: number;
  readonly consecutiveSuccesses: number;
}

export interface ProviderRecord {
  readonly id: number;
  readonly name: string;
  readonly url: string;
  readonly kind: ProviderKind;
  readonly profile: Profile;
  readonly intervalSeconds: number;
  readonly minKeys?: number;
  readonly maxKeys?: number;
  readonly tokenLifetimeSeconds?: number;
  readonly clientCacheSeconds?: number;
  readonly silencedRules: readonly SilencedRule[];
  readonly tags: readonly string[];
  readonly enabled: boolean;
  readonly source: ProviderSource;
  readonly nextDueAt?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly state: ProviderLatestState;
}

/** The latest state of one provider, as a fleet overview needs it. */
export interface ProviderStateSummary {
  readonly id: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly status: ProviderStatus;
  readonly lastPollAt?: number;
  readonly lastSuccessAt?: number;
  readonly keyCount?: number;
  readonly openFindings: { readonly error: number; readonly warning: number; readonly info: number };
  readonly lastRotationAt?: number;
  readonly consecutiveFailures: number;
}

export const PROVIDER_SORTS = ['id', 'status'] as const;
/**
 * `id`: registration order (keyset pagination with afterId). `status`: worst first (down, failing, degraded, pending,
 * up), then most open errors, then name (offset pagination): the order a dashboard reads a fleet in.
 */
export type ProviderSort = (typeof PROVIDER_SORTS)[number];

export interface ProviderSearch {
  readonly tag?: string;
  /** Name or URL contains this text (ASCII case-insensitive; `%`, `_` and `\` match themselves). */
  readonly q?: string;
}

export interface ProviderListFilter extends ProviderSearch {
  readonly status?: ProviderStatus;
  /** Keyset pagination in the id order: providers with a larger id. Ignored by the status order. */
  readonly afterId?: number;
  readonly limit?: number;
  readonly sort?: ProviderSort;
  /** Offset pagination: matching providers skipped (in either order). */
  readonly offset?: number;
}

/** A keyset page of the latest states: providers with an id above `afterId`, in id order, at most `limit`. */
export interface LatestStatesPage {
  readonly afterId: number;
  readonly limit: number;
}

/** How many providers match a search, in total and per status. */
export interface ProviderCounts {
  readonly total: number;
  readonly byStatus: Readonly<Record<ProviderStatus, number>>;
}

export interface TagCount {
  readonly tag: string;
  readonly count: number;
}

const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1_000;
const DEFAULT_TAG_LIMIT = 500;

/**
 * Worst first. The expression is the one indexed by migrations/0004_providers_worst_first.sql, written identically:
 * SQLite uses an expression index only for the same expression.
 */
const STATUS_RANK = `CASE status WHEN 'down' THEN 0 WHEN 'failing' THEN 1 WHEN 'degraded' THEN 2 WHEN 'pending' THEN 3 ELSE 4 END`;
const STATUS_RANKS: Readonly<Record<ProviderStatus, number>> = { down: 0, failing: 1, degraded: 2, pending: 3, up: 4 };
const TAG_MATCH = '(@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(providers.tags) WHERE json_each.value = @tag))';
const TEXT_MATCH = "(@q IS NULL OR name LIKE @q ESCAPE '\\' OR url LIKE @q ESCAPE '\\')";

const PROVIDER_COLUMNS = `id, name, url, kind, profile, interval_seconds, min_keys, max_keys, token_lifetime_seconds,
  client_cache_seconds, silenced_rules, tags, enabled, source, next_due_at, created_at, updated_at, status, last_poll_at,
  last_success_at, last_verdict_at, key_count, open_errors, open_warnings, open_infos, last_rotation_at, latest_snapshot_id,
  consecutive_failures, consecutive_successes`;

/** Column values of the settings, shared by insert and update. */
type SettingsColumns = Pick<
  ProviderRow,
  | 'name'
  | 'url'
  | 'kind'
  | 'profile'
  | 'interval_seconds'
  | 'min_keys'
  | 'max_keys'
  | 'token_lifetime_seconds'
  | 'client_cache_seconds'
  | 'silenced_rules'
  | 'tags'
  | 'enabled'
  | 'source'
  | 'next_due_at'
>;

/**
 * What a poll reads of a provider. Polls ask for it thousands of times a second and it changes only through this
 * repository's update and delete, so it is kept in memory rather than read and mapped from the row each time.
 */
export interface PollTarget {
  readonly id: number;
  readonly url: string;
  readonly profile: Profile;
  readonly minKeys?: number;
  readonly maxKeys?: number;
}

export interface ProvidersRepository {
  create(provider: NewProvider, now: number): ProviderRecord;
  get(id: number): ProviderRecord | undefined;
  /** The provider's poll settings, from memory after the first read; undefined once it is deleted. */
  pollTarget(id: number): PollTarget | undefined;
  getByName(name: string): ProviderRecord | undefined;
  /** Filtered, ordered and paginated; the latest state comes with each provider. */
  list(filter?: ProviderListFilter): ProviderRecord[];
  /** How many providers match a search, per status (the status bar of a dashboard). */
  count(search?: ProviderSearch): ProviderCounts;
  /** The tags in use, with how many providers carry each, by tag name. */
  listTags(limit?: number): TagCount[];
  /** Every provider with its settings and latest state. */
  listAll(): ProviderRecord[];
  /**
   * The latest state of every provider (dashboards, /metrics): 10,000 providers in a few milliseconds. With `page`,
   * only providers with an id above `afterId`, in id order, at most `limit` (a caller that must not hold the event
   * loop reads 20,000 providers page by page).
   */
  listLatestStates(page?: LatestStatesPage): ProviderStateSummary[];
  update(id: number, patch: ProviderPatch, now: number): ProviderRecord;
  setNextDueAt(id: number, nextDueAt: number): void;
  /** Deletes the provider and its history; events stay (their payload names the provider). */
  delete(id: number): boolean;
}

export function createProvidersRepository(db: Db): ProvidersRepository {
  const insert = db.prepare<SettingsColumns & { created_at: number; updated_at: number }>(
    `INSERT INTO providers (name, url, kind, profile, interval_seconds, min_keys, max_keys, token_lifetime_seconds,
       client_cache_seconds, silenced_rules, tags, enabled, source, next_due_at, created_at, updated_at)
     VALUES (@name, @url, @kind, @profile, @interval_seconds, @min_keys, @max_keys, @token_lifetime_seconds,
       @client_cache_seconds, @silenced_rules, @tags, @enabled, @source, @next_due_at, @created_at, @updated_at)`,
  );
  // A settings change can change the verdict (silenced rules, profile, token lifetime): history_recheck_at = 0
  // sends the next poll through the full recorder instead of the unchanged-poll shortcut.
  const updateSettings = db.prepare<SettingsColumns & { id: number; updated_at: number }>(
    `UPDATE providers SET name = @name, url = @url, kind = @kind, profile = @profile, interval_seconds = @interval_seconds,
       min_keys = @min_keys, max_keys = @max_keys, token_lifetime_seconds = @token_lifetime_seconds,
       client_cache_seconds = @client_cache_seconds, silenced_rules = @silenced_rules, tags = @tags, enabled = @enabled,
       source = @source, next_due_at = @next_due_at, updated_at = @updated_at, history_recheck_at = 0
     WHERE id = @id`,
  );
  const byId = db.prepare<[number], ProviderRow>(`SELECT ${PROVIDER_COLUMNS} FROM providers WHERE id = ?`);
  const byName = db.prepare<[string], ProviderRow>(`SELECT ${PROVIDER_COLUMNS} FROM providers WHERE name = ?`);
  const all = db.prepare<[], ProviderRow>(`SELECT ${PROVIDER_COLUMNS} FROM providers ORDER BY id`);
  const page = db.prepare<PageParams, ProviderRow>(
    `SELECT ${PROVIDER_COLUMNS} FROM providers
     WHERE id > @after AND (@status IS NULL OR status = @status) AND ${TAG_MATCH} AND ${TEXT_MATCH}
     ORDER BY id LIMIT @limit OFFSET @offset`,
  );
  const worstFirst = worstFirstStatements(db);
  const countByRank = {
    // Without a text search the counts come from the worst-first index alone; a LIKE reads every row anyway, and a
    // table scan does that faster than index order.
    indexed: db.prepare<{ tag: string | null; q: null }, { rank: number; n: number }>(
      `SELECT ${STATUS_RANK} AS rank, count(*) AS n FROM providers WHERE ${TAG_MATCH} AND ${TEXT_MATCH} GROUP BY rank`,
    ),
    scan: db.prepare<{ tag: string | null; q: string }, { rank: number; n: number }>(
      `SELECT ${STATUS_RANK} AS rank, count(*) AS n FROM providers NOT INDEXED WHERE ${TAG_MATCH} AND ${TEXT_MATCH}
       GROUP BY rank`,
    ),
  };
  const tags = db.prepare<[number], { tag: string; n: number }>(
    `SELECT json_each.value AS tag, count(*) AS n FROM providers, json_each(providers.tags)
     WHERE json_each.type = 'text' GROUP BY json_each.value ORDER BY json_each.value LIMIT ?`,
  );
  // SQLite builds the whole result as one JSON text and V8 parses it: about 3x faster than materialising 10,000 row
  // objects through the driver (bench/history.ts). Rows come in rowid (= id) order.
  // A page is a rowid range (id > afterId ... LIMIT), so reading page n costs the same as reading page 1.
  const latestStates = db.prepare<[number, number], { states: string }>(
    `SELECT json_group_array(json_array(id, name, enabled, status, last_poll_at, last_success_at, key_count, open_errors,
       open_warnings, open_infos, last_rotation_at, consecutive_failures)) AS states
     FROM (SELECT id, name, enabled, status, last_poll_at, last_success_at, key_count, open_errors, open_warnings,
       open_infos, last_rotation_at, consecutive_failures FROM providers WHERE id > ? ORDER BY id LIMIT ?)`,
  );
  const setDue = db.prepare<[number, number]>('UPDATE providers SET next_due_at = ? WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM providers WHERE id = ?');
  const targetRow = db.prepare<[number], Pick<ProviderRow, 'id' | 'url' | 'profile' | 'min_keys' | 'max_keys'>>(
    'SELECT id, url, profile, min_keys, max_keys FROM providers WHERE id = ?',
  );
  // One entry per provider polled; forgotten when the provider changes or goes.
  const pollTargets = new Map<number, PollTarget>();
  // Prepared on first use: a repository over an older schema (an upgrade test writing old data) never needs them.
  let verdictStatements: ProviderVerdictStatements | undefined;
  const verdict = (): ProviderVerdictStatements => (verdictStatements ??= createProviderVerdictStatements(db));
  // The settings and what they change at once, in one transaction: the API, /metrics and the dashboard read the
  // status and open counts from the provider row, so a silence must not wait for the next poll to count (review:
  // dashboard "silence leaves status stale"), and a new URL must not be compared with the old one's keys (review:
  // rotation #3, a URL edit reported as a disjoint rotation).
  const applyUpdate = db.transaction((id: number, current: ProviderRecord, merged: NewProvider, now: number) => {
    conflictAsAppError(merged.name, () =>
      updateSettings.run({ ...settingsColumns(merged), next_due_at: nul(merged.nextDueAt), id, updated_at: now }),
    );
    const urlChanged = merged.url !== current.url;
    if (urlChanged) verdict().startBaseline({ id, name: merged.name, url: merged.url }, now);
    const silenced = new Set((merged.silencedRules ?? []).map((s) => s.ruleId));
    if (urlChanged || !sameRuleIds(silenced, current.silencedRules)) verdict().recount(id, silenced);
  });

  function get(id: number): ProviderRecord | undefined {
    const row = byId.get(id);
    return row === undefined ? undefined : toProvider(row);
  }

  function mustGet(id: number): ProviderRecord {
    const provider = get(id);
    if (provider === undefined)
      throw new AppError('PROVIDER_NOT_FOUND', `provider ${id} not found`, { details: { id } });
    return provider;
  }

  return {
    create(provider, now) {
      const id = conflictAsAppError(provider.name, () =>
        Number(
          insert.run({
            ...settingsColumns(provider),
            next_due_at: nul(provider.nextDueAt),
            created_at: now,
            updated_at: now,
          }).lastInsertRowid,
        ),
      );
      return mustGet(id);
    },
    get,
    pollTarget(id) {
      const cached = pollTargets.get(id);
      if (cached !== undefined) return cached;
      const row = targetRow.get(id);
      if (row === undefined) return undefined;
      const target: { -readonly [K in keyof PollTarget]: PollTarget[K] } = {
        id: row.id,
        url: row.url,
        profile: toProfile(row.profile),
      };
      if (row.min_keys !== null) target.minKeys = row.min_keys;
      if (row.max_keys !== null) target.maxKeys = row.max_keys;
      pollTargets.set(id, target);
      return target;
    },
    getByName(name) {
      const row = byName.get(name);
      return row === undefined ? undefined : toProvider(row);
    },
    list(filter = {}) {
      const limit = Math.min(Math.max(1, Math.trunc(filter.limit ?? DEFAULT_LIST_LIMIT)), MAX_LIST_LIMIT);
      const params: PageParams = {
        after: filter.afterId ?? 0,
        status: filter.status ?? null,
        tag: filter.tag ?? null,
        q: likePattern(filter.q),
        limit,
        offset: Math.max(0, Math.trunc(filter.offset ?? 0)),
      };
      if (filter.sort !== 'status') return page.all(params).map(toProvider);
      const { status, q, tag } = params;
      const rows =
        status === null
          ? (q === null ? worstFirst.all : worstFirst.allSearch).all({ tag, q, limit, offset: params.offset })
          : (q === null ? worstFirst.oneStatus : worstFirst.oneStatusSearch).all({
              rank: STATUS_RANKS[toStatus(status)],
              tag,
              q,
              limit,
              offset: params.offset,
            });
      return rows.map(toProvider);
    },
    count(search = {}) {
      const q = likePattern(search.q);
      const tag = search.tag ?? null;
      const rows = q === null ? countByRank.indexed.all({ tag, q }) : countByRank.scan.all({ tag, q });
      const byStatus: Record<ProviderStatus, number> = { down: 0, failing: 0, degraded: 0, pending: 0, up: 0 };
      let total = 0;
      for (const row of rows) {
        const status = PROVIDER_STATUSES.find((s) => STATUS_RANKS[s] === row.rank);
        if (status !== undefined) byStatus[status] = row.n;
        total += row.n;
      }
      return { total, byStatus };
    },
    listTags(limit = DEFAULT_TAG_LIMIT) {
      return tags.all(Math.max(1, Math.trunc(limit))).map((row) => ({ tag: row.tag, count: row.n }));
    },
    listAll() {
      return all.all().map(toProvider);
    },
    listLatestStates(page) {
      // LIMIT -1: no limit.
      const limit = page === undefined ? -1 : Math.max(0, Math.trunc(page.limit));
      const parsed: unknown = JSON.parse(latestStates.get(Math.trunc(page?.afterId ?? 0), limit)?.states ?? '[]');
      const summaries: ProviderStateSummary[] = [];
      if (!Array.isArray(parsed)) return summaries;
      for (const entry of parsed) {
        const summary = toStateSummary(entry);
        if (summary !== undefined) summaries.push(summary);
      }
      return summaries;
    },
    update(id, patch, now) {
      const current = mustGet(id);
      const merged: NewProvider = {
        ...settingsOf(current),
        ...patch,
        nextDueAt: 'nextDueAt' in patch ? patch.nextDueAt : current.nextDueAt,
      };
      pollTargets.delete(id);
      applyUpdate(id, current, merged, now);
      return mustGet(id);
    },
    setNextDueAt(id, nextDueAt) {
      setDue.run(nextDueAt, id);
    },
    delete(id) {
      pollTargets.delete(id);
      return remove.run(id).changes > 0;
    },
  };
}

interface PageParams {
  after: number;
  status: string | null;
  tag: string | null;
  q: string | null;
  limit: number;
  offset: number;
}

interface WorstFirstParams {
  tag: string | null;
  q: string | null;
  limit: number;
  offset: number;
}

/**
 * The worst-first page, one statement per shape of filter so that each gets its own plan: without a text search
 * it walks the worst-first index (a status filter seeks into it) and stops after the page; with one, it scans the
 * table and sorts the matches (the LIKE must read every row anyway).
 */
function worstFirstStatements(db: Db) {
  const order = `ORDER BY ${STATUS_RANK}, open_errors DESC, name, id LIMIT @limit OFFSET @offset`;
  return {
    all: db.prepare<WorstFirstParams, ProviderRow>(
      `SELECT ${PROVIDER_COLUMNS} FROM providers WHERE ${TAG_MATCH} ${order}`,
    ),
    allSearch: db.prepare<WorstFirstParams, ProviderRow>(
      `SELECT ${PROVIDER_COLUMNS} FROM providers NOT INDEXED WHERE ${TAG_MATCH} AND ${TEXT_MATCH} ${order}`,
    ),
    oneStatus: db.prepare<WorstFirstParams & { rank: number }, ProviderRow>(
      `SELECT ${PROVIDER_COLUMNS} FROM providers WHERE ${STATUS_RANK} = @rank AND ${TAG_MATCH} ${order}`,
    ),
    oneStatusSearch: db.prepare<WorstFirstParams & { rank: number }, ProviderRow>(
      `SELECT ${PROVIDER_COLUMNS} FROM providers NOT INDEXED
       WHERE ${STATUS_RANK} = @rank AND ${TAG_MATCH} AND ${TEXT_MATCH} ${order}`,
    ),
  };
}

/** `%text%` with LIKE's wildcards and the escape character escaped, so the search matches them literally. */
export function likePattern(text: string | undefined): string | null {
  if (text === undefined || text === '') return null;
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function sameRuleIds(ids: ReadonlySet<string>, rules: readonly SilencedRule[]): boolean {
  const before = new Set(rules.map((rule) => rule.ruleId));
  return before.size === ids.size && [...ids].every((id) => before.has(id));
}

function settingsColumns(settings: ProviderSettings): Omit<SettingsColumns, 'next_due_at'> {
  return {
    name: settings.name,
    url: settings.url,
    kind: settings.kind,
    profile: settings.profile,
    interval_seconds: settings.intervalSeconds,
    min_keys: nul(settings.minKeys),
    max_keys: nul(settings.maxKeys),
    token_lifetime_seconds: nul(settings.tokenLifetimeSeconds),
    client_cache_seconds: nul(settings.clientCacheSeconds),
    silenced_rules: JSON.stringify((settings.silencedRules ?? []).map((s) => ({ ruleId: s.ruleId, reason: s.reason }))),
    tags: JSON.stringify(settings.tags ?? []),
    enabled: settings.enabled === false ? 0 : 1,
    source: settings.source ?? 'api',
  };
}

function settingsOf(provider: ProviderRecord): ProviderSettings {
  return {
    name: provider.name,
    url: provider.url,
    kind: provider.kind,
    profile: provider.profile,
    intervalSeconds: provider.intervalSeconds,
    minKeys: provider.minKeys,
    maxKeys: provider.maxKeys,
    tokenLifetimeSeconds: provider.tokenLifetimeSeconds,
    clientCacheSeconds: provider.clientCacheSeconds,
    silencedRules: provider.silencedRules,
    tags: provider.tags,
    enabled: provider.enabled,
    source: provider.source,
  };
}

export function toProvider(row: ProviderRow): ProviderRecord {
  const minKeys = opt(row.min_keys);
  const maxKeys = opt(row.max_keys);
  const tokenLifetimeSeconds = opt(row.token_lifetime_seconds);
  const clientCacheSeconds = opt(row.client_cache_seconds);
  const nextDueAt = opt(row.next_due_at);
  const lastPollAt = opt(row.last_poll_at);
  const lastSuccessAt = opt(row.last_success_at);
  const keyCount = opt(row.key_count);
  const lastRotationAt = opt(row.last_rotation_at);
  const latestSnapshotId = opt(row.latest_snapshot_id);
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    kind: PROVIDER_KINDS.find((k) => k === row.kind) ?? 'jwks',
    profile: toProfile(row.profile),
    intervalSeconds: row.interval_seconds,
    ...(minKeys !== undefined && { minKeys }),
    ...(maxKeys !== undefined && { maxKeys }),
    ...(tokenLifetimeSeconds !== undefined && { tokenLifetimeSeconds }),
    ...(clientCacheSeconds !== undefined && { clientCacheSeconds }),
    silencedRules: parseSilencedRules(row.silenced_rules),
    tags: parseTags(row.tags),
    enabled: row.enabled === 1,
    source: row.source === 'file' ? 'file' : 'api',
    ...(nextDueAt !== undefined && { nextDueAt }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    state: {
      status: toStatus(row.status),
      ...(lastPollAt !== undefined && { lastPollAt }),
      ...(lastSuccessAt !== undefined && { lastSuccessAt }),
      ...(keyCount !== undefined && { keyCount }),
      openFindings: { error: row.open_errors, warning: row.open_warnings, info: row.open_infos },
      ...(lastRotationAt !== undefined && { lastRotationAt }),
      ...(latestSnapshotId !== undefined && { latestSnapshotId }),
      consecutiveFailures: row.consecutive_failures,
      consecutiveSuccesses: row.consecutive_successes,
    },
  };
}

/** One `json_array` of the latest-state query; plain loops and assignments, as this runs 10,000 times per read. */
function toStateSummary(entry: unknown): ProviderStateSummary | undefined {
  if (!Array.isArray(entry)) return undefined;
  const id: unknown = entry[0];
  const name: unknown = entry[1];
  const status: unknown = entry[3];
  if (typeof id !== 'number' || typeof name !== 'string' || typeof status !== 'string') return undefined;
  const summary: {
    id: number;
    name: string;
    enabled: boolean;
    status: ProviderStatus;
    lastPollAt?: number;
    lastSuccessAt?: number;
    keyCount?: number;
    openFindings: { error: number; warning: number; info: number };
    lastRotationAt?: number;
    consecutiveFailures: number;
  } = {
    id,
    name,
    enabled: entry[2] === 1,
    status: toStatus(status),
    openFindings: { error: numberOr0(entry[7]), warning: numberOr0(entry[8]), info: numberOr0(entry[9]) },
    consecutiveFailures: numberOr0(entry[11]),
  };
  const lastPollAt: unknown = entry[4];
  const lastSuccessAt: unknown = entry[5];
  const keyCount: unknown = entry[6];
  const lastRotationAt: unknown = entry[10];
  if (typeof lastPollAt === 'number') summary.lastPollAt = lastPollAt;
  if (typeof lastSuccessAt === 'number') summary.lastSuccessAt = lastSuccessAt;
  if (typeof keyCount === 'number') summary.keyCount = keyCount;
  if (typeof lastRotationAt === 'number') summary.lastRotationAt = lastRotationAt;
  return summary;
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export function toProfile(value: string): Profile {
  return PROFILES.find((p) => p === value) ?? 'core';
}

function conflictAsAppError<T>(name: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new AppError('PROVIDER_CONFLICT', `a provider named ${JSON.stringify(name)} already exists`, {
        cause: error,
        details: { name },
      });
    }
    throw error;
  }
}
