/**
 * The poll recorder's SQL: read a provider's state, apply a plan, or record an unchanged poll by moving the
 * provider row's live columns only. Prepared once; the caller wraps each poll in one transaction.
 */
import type { KeyView } from '../jwks/diff.js';
import { flapWindowMs } from '../history/plan-poll.js';
import { withSnapshotIds } from '../history/events.js';
import type { UnchangedAttempt, UnchangedResult } from '../history/record-poll.js';
import type {
  AppliedPoll,
  IncidentRow,
  InventoryRow,
  PollPlan,
  ProviderPollState,
  RecorderSettings,
  RowRef,
  RecentContent,
  StoredContent,
  StoredEvent,
  UnchangedFailurePoll,
  UnchangedOkPoll,
} from '../history/types.js';
import { LruCache } from '../util/lru-cache.js';
import { toProfile } from './providers-repository.js';
import type { Db } from './open-database.js';
import {
  nul,
  opt,
  parseKeyViews,
  parseSilencedRules,
  toSeverity,
  toStatus,
  type HistoryRow,
  type IncidentDbRow,
  type KeyRow,
  type ProviderRow,
  type RecorderRow,
  observedFacts,
} from './rows.js';

/** Most history rows read to find the contents seen within the flap window (a flapping hour at 1 poll/min is 60). */
const RECENT_HISTORY_ROWS = 256;
/** Hash and parsed key views by snapshot id: snapshots never change, so the cache never goes stale. */
const SNAPSHOT_CACHE_ENTRIES = 4_096;
/** History rows read by the first query while looking back through the flap window: most polls need two. */
const FIRST_HISTORY_PAGE_ROWS = 8;
/** Each further query reads this many times more: a flapping provider has a row per change within the window, and
 * a query per 8 of them cost about twice the rows themselves. */
const HISTORY_PAGE_GROWTH = 4;

export interface PollRepository {
  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE: no lock upgrade can fail half way). */
  transaction<T>(fn: () => T): T;
  /**
   * A poll that repeats the previous one moves the provider row's counters, in one guarded UPDATE: an ok poll, or a
   * failure like the previous poll's that does not take the provider down. Undefined (nothing written) when the
   * stored state says the poll needs the full recorder.
   */
  recordUnchanged(attempt: UnchangedAttempt): UnchangedResult | undefined;
  /** The same, committed together with the others queued in the same event-loop turn. */
  recordUnchangedGrouped(attempt: UnchangedAttempt): Promise<UnchangedResult | undefined>;
  /**
   * Runs `write` in the transaction the writes queued in this event-loop turn share, in a savepoint of its own: a
   * write that throws is rolled back alone and rejects its own promise only. Settles once the group has committed.
   */
  writeGrouped<T>(write: () => T): Promise<T>;
  loadState(providerId: number, now: number, settings: RecorderSettings): ProviderPollState | undefined;
  apply(plan: PollPlan, nextDueAt: number | undefined): AppliedPoll;
}

interface ProviderUpdateColumns {
  id: number;
  status: string;
  consecutive_failures: number;
  consecutive_successes: number;
  last_poll_at: number;
  last_success_at: number | null;
  last_verdict_at: number | null;
  key_count: number | null;
  open_errors: number;
  open_warnings: number;
  open_infos: number;
  last_rotation_at: number | null;
  latest_snapshot_id: number | null;
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
  latest_run_id: number;
  run_outcome: string;
  run_signature: string;
  run_last_at: number;
  run_poll_count: number;
  next_due_at: number | null;
}

/** A provider_snapshots row as the recorder reads it. */
type PsRow = Omit<HistoryRow, 'provider_id' | 'hash' | 'key_count'>;

type IncidentStateRow = Pick<
  IncidentDbRow,
  | 'id'
  | 'rule_id'
  | 'subject'
  | 'severity'
  | 'message'
  | 'pointer'
  | 'kid'
  | 'thumbprint'
  | 'silenced'
  | 'seen_in_latest'
  | 'last_seen_at'
>;

/** id, snapshot_id, last_seen_at, discovery_issuer, discovery_jwks_uri of a provider_snapshots row. */
type RecentRow = [number, number, number, string | null, string | null];

interface SnapshotFacts {
  readonly hash: string;
  readonly keys: KeyView[];
}

/** A write queued for the turn's shared transaction. */
interface QueuedWrite {
  readonly write: () => unknown;
  /** Off for a write of one statement, which SQLite undoes by itself when it fails. */
  readonly inSavepoint: boolean;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

type WriteOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

interface ReturnedRun {
  run_id: number;
  status: string;
}

export function createPollRepository(db: Db): PollRepository {
  const snapshotCache = new LruCache<number, SnapshotFacts>(SNAPSHOT_CACHE_ENTRIES);
  const snapshotIdCache = new LruCache<string, number>(SNAPSHOT_CACHE_ENTRIES);

  // The unchanged-poll statements: the WHERE clause is the whole test of "this poll repeats the last one", so the
  // check and the write are one atomic statement. Setting next_due_at rewrites its index entry (about as costly as
  // the rest), hence variants with and without it; a 304 repeats only some validators, hence its own variant.
  // Plain positional parameters (repeated where a value is used twice): binding by name costs measurably here.
  const okSet = `UPDATE providers SET last_poll_at = ?, last_success_at = ?, last_verdict_at = ?,
       consecutive_successes = consecutive_successes + 1, consecutive_failures = 0,
       obs_last_seen_at = ?, obs_poll_count = obs_poll_count + 1, run_last_at = ?, run_poll_count = run_poll_count + 1`;
  const okWhere = `WHERE id = ? AND run_outcome = 'ok' AND status IN ('up', 'degraded', 'failing') AND obs_confirmed = 1
       AND latest_run_id IS NOT NULL AND (history_recheck_at IS NULL OR history_recheck_at > ?)
       AND engine_findings_sig = ?`;
  const sameBytes = 'AND obs_raw_sha = ? AND obs_etag IS ? AND obs_last_modified IS ? AND obs_cache_control IS ?';
  const notModified = `AND obs_raw_sha IS NOT NULL AND (? IS NULL OR obs_etag = ?)
       AND (? IS NULL OR obs_last_modified = ?) AND (? IS NULL OR obs_cache_control = ?)`;
  const returning = 'RETURNING latest_run_id AS run_id, status';
  const unchangedOk = db.prepare<unknown[], ReturnedRun>(`${okSet} ${okWhere} ${sameBytes} ${returning}`);
  const unchangedOkDue = db.prepare<unknown[], ReturnedRun>(
    `${okSet}, next_due_at = ? ${okWhere} ${sameBytes} ${returning}`,
  );
  const unchanged304 = db.prepare<unknown[], ReturnedRun>(`${okSet} ${okWhere} ${notModified} ${returning}`);
  const unchanged304Due = db.prepare<unknown[], ReturnedRun>(
    `${okSet}, next_due_at = ? ${okWhere} ${notModified} ${returning}`,
  );
  const failureSet = `UPDATE providers SET last_poll_at = @now, consecutive_failures = consecutive_failures + 1,
       consecutive_successes = 0, run_last_at = @now, run_poll_count = run_poll_count + 1`;
  const failureWhere = `WHERE id = @id AND run_outcome = @outcome AND latest_run_id IS NOT NULL
       AND (status = 'down' OR consecutive_failures + 1 < @downAfter)
       AND (history_recheck_at IS NULL OR history_recheck_at > @now)`;
  type FailureParams = { now: number; id: number; outcome: string; downAfter: number; due?: number };
  const unchangedFailure = db.prepare<FailureParams, ReturnedRun>(`${failureSet} ${failureWhere} ${returning}`);
  const unchangedFailureDue = db.prepare<FailureParams, ReturnedRun>(
    `${failureSet}, next_due_at = @due ${failureWhere} ${returning}`,
  );

  const providerRow = db.prepare<[number], ProviderRow & RecorderRow & { history_since_at: number | null }>(
    'SELECT * FROM providers WHERE id = ?',
  );
  // History rows without their snapshot: hash and key views are immutable per snapshot id, so they are cached.
  const PS_COLUMNS = `id, snapshot_id, first_seen_at, last_seen_at, poll_count, confirmed_at, etag, last_modified, cache_control,
    discovery_issuer, discovery_jwks_uri`;
  const historyById = db.prepare<[number], PsRow>(`SELECT ${PS_COLUMNS} FROM provider_snapshots WHERE id = ?`);
  // Rows first seen before history_since_at (the provider's URL was changed since) are not compared with.
  const historyBefore = db.prepare<[number, number, number], PsRow>(
    `SELECT ${PS_COLUMNS} FROM provider_snapshots WHERE provider_id = ? AND id < ? AND first_seen_at >= ?
     ORDER BY id DESC LIMIT 1`,
  );
  // The flap window's rows, as arrays of the five columns flapping and leaks are judged on: a flapping provider has a
  // row per change (with 93 in its window, its state loaded in 0.73 ms from whole rows as objects, 0.28 ms so).
  const historyRecent = db
    .prepare<[number, number, number, number], RecentRow>(
      `SELECT id, snapshot_id, last_seen_at, discovery_issuer, discovery_jwks_uri FROM provider_snapshots
       WHERE provider_id = ? AND id < ? AND first_seen_at >= ? ORDER BY id DESC LIMIT ?`,
    )
    .raw();
  const snapshotFacts = db.prepare<[number], { hash: string; keys: string }>(
    'SELECT hash, keys FROM snapshots WHERE id = ?',
  );
  const inventory = db.prepare<
    [number, number],
    Pick<KeyRow, 'id' | 'key_id' | 'kid' | 'first_seen_at' | 'last_seen_at' | 'removed_at'>
  >(
    `SELECT id, key_id, kid, first_seen_at, last_seen_at, removed_at FROM keys
     WHERE provider_id = ? AND (removed_at IS NULL OR removed_at > ?)`,
  );
  // Open incidents through the partial index of open ones: resolved incidents are kept for good, and SQLite's own
  // choice (incidents_by_provider, even after ANALYZE) reads every one a provider ever had, on every changed poll.
  const openIncidents = db.prepare<[number], IncidentStateRow>(
    `SELECT id, rule_id, subject, severity, message, pointer, kid, thumbprint, silenced, seen_in_latest, last_seen_at
     FROM incidents INDEXED BY incidents_open WHERE provider_id = ? AND resolved_at IS NULL`,
  );

  const flushHistory = db.prepare<[number, number, string | null, string | null, string | null, number]>(
    'UPDATE provider_snapshots SET last_seen_at = ?, poll_count = ?, etag = ?, last_modified = ?, cache_control = ? WHERE id = ?',
  );
  const flushRun = db.prepare<[number, number, number]>('UPDATE runs SET last_at = ?, poll_count = ? WHERE id = ?');
  const flushIncidents = db.prepare<{ at: number; provider: number }>(
    `UPDATE incidents INDEXED BY incidents_open SET last_seen_at = @at
     WHERE provider_id = @provider AND resolved_at IS NULL AND seen_in_latest = 1 AND last_seen_at < @at`,
  );
  const flushKeys = db.prepare<{ at: number; provider: number }>(
    'UPDATE keys SET last_seen_at = @at WHERE provider_id = @provider AND removed_at IS NULL AND last_seen_at < @at',
  );
  const insertSnapshot = db.prepare<[string, string, string, number, number, number]>(
    `INSERT INTO snapshots (hash, document, keys, key_count, private_member_count, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (hash) DO NOTHING`,
  );
  const snapshotIdByHash = db.prepare<[string], { id: number }>('SELECT id FROM snapshots WHERE hash = ?');
  const extendHistory = db.prepare<
    [number, number, string | null, string | null, string | null, number | null, number]
  >(
    `UPDATE provider_snapshots SET last_seen_at = ?, poll_count = ?, etag = ?, last_modified = ?, cache_control = ?,
       confirmed_at = coalesce(confirmed_at, ?) WHERE id = ?`,
  );
  const insertHistory = db.prepare<
    [
      number,
      number,
      number,
      number,
      number | null,
      string | null,
      string | null,
      string | null,
      string | null,
      string | null,
    ]
  >(
    `INSERT INTO provider_snapshots (provider_id, snapshot_id, first_seen_at, last_seen_at, poll_count, confirmed_at, etag,
       last_modified, cache_control, discovery_issuer, discovery_jwks_uri)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
  );
  const insertKey = db.prepare<
    [
      number,
      string,
      string | null,
      string | null,
      string | null,
      number | null,
      string | null,
      string | null,
      string | null,
      number,
      number,
    ]
  >(
    `INSERT INTO keys (provider_id, key_id, thumbprint, kid, kty, bits, crv, alg, use, first_seen_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const reviveKey = db.prepare<[number, number]>('UPDATE keys SET removed_at = NULL, last_seen_at = ? WHERE id = ?');
  const seeKey = db.prepare<[number, number, number]>(
    'UPDATE keys SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?',
  );
  const removeKey = db.prepare<[number, number, number]>(
    'UPDATE keys SET removed_at = ?, last_seen_at = ? WHERE id = ?',
  );
  const insertIncident = db.prepare<
    [
      number,
      string,
      string,
      string,
      string,
      string,
      string | null,
      string | null,
      string,
      string | null,
      string | null,
      string,
      number,
      number,
      number,
    ]
  >(
    `INSERT INTO incidents (provider_id, rule_id, subject, severity, document, pointer, kid, thumbprint, message, expected,
       actual, spec, silenced, seen_in_latest, opened_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const seeIncident = db.prepare<
    [string, string, string | null, string | null, string, string | null, string | null, number, number, number]
  >(
    `UPDATE incidents SET severity = ?, pointer = ?, kid = ?, thumbprint = ?, message = ?, expected = ?, actual = ?,
       silenced = ?, seen_in_latest = 1, last_seen_at = ? WHERE id = ?`,
  );
  const unseeIncident = db.prepare<[number]>(
    'UPDATE incidents SET seen_in_latest = 0 WHERE id = ? AND seen_in_latest = 1',
  );
  const resolveIncident = db.prepare<[number, number, number]>(
    'UPDATE incidents SET resolved_at = ?, last_seen_at = ?, seen_in_latest = 0 WHERE id = ?',
  );
  const extendRun = db.prepare<[number, number, number]>('UPDATE runs SET last_at = ?, poll_count = ? WHERE id = ?');
  const insertRun = db.prepare<
    [number, string, string, number | null, number, number, number, string | null, string, number, number]
  >(
    `INSERT INTO runs (provider_id, outcome, status, snapshot_id, errors, warnings, infos, error_message, signature, first_at,
       last_at, poll_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const insertEvent = db.prepare<[string, number, number, string]>(
    'INSERT INTO events (type, provider_id, created_at, payload) VALUES (?, ?, ?, ?)',
  );
  const updateProvider = db.prepare<ProviderUpdateColumns>(
    `UPDATE providers SET status = @status, consecutive_failures = @consecutive_failures,
       consecutive_successes = @consecutive_successes, last_poll_at = @last_poll_at, last_success_at = @last_success_at,
       last_verdict_at = @last_verdict_at, key_count = @key_count, open_errors = @open_errors,
       open_warnings = @open_warnings, open_infos = @open_infos, last_rotation_at = @last_rotation_at,
       latest_snapshot_id = @latest_snapshot_id, obs_history_id = @obs_history_id, obs_last_seen_at = @obs_last_seen_at,
       obs_poll_count = @obs_poll_count, obs_etag = @obs_etag, obs_last_modified = @obs_last_modified,
       obs_cache_control = @obs_cache_control, obs_raw_sha = @obs_raw_sha, obs_confirmed = @obs_confirmed,
       confirmed_history_id = @confirmed_history_id, transition_from_history_id = @transition_from_history_id,
       transition_at = @transition_at, flap_started_at = @flap_started_at, last_flap_at = @last_flap_at,
       history_recheck_at = @history_recheck_at, engine_findings_sig = @engine_findings_sig,
       latest_run_id = @latest_run_id, run_outcome = @run_outcome, run_signature = @run_signature,
       run_last_at = @run_last_at, run_poll_count = @run_poll_count, next_due_at = coalesce(@next_due_at, next_due_at)
     WHERE id = @id`,
  );

  function snapshotOf(snapshotId: number): SnapshotFacts {
    const cached = snapshotCache.get(snapshotId);
    if (cached !== undefined) return cached;
    const row = snapshotFacts.get(snapshotId);
    const facts = { hash: row?.hash ?? '', keys: parseKeyViews(row?.keys ?? '[]') };
    snapshotCache.set(snapshotId, facts);
    return facts;
  }

  function snapshotId(hash: string): number | undefined {
    const cached = snapshotIdCache.get(hash);
    if (cached !== undefined) return cached;
    const id = snapshotIdByHash.get(hash)?.id;
    if (id !== undefined) snapshotIdCache.set(hash, id);
    return id;
  }

  function toContent(row: PsRow, p: RecorderRow): StoredContent {
    const snapshot = snapshotOf(row.snapshot_id);
    return {
      historyId: row.id,
      snapshotId: row.snapshot_id,
      hash: snapshot.hash,
      keys: snapshot.keys,
      firstSeenAt: row.first_seen_at,
      ...observedFacts(row, p),
    };
  }

  function contentById(id: number | null, p: RecorderRow): StoredContent | undefined {
    if (id === null) return undefined;
    const row = historyById.get(id);
    return row === undefined ? undefined : toContent(row, p);
  }

  function resolveRef(ref: RowRef | undefined, created: number | undefined): number | null {
    if (ref === undefined) return null;
    if (ref === 'new') return created ?? null;
    return ref;
  }

  function storeEvent(providerId: number, now: number, type: string, data: unknown): StoredEvent {
    const id = Number(insertEvent.run(type, providerId, now, JSON.stringify(data)).lastInsertRowid);
    return { id, type, providerId, createdAt: now, data };
  }

  function recordUnchangedOk(poll: UnchangedOkPoll): UnchangedResult | undefined {
    const { now, providerId: id, engineFindingsSig: sig, nextDueAt } = poll;
    const etag = nul(poll.validators.etag);
    const lastModified = nul(poll.validators.lastModified);
    const cacheControl = nul(poll.validators.cacheControl);
    const set = [now, now, now, now, now];
    const due = nextDueAt === undefined ? [] : [nextDueAt];
    const where = [id, now, sig];
    const row = poll.notModified
      ? (nextDueAt === undefined ? unchanged304 : unchanged304Due).get(
          ...set,
          ...due,
          ...where,
          etag,
          etag,
          lastModified,
          lastModified,
          cacheControl,
          cacheControl,
        )
      : (nextDueAt === undefined ? unchangedOk : unchangedOkDue).get(
          ...set,
          ...due,
          ...where,
          poll.rawSha,
          etag,
          lastModified,
          cacheControl,
        );
    return row === undefined ? undefined : { runId: row.run_id, status: toStatus(row.status) };
  }

  function recordUnchangedFailure(poll: UnchangedFailurePoll): UnchangedResult | undefined {
    const params = { now: poll.now, id: poll.providerId, outcome: poll.outcome, downAfter: poll.downAfterFailures };
    const row =
      poll.nextDueAt === undefined
        ? unchangedFailure.get(params)
        : unchangedFailureDue.get({ ...params, due: poll.nextDueAt });
    return row === undefined ? undefined : { runId: row.run_id, status: toStatus(row.status) };
  }

  // Group commit: the polls that end in one event-loop turn are written in one transaction at the end of that turn
  // (setImmediate), so a commit is paid once per turn rather than once per poll, and the pages the polls share (the
  // providers', and the last page of every table a changed poll appends to) are written to the WAL once. A crash
  // loses at most the polls of the turn in flight, none of which has reported itself recorded yet.
  let queued: QueuedWrite[] = [];
  // Called inside the group's transaction, a transaction function runs in a savepoint (better-sqlite3 nests them).
  const savepoint = db.transaction((write: () => unknown) => write());
  const writeGroup = db.transaction((group: readonly QueuedWrite[]): WriteOutcome[] => {
    const outcomes: WriteOutcome[] = [];
    for (const entry of group) {
      try {
        const value = entry.inSavepoint ? savepoint(entry.write) : entry.write();
        outcomes.push({ ok: true, value });
      } catch (error) {
        // Some errors (disk full, I/O) make SQLite roll the whole transaction back: then nothing of the group stands.
        if (!db.inTransaction) throw error;
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  });
  function commitGroup(): void {
    const group = queued;
    queued = [];
    let outcomes: WriteOutcome[];
    try {
      outcomes = writeGroup.immediate(group);
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    for (let i = 0; i < group.length; i++) {
      const outcome = outcomes[i]!;
      if (outcome.ok) group[i]!.resolve(outcome.value);
      else group[i]!.reject(outcome.error);
    }
  }
  function queueWrite<T>(write: () => T, inSavepoint: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (queued.length === 0) setImmediate(commitGroup);
      queued.push({ write, inSavepoint, resolve: (value) => resolve(value as T), reject });
    });
  }
  function recordUnchanged(attempt: UnchangedAttempt): UnchangedResult | undefined {
    return attempt.kind === 'ok' ? recordUnchangedOk(attempt.poll) : recordUnchangedFailure(attempt.poll);
  }

  return {
    transaction(fn) {
      return db.transaction(fn).immediate();
    },

    recordUnchanged,
    recordUnchangedGrouped: (attempt) => queueWrite(() => recordUnchanged(attempt), false),
    writeGrouped: (write) => queueWrite(write, true),

    loadState(providerId, now, settings) {
      const p = providerRow.get(providerId);
      if (p === undefined) return undefined;
      const provider = {
        id: p.id,
        name: p.name,
        url: p.url,
        profile: toProfile(p.profile),
        intervalSeconds: p.interval_seconds,
        minKeys: opt(p.min_keys),
        maxKeys: opt(p.max_keys),
        tokenLifetimeSeconds: opt(p.token_lifetime_seconds),
        clientCacheSeconds: opt(p.client_cache_seconds),
        silencedRules: parseSilencedRules(p.silenced_rules),
      };
      // History rows newest first: rows are in time order, so those last seen within the flap window are the newest
      // ones, and reading stops at the first older row (the latest observation and the one before it are always read).
      const windowMs = flapWindowMs({ provider }, settings);
      const since = p.history_since_at ?? Number.MIN_SAFE_INTEGER;
      const recent: RecentContent[] = [];
      const newestIds: number[] = [];
      let read = 0;
      let before = Number.MAX_SAFE_INTEGER;
      let pageRows = FIRST_HISTORY_PAGE_ROWS;
      reading: while (read < RECENT_HISTORY_ROWS) {
        const limit = Math.min(pageRows, RECENT_HISTORY_ROWS - read);
        const page = historyRecent.all(providerId, before, since, limit);
        for (const [id, snapshotId, lastSeen, issuer, jwksUri] of page) {
          read++;
          if (newestIds.length < 2) newestIds.push(id);
          // The live row's last sighting is on the provider row (an unchanged poll moves only that).
          const lastSeenAt = id === p.obs_history_id ? Math.max(lastSeen, p.obs_last_seen_at ?? 0) : lastSeen;
          const within = now - lastSeenAt < windowMs;
          if (within) {
            const snapshot = snapshotOf(snapshotId);
            // A literal, not spreads: a provider rotating on every poll has up to 256 of these per changed poll.
            const row: { -readonly [K in keyof RecentContent]: RecentContent[K] } = {
              historyId: id,
              hash: snapshot.hash,
              keys: snapshot.keys,
              lastSeenAt,
            };
            if (issuer !== null) row.issuer = issuer;
            if (jwksUri !== null) row.jwksUri = jwksUri;
            recent.push(row);
          }
          if (!within && read >= 2) break reading;
          before = id;
        }
        if (page.length < limit) break;
        pageRows *= HISTORY_PAGE_GROWTH;
      }
      // The rows the planner reads whole, each read once (the observation is often the confirmed row too).
      const contents = new Map<number, StoredContent | undefined>();
      const byId = (id: number | null | undefined): StoredContent | undefined => {
        if (id === null || id === undefined) return undefined;
        if (!contents.has(id)) contents.set(id, contentById(id, p));
        return contents.get(id);
      };
      const observation = byId(p.obs_history_id);
      let previousObservation: StoredContent | undefined;
      if (observation !== undefined && newestIds[0] === observation.historyId) previousObservation = byId(newestIds[1]);
      else if (observation !== undefined) {
        const previousRow = historyBefore.get(providerId, observation.historyId, since);
        previousObservation = previousRow === undefined ? undefined : toContent(previousRow, p);
      }
      const flapStartedAt = opt(p.flap_started_at);
      const lastFlapAt = opt(p.last_flap_at);
      const runId = opt(p.latest_run_id);
      return {
        provider,
        status: toStatus(p.status),
        consecutiveFailures: p.consecutive_failures,
        consecutiveSuccesses: p.consecutive_successes,
        lastSuccessAt: opt(p.last_success_at),
        lastVerdictAt: opt(p.last_verdict_at),
        lastRotationAt: opt(p.last_rotation_at),
        obsRawSha: opt(p.obs_raw_sha),
        observation,
        previousObservation,
        confirmed: byId(p.confirmed_history_id),
        transitionFrom: byId(p.transition_from_history_id),
        transitionAt: opt(p.transition_at),
        recent,
        flap:
          flapStartedAt !== undefined && lastFlapAt !== undefined
            ? { startedAt: flapStartedAt, lastFlapAt }
            : undefined,
        inventory: inventory.all(providerId, since).map(toInventoryRow),
        openIncidents: openIncidents.all(providerId).map(toIncidentRow),
        run:
          runId === undefined
            ? undefined
            : { id: runId, signature: p.run_signature ?? '', lastAt: p.run_last_at ?? 0, pollCount: p.run_poll_count },
      };
    },

    apply(plan, nextDueAt) {
      const { providerId, now, flush } = plan;
      if (flush.observation !== undefined) {
        const { validators: v } = flush.observation;
        flushHistory.run(
          flush.observation.lastSeenAt,
          flush.observation.pollCount,
          nul(v.etag),
          nul(v.lastModified),
          nul(v.cacheControl),
          flush.observation.historyId,
        );
      }
      if (flush.run !== undefined) flushRun.run(flush.run.lastAt, flush.run.pollCount, flush.run.runId);
      if (flush.incidentsSeenAt !== undefined) flushIncidents.run({ at: flush.incidentsSeenAt, provider: providerId });
      if (flush.currentKeysSeenAt !== undefined) flushKeys.run({ at: flush.currentKeysSeenAt, provider: providerId });

      let createdSnapshotId: number | undefined;
      if (plan.snapshot !== undefined) {
        const s = plan.snapshot;
        if (snapshotId(s.hash) === undefined) {
          insertSnapshot.run(s.hash, s.document, JSON.stringify(s.keys), s.keyCount, s.privateMemberCount, now);
        }
        createdSnapshotId = snapshotId(s.hash);
      }

      let createdHistoryId: number | undefined;
      const { history } = plan;
      if (history.kind === 'extend') {
        const v = history.validators;
        extendHistory.run(
          history.lastSeenAt,
          history.pollCount,
          nul(v.etag),
          nul(v.lastModified),
          nul(v.cacheControl),
          nul(history.confirmedAt),
          history.historyId,
        );
      } else if (history.kind === 'start') {
        const { row } = history;
        const sid = snapshotId(row.snapshotHash);
        if (sid === undefined)
          throw new TypeError(`snapshot ${row.snapshotHash} was not stored before its history row`);
        const v = row.validators;
        createdHistoryId = Number(
          insertHistory.run(
            providerId,
            sid,
            row.firstSeenAt,
            row.firstSeenAt,
            nul(row.confirmedAt),
            nul(v.etag),
            nul(v.lastModified),
            nul(v.cacheControl),
            nul(row.issuer),
            nul(row.jwksUri),
          ).lastInsertRowid,
        );
      }

      for (const { key, firstSeenAt } of plan.inventory.add) {
        insertKey.run(
          providerId,
          key.id,
          nul(key.thumbprint),
          nul(key.kid),
          nul(key.kty),
          nul(key.bits),
          nul(key.crv),
          nul(key.alg),
          nul(key.use),
          firstSeenAt,
          now,
        );
      }
      for (const r of plan.inventory.revive) reviveKey.run(r.lastSeenAt, r.rowId);
      for (const r of plan.inventory.remove) removeKey.run(r.removedAt, r.lastSeenAt, r.rowId);
      const seen = plan.inventory.seen;
      if (seen !== undefined) for (const rowId of seen.rowIds) seeKey.run(seen.lastSeenAt, rowId, seen.lastSeenAt);

      for (const { finding: f, subject, silenced } of plan.incidents.open) {
        insertIncident.run(
          providerId,
          f.ruleId,
          subject,
          f.severity,
          f.document,
          f.pointer,
          nul(f.kid),
          nul(f.thumbprint),
          f.message,
          nul(f.expected),
          nul(f.actual),
          f.spec,
          silenced ? 1 : 0,
          now,
          now,
        );
      }
      for (const { id, finding: f, silenced } of plan.incidents.seen) {
        seeIncident.run(
          f.severity,
          f.pointer,
          nul(f.kid),
          nul(f.thumbprint),
          f.message,
          nul(f.expected),
          nul(f.actual),
          silenced ? 1 : 0,
          now,
          id,
        );
      }
      for (const id of plan.incidents.unseen) unseeIncident.run(id);
      for (const r of plan.incidents.resolve) resolveIncident.run(now, r.lastSeenAt, r.id);

      let runId: number;
      if (plan.run.kind === 'extend') {
        runId = plan.run.runId;
        extendRun.run(now, plan.provider.runPollCount, runId);
      } else {
        const r = plan.run.row;
        const runSnapshotId = r.snapshotHash === undefined ? undefined : snapshotId(r.snapshotHash);
        runId = Number(
          insertRun.run(
            providerId,
            r.outcome,
            r.status,
            nul(runSnapshotId),
            r.errors,
            r.warnings,
            r.infos,
            nul(r.errorMessage),
            r.signature,
            now,
            now,
          ).lastInsertRowid,
        );
      }

      const s = plan.provider;
      const v = s.obsValidators;
      updateProvider.run({
        id: providerId,
        status: s.status,
        consecutive_failures: s.consecutiveFailures,
        consecutive_successes: s.consecutiveSuccesses,
        last_poll_at: s.lastPollAt,
        last_success_at: nul(s.lastSuccessAt),
        last_verdict_at: nul(s.lastVerdictAt),
        key_count: nul(s.keyCount),
        open_errors: s.openErrors,
        open_warnings: s.openWarnings,
        open_infos: s.openInfos,
        last_rotation_at: nul(s.lastRotationAt),
        latest_snapshot_id: s.latestSnapshotHash === undefined ? null : nul(snapshotId(s.latestSnapshotHash)),
        obs_history_id: resolveRef(s.obsHistory, createdHistoryId),
        obs_last_seen_at: nul(s.obsLastSeenAt),
        obs_poll_count: s.obsPollCount,
        obs_etag: nul(v.etag),
        obs_last_modified: nul(v.lastModified),
        obs_cache_control: nul(v.cacheControl),
        obs_raw_sha: nul(s.obsRawSha),
        obs_confirmed: s.obsConfirmed ? 1 : 0,
        confirmed_history_id: resolveRef(s.confirmedHistory, createdHistoryId),
        transition_from_history_id: nul(s.transitionFromHistory),
        transition_at: nul(s.transitionAt),
        flap_started_at: nul(s.flapStartedAt),
        last_flap_at: nul(s.lastFlapAt),
        history_recheck_at: nul(s.historyRecheckAt),
        engine_findings_sig: nul(s.engineFindingsSig),
        latest_run_id: runId,
        run_outcome: s.runOutcome,
        run_signature: s.runSignature,
        run_last_at: s.runLastAt,
        run_poll_count: s.runPollCount,
        next_due_at: nul(nextDueAt),
      });

      const events = plan.events.map((planned) => {
        const event = withSnapshotIds(planned, snapshotId);
        return storeEvent(providerId, now, event.type, event.data);
      });
      return {
        runId,
        historyId: createdHistoryId ?? (history.kind === 'extend' ? history.historyId : undefined),
        snapshotId: createdSnapshotId,
        events,
      };
    },
  };
}

function toInventoryRow(
  row: Pick<KeyRow, 'id' | 'key_id' | 'kid' | 'first_seen_at' | 'last_seen_at' | 'removed_at'>,
): InventoryRow {
  const kid = opt(row.kid);
  const removedAt = opt(row.removed_at);
  return {
    rowId: row.id,
    id: row.key_id,
    ...(kid !== undefined && { kid }),
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    ...(removedAt !== undefined && { removedAt }),
  };
}

function toIncidentRow(row: IncidentStateRow): IncidentRow {
  const kid = opt(row.kid);
  const thumbprint = opt(row.thumbprint);
  return {
    id: row.id,
    ruleId: row.rule_id,
    subject: row.subject,
    severity: toSeverity(row.severity),
    message: row.message,
    pointer: row.pointer,
    ...(kid !== undefined && { kid }),
    ...(thumbprint !== undefined && { thumbprint }),
    silenced: row.silenced === 1,
    seenInLatest: row.seen_in_latest === 1,
    lastSeenAt: row.last_seen_at,
  };
}
