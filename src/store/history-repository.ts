/**
 * Reading a provider's history: its sequence of contents, the snapshots (redacted), diffs between any two, the
 * key inventory, incidents and runs. The latest history row, the open run, current keys and incidents seen by the
 * latest verdict take their live values from the provider row (see the recorder columns in 0001_init.sql).
 */
import type { Severity } from '../checks/types.js';
import { AppError } from '../errors.js';
import { diffKeys, type JwksDiff, type KeyView } from '../jwks/diff.js';
import type { ProviderStatus } from '../history/types.js';
import type { Db } from './open-database.js';
import {
  HISTORY_COLUMNS,
  opt,
  parseJson,
  parseKeyViews,
  toSeverity,
  toStatus,
  type HistoryRow,
  type IncidentDbRow,
  type KeyRow,
  type RunRow,
  observedFacts,
} from './rows.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1_000;

export interface HistoryEntry {
  readonly id: number;
  readonly snapshotId: number;
  readonly hash: string;
  readonly keyCount: number;
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
  readonly pollCount: number;
  /** When this content became the confirmed content; absent for a transient that never was. */
  readonly confirmedAt?: number;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly cacheControl?: string;
  readonly issuer?: string;
  readonly jwksUri?: string;
}

export interface SnapshotRecord {
  readonly id: number;
  readonly hash: string;
  /** The redacted JWKS: private members are '[redacted sha256:…]' markers. */
  readonly document: unknown;
  readonly keys: readonly KeyView[];
  readonly keyCount: number;
  readonly privateMemberCount: number;
  readonly createdAt: number;
}

export interface InventoryEntry {
  readonly id: number;
  /** RFC 7638 thumbprint, or 'content:<hex>' for an element without one. */
  readonly keyId: string;
  readonly thumbprint?: string;
  readonly kid?: string;
  readonly kty?: string;
  readonly bits?: number;
  readonly crv?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
  readonly removedAt?: number;
}

export interface IncidentRecord {
  readonly id: number;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly document: string;
  readonly pointer: string;
  readonly kid?: string;
  readonly thumbprint?: string;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly spec: string;
  readonly silenced: boolean;
  readonly openedAt: number;
  readonly lastSeenAt: number;
  readonly resolvedAt?: number;
}

export interface RunRecord {
  readonly id: number;
  readonly outcome: string;
  readonly status: ProviderStatus;
  readonly snapshotId?: number;
  readonly findings: { readonly error: number; readonly warning: number; readonly info: number };
  readonly errorMessage?: string;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly pollCount: number;
}

export interface PageOptions {
  readonly limit?: number;
  /** Keyset pagination, newest first: rows with a smaller id. */
  readonly beforeId?: number;
}

export interface HistoryRepository {
  listHistory(providerId: number, page?: PageOptions): HistoryEntry[];
  getSnapshot(snapshotId: number): SnapshotRecord | undefined;
  /** Diff between two stored snapshots (SNAPSHOT_NOT_FOUND when either is missing). */
  diffSnapshots(fromSnapshotId: number, toSnapshotId: number): JwksDiff;
  listKeys(providerId: number, options?: { readonly includeRemoved?: boolean }): InventoryEntry[];
  listIncidents(
    providerId: number,
    options?: PageOptions & { readonly state?: 'open' | 'resolved' | 'all' },
  ): IncidentRecord[];
  listRuns(providerId: number, page?: PageOptions): RunRecord[];
}

interface LiveRow {
  obs_history_id: number | null;
  obs_last_seen_at: number | null;
  obs_poll_count: number;
  obs_etag: string | null;
  obs_last_modified: string | null;
  obs_cache_control: string | null;
  obs_confirmed: number;
  last_verdict_at: number | null;
  latest_run_id: number | null;
  run_last_at: number | null;
  run_poll_count: number;
}

interface SnapshotRow {
  id: number;
  hash: string;
  document: string;
  keys: string;
  key_count: number;
  private_member_count: number;
  created_at: number;
}

export function createHistoryRepository(db: Db): HistoryRepository {
  const live = db.prepare<[number], LiveRow>(
    `SELECT obs_history_id, obs_last_seen_at, obs_poll_count, obs_etag, obs_last_modified, obs_cache_control, obs_confirmed,
       last_verdict_at, latest_run_id, run_last_at, run_poll_count
     FROM providers WHERE id = ?`,
  );
  const history = db.prepare<[number, number, number], HistoryRow>(
    `SELECT ${HISTORY_COLUMNS} FROM provider_snapshots ps JOIN snapshots s ON s.id = ps.snapshot_id
     WHERE ps.provider_id = ? AND ps.id < ? ORDER BY ps.id DESC LIMIT ?`,
  );
  const snapshot = db.prepare<[number], SnapshotRow>('SELECT * FROM snapshots WHERE id = ?');
  const keys = db.prepare<[number, number], KeyRow>(
    'SELECT * FROM keys WHERE provider_id = ? AND (? = 1 OR removed_at IS NULL) ORDER BY first_seen_at, id',
  );
  const incidents = db.prepare<{ provider: number; before: number; limit: number; state: string }, IncidentDbRow>(
    `SELECT * FROM incidents WHERE provider_id = @provider AND id < @before
       AND (@state = 'all' OR (@state = 'open' AND resolved_at IS NULL) OR (@state = 'resolved' AND resolved_at IS NOT NULL))
     ORDER BY id DESC LIMIT @limit`,
  );
  const runs = db.prepare<[number, number, number], RunRow>(
    'SELECT * FROM runs WHERE provider_id = ? AND id < ? ORDER BY id DESC LIMIT ?',
  );

  function getSnapshot(id: number): SnapshotRecord | undefined {
    const row = snapshot.get(id);
    if (row === undefined) return undefined;
    return {
      id: row.id,
      hash: row.hash,
      document: parseJson(row.document),
      keys: parseKeyViews(row.keys),
      keyCount: row.key_count,
      privateMemberCount: row.private_member_count,
      createdAt: row.created_at,
    };
  }

  return {
    listHistory(providerId, page = {}) {
      const p = live.get(providerId);
      return history.all(providerId, before(page), limitOf(page)).map((row) => {
        return {
          id: row.id,
          snapshotId: row.snapshot_id,
          hash: row.hash,
          keyCount: row.key_count,
          firstSeenAt: row.first_seen_at,
          ...observedFacts(row, p),
        };
      });
    },

    getSnapshot,

    diffSnapshots(fromSnapshotId, toSnapshotId) {
      const from = getSnapshot(fromSnapshotId);
      const to = getSnapshot(toSnapshotId);
      if (from === undefined || to === undefined) {
        const missing = from === undefined ? fromSnapshotId : toSnapshotId;
        throw new AppError('SNAPSHOT_NOT_FOUND', `snapshot ${missing} not found`, { details: { id: missing } });
      }
      return diffKeys(from.keys, to.keys);
    },

    listKeys(providerId, options = {}) {
      const p = live.get(providerId);
      return keys.all(providerId, options.includeRemoved === false ? 0 : 1).map((row) => {
        const current = row.removed_at === null;
        // Current keys are seen whenever the confirmed content is.
        const lastSeenAt =
          current && p !== undefined && p.obs_confirmed === 1
            ? Math.max(row.last_seen_at, p.obs_last_seen_at ?? 0)
            : row.last_seen_at;
        return toInventoryEntry(row, lastSeenAt);
      });
    },

    listIncidents(providerId, options = {}) {
      const p = live.get(providerId);
      return incidents
        .all({ provider: providerId, before: before(options), limit: limitOf(options), state: options.state ?? 'all' })
        .map((row) => {
          const seenNow = row.resolved_at === null && row.seen_in_latest === 1 && p !== undefined;
          return toIncidentRecord(row, seenNow ? Math.max(row.last_seen_at, p.last_verdict_at ?? 0) : row.last_seen_at);
        });
    },

    listRuns(providerId, page = {}) {
      const p = live.get(providerId);
      return runs.all(providerId, before(page), limitOf(page)).map((row) => {
        const isLive = p !== undefined && row.id === p.latest_run_id;
        const snapshotId = opt(row.snapshot_id);
        const errorMessage = opt(row.error_message);
        return {
          id: row.id,
          outcome: row.outcome,
          status: toStatus(row.status),
          ...(snapshotId !== undefined && { snapshotId }),
          findings: { error: row.errors, warning: row.warnings, info: row.infos },
          ...(errorMessage !== undefined && { errorMessage }),
          firstAt: row.first_at,
          lastAt: isLive ? Math.max(row.last_at, p.run_last_at ?? 0) : row.last_at,
          pollCount: isLive ? Math.max(row.poll_count, p.run_poll_count) : row.poll_count,
        };
      });
    },
  };
}

function before(page: PageOptions): number {
  return page.beforeId ?? Number.MAX_SAFE_INTEGER;
}

function limitOf(page: PageOptions): number {
  return Math.min(Math.max(1, Math.trunc(page.limit ?? DEFAULT_PAGE)), MAX_PAGE);
}

function toInventoryEntry(row: KeyRow, lastSeenAt: number): InventoryEntry {
  return {
    id: row.id,
    keyId: row.key_id,
    ...(row.thumbprint !== null && { thumbprint: row.thumbprint }),
    ...(row.kid !== null && { kid: row.kid }),
    ...(row.kty !== null && { kty: row.kty }),
    ...(row.bits !== null && { bits: row.bits }),
    ...(row.crv !== null && { crv: row.crv }),
    ...(row.alg !== null && { alg: row.alg }),
    ...(row.use !== null && { use: row.use }),
    firstSeenAt: row.first_seen_at,
    lastSeenAt,
    ...(row.removed_at !== null && { removedAt: row.removed_at }),
  };
}

function toIncidentRecord(row: IncidentDbRow, lastSeenAt: number): IncidentRecord {
  return {
    id: row.id,
    ruleId: row.rule_id,
    severity: toSeverity(row.severity),
    document: row.document,
    pointer: row.pointer,
    ...(row.kid !== null && { kid: row.kid }),
    ...(row.thumbprint !== null && { thumbprint: row.thumbprint }),
    message: row.message,
    ...(row.expected !== null && { expected: row.expected }),
    ...(row.actual !== null && { actual: row.actual }),
    spec: row.spec,
    silenced: row.silenced === 1,
    openedAt: row.opened_at,
    lastSeenAt,
    ...(row.resolved_at !== null && { resolvedAt: row.resolved_at }),
  };
}
