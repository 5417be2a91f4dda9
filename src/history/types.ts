/**
 * The history domain: what the poll recorder knows about a provider before a poll (loaded by src/store), what one
 * poll brings, and the plan of writes and change events the pure planner derives from both.
 */
import type { Finding, Profile, Severity } from '../checks/types.js';
import type { ErrorCode } from '../errors.js';
import type { KeyView } from '../jwks/diff.js';
import type { HistoryContent, InventoryKey } from '../checks/history/types.js';
import type { ChangeEvent } from './events.js';

/** 'ok' when the documents were fetched (their verdict may still be bad), else the fetch error's code. */
export type PollOutcome = 'ok' | ErrorCode;

export const PROVIDER_STATUSES = ['pending', 'up', 'degraded', 'failing', 'down'] as const;
/**
 * `pending`: no verdict yet; `up` / `degraded` / `failing`: the latest verdict has no finding, warnings, errors;
 * `down`: unreachable for `downAfterFailures` polls in a row, until `upAfterSuccesses` good ones.
 */
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

export interface SilencedRule {
  readonly ruleId: string;
  readonly reason: string;
}

/** Recorder policy; per-provider values (token lifetime, cache window) come from the provider row. */
export interface RecorderSettings {
  /** Polls in a row that must show a new content before it counts as a change (1 = no debounce). */
  readonly confirmPolls: number;
  readonly downAfterFailures: number;
  readonly upAfterSuccesses: number;
  readonly keyAgeMaxDays: number;
  /** Flap window floor; the window is at least `flapWindowIntervals` poll intervals. */
  readonly flapWindowSeconds: number;
  readonly flapWindowIntervals: number;
  readonly defaultTokenLifetimeSeconds: number;
  readonly defaultClientCacheSeconds: number;
}

export const DEFAULT_RECORDER_SETTINGS: RecorderSettings = {
  confirmPolls: 2,
  downAfterFailures: 3,
  upAfterSuccesses: 2,
  keyAgeMaxDays: 180,
  flapWindowSeconds: 60 * 60,
  flapWindowIntervals: 3,
  // catalogue defaults for rotation.too-fast: 1 h tokens, the 10 min jose / jwks-rsa cache.
  defaultTokenLifetimeSeconds: 60 * 60,
  defaultClientCacheSeconds: 10 * 60,
};

/** The provider settings the recorder reads. */
export interface RecorderProvider {
  readonly id: number;
  readonly name: string;
  readonly url: string;
  readonly profile: Profile;
  readonly intervalSeconds: number;
  readonly minKeys: number | undefined;
  readonly maxKeys: number | undefined;
  readonly tokenLifetimeSeconds: number | undefined;
  readonly clientCacheSeconds: number | undefined;
  readonly silencedRules: readonly SilencedRule[];
}

/** A row of a provider's history (one run of consecutive polls that saw one content), with its snapshot. */
export interface StoredContent extends HistoryContent {
  readonly historyId: number;
  readonly snapshotId: number;
  readonly pollCount: number;
  readonly cacheControl?: string;
  /** When this row's content became the confirmed content; absent for a transient (never confirmed). */
  readonly confirmedAt?: number;
}

/** A history row within the flap window: which content it held and when it was last seen. */
export type RecentContent = Pick<StoredContent, 'historyId' | 'hash' | 'keys' | 'issuer' | 'jwksUri' | 'lastSeenAt'>;

export interface InventoryRow extends InventoryKey {
  readonly rowId: number;
}

export interface IncidentRow {
  readonly id: number;
  readonly ruleId: string;
  readonly subject: string;
  readonly severity: Severity;
  readonly message: string;
  readonly pointer: string;
  readonly kid?: string;
  readonly thumbprint?: string;
  readonly silenced: boolean;
  /** Seen by the latest verdict (its last_seen_at then moves with the provider's last verdict). */
  readonly seenInLatest: boolean;
  readonly lastSeenAt: number;
}

/** Everything the planner needs about a provider before a poll; hot values already merged into the rows. */
export interface ProviderPollState {
  readonly provider: RecorderProvider;
  readonly status: ProviderStatus;
  readonly consecutiveFailures: number;
  readonly consecutiveSuccesses: number;
  readonly lastSuccessAt: number | undefined;
  /** The last poll that produced findings (a report), i.e. when the open incidents were last judged. */
  readonly lastVerdictAt: number | undefined;
  readonly lastRotationAt: number | undefined;
  /** Raw-bytes identity of the latest observation (fast-path key). */
  readonly obsRawSha: string | undefined;
  /** The latest observation row, and the one before it. */
  readonly observation: StoredContent | undefined;
  readonly previousObservation: StoredContent | undefined;
  /** The latest row holding the confirmed content. */
  readonly confirmed: StoredContent | undefined;
  /** The confirmed content before the latest confirmed change, and when that change happened. */
  readonly transitionFrom: StoredContent | undefined;
  readonly transitionAt: number | undefined;
  /** Rows last seen within the flap window (newest first), as far as flapping and leaks are judged on them. */
  readonly recent: readonly RecentContent[];
  readonly flap: { readonly startedAt: number; readonly lastFlapAt: number } | undefined;
  readonly inventory: readonly InventoryRow[];
  readonly openIncidents: readonly IncidentRow[];
  readonly run:
    | { readonly id: number; readonly signature: string; readonly lastAt: number; readonly pollCount: number }
    | undefined;
}

/** What one poll saw of the JWKS content, redacted, ready to store. */
export interface Observation {
  readonly hash: string;
  /** The redacted document as JSON text (key order as first seen). */
  readonly document: string;
  readonly keys: readonly KeyView[];
  readonly keyCount: number;
  readonly privateMemberCount: number;
  /** Private values removed by redaction, only to scrub free text before storing; never stored. */
  readonly removedValues: readonly string[];
  /** Discovery facts; undefined when the poll did not read a discovery document (carried from before). */
  readonly discovery: { readonly issuer?: string; readonly jwksUri?: string } | undefined;
}

export interface Validators {
  readonly etag?: string;
  readonly lastModified?: string;
  readonly cacheControl?: string;
}

/** One poll, as the planner takes it. */
export interface PollFacts {
  readonly now: number;
  readonly outcome: PollOutcome;
  readonly errorMessage?: string;
  /** Engine findings of this poll (absent when nothing was read). */
  readonly findings: readonly Finding[] | undefined;
  /** Rules the engine did not evaluate: their open incidents are carried, not resolved. */
  readonly skippedRules: readonly string[];
  /** Content seen this poll; undefined when no JWKS was read (nor a 304 for the known one). */
  readonly observation: Observation | 'not-modified' | undefined;
  readonly validators: Validators;
  /** Identity of the raw bytes read (fast-path key). */
  readonly rawSha: string | undefined;
}

export interface NewSnapshot {
  readonly hash: string;
  readonly document: string;
  readonly keys: readonly KeyView[];
  readonly keyCount: number;
  readonly privateMemberCount: number;
}

export interface NewHistoryRow {
  readonly snapshotHash: string;
  readonly firstSeenAt: number;
  readonly confirmedAt: number | undefined;
  readonly validators: Validators;
  readonly issuer: string | undefined;
  readonly jwksUri: string | undefined;
}

export interface NewInventoryKey {
  readonly key: KeyView;
  readonly firstSeenAt: number;
}

export interface NewIncident {
  readonly finding: Finding;
  readonly subject: string;
  readonly silenced: boolean;
}

export interface NewRun {
  readonly outcome: PollOutcome;
  readonly status: ProviderStatus;
  readonly snapshotHash: string | undefined;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly signature: string;
  readonly errorMessage: string | undefined;
}

/** A pointer to a row the plan creates, or an existing row id. */
export type RowRef = 'new' | number;

/** Every write of one poll, decided without SQL. */
export interface PollPlan {
  readonly providerId: number;
  readonly now: number;
  readonly fast: false;
  /** Make the detail rows exact up to the previous poll (the fast path only moves the provider's hot columns). */
  readonly flush: {
    readonly observation?: {
      readonly historyId: number;
      readonly lastSeenAt: number;
      readonly pollCount: number;
      readonly validators: Validators;
    };
    readonly run?: { readonly runId: number; readonly lastAt: number; readonly pollCount: number };
    /** Last seen of the incidents the previous verdict saw. */
    readonly incidentsSeenAt?: number;
    /** Last seen of the current keys (when the confirmed content was observed). */
    readonly currentKeysSeenAt?: number;
  };
  readonly snapshot: NewSnapshot | undefined;
  /** Extend the latest history row, start a new one, or leave history alone (nothing read). */
  readonly history:
    | {
        readonly kind: 'extend';
        readonly historyId: number;
        readonly lastSeenAt: number;
        readonly pollCount: number;
        readonly validators: Validators;
        readonly confirmedAt: number | undefined;
      }
    | { readonly kind: 'start'; readonly row: NewHistoryRow }
    | { readonly kind: 'none' };
  readonly inventory: {
    readonly add: readonly NewInventoryKey[];
    readonly revive: readonly { readonly rowId: number; readonly lastSeenAt: number }[];
    readonly remove: readonly { readonly rowId: number; readonly removedAt: number; readonly lastSeenAt: number }[];
    /** Current keys that an unconfirmed content served this poll. */
    readonly seen: { readonly rowIds: readonly number[]; readonly lastSeenAt: number } | undefined;
  };
  readonly incidents: {
    readonly open: readonly NewIncident[];
    readonly seen: readonly { readonly id: number; readonly finding: Finding; readonly silenced: boolean }[];
    readonly unseen: readonly number[];
    readonly resolve: readonly { readonly id: number; readonly lastSeenAt: number }[];
  };
  readonly run: { readonly kind: 'extend'; readonly runId: number } | { readonly kind: 'start'; readonly row: NewRun };
  readonly provider: ProviderStateUpdate;
  readonly events: readonly ChangeEvent[];
  /** Findings of the history rules this poll (stored as incidents like the engine's). */
  readonly historyFindings: readonly Finding[];
}

/** The provider's denormalised latest state after the poll. */
export interface ProviderStateUpdate {
  readonly status: ProviderStatus;
  readonly consecutiveFailures: number;
  readonly consecutiveSuccesses: number;
  readonly lastPollAt: number;
  readonly lastSuccessAt: number | undefined;
  readonly lastVerdictAt: number | undefined;
  readonly keyCount: number | undefined;
  readonly openErrors: number;
  readonly openWarnings: number;
  readonly openInfos: number;
  readonly lastRotationAt: number | undefined;
  readonly latestSnapshotHash: string | undefined;
  readonly obsHistory: RowRef | undefined;
  readonly obsLastSeenAt: number | undefined;
  readonly obsPollCount: number;
  readonly obsValidators: Validators;
  readonly obsRawSha: string | undefined;
  readonly obsConfirmed: boolean;
  readonly confirmedHistory: RowRef | undefined;
  readonly transitionFromHistory: number | undefined;
  readonly transitionAt: number | undefined;
  readonly flapStartedAt: number | undefined;
  readonly lastFlapAt: number | undefined;
  readonly historyRecheckAt: number | undefined;
  readonly engineFindingsSig: string | undefined;
  readonly runOutcome: PollOutcome;
  readonly runSignature: string;
  readonly runLastAt: number;
  readonly runPollCount: number;
}

/** An ok poll, reduced to what decides whether it repeats the previous one. */
export interface UnchangedOkPoll {
  readonly providerId: number;
  readonly now: number;
  readonly nextDueAt: number | undefined;
  /** Raw-bytes identity of the documents read; ignored for a 304. */
  readonly rawSha: string;
  /** A 304 for the JWKS: the stored content stands, and the validators it repeats must match. */
  readonly notModified: boolean;
  readonly validators: Validators;
  readonly engineFindingsSig: string;
}

export interface UnchangedFailurePoll {
  readonly providerId: number;
  readonly now: number;
  readonly nextDueAt: number | undefined;
  readonly outcome: PollOutcome;
  readonly downAfterFailures: number;
}

/** A change event as stored, with its monotonic id. */
export interface StoredEvent {
  readonly id: number;
  readonly type: string;
  readonly providerId: number | undefined;
  readonly createdAt: number;
  readonly data: unknown;
}

/** What applying a plan created. */
export interface AppliedPoll {
  readonly runId: number;
  readonly historyId: number | undefined;
  readonly snapshotId: number | undefined;
  readonly events: readonly StoredEvent[];
}
