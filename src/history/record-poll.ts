/**
 * Records one poll of one provider, in one transaction: snapshot (if new), history row, key inventory, incidents,
 * collapsed run, the provider's latest state, and change events.
 *
 * Most polls change nothing. Such a poll is recorded by one guarded UPDATE of the provider row (a single statement
 * is its own transaction): it applies only when the stored state shows the same raw bytes, validators and finding
 * set, a confirmed content, an ok run, and no history rule due to change its verdict with time. Every other poll
 * goes through the pure planner (plan-poll.ts) and the store applies the plan in one transaction.
 */
import type { CheckReport } from '../checks/report.js';
import type { Finding } from '../checks/types.js';
import { AppError } from '../errors.js';
import type { FetchResult } from '../fetch/types.js';
import { findingsSignature } from './findings.js';
import { observe, rawShaOf, validatorsOf } from './observe.js';
import { planPoll } from './plan-poll.js';
import {
  DEFAULT_RECORDER_SETTINGS,
  type AppliedPoll,
  type PollFacts,
  type PollOutcome,
  type PollPlan,
  type ProviderPollState,
  type ProviderStatus,
  type RecorderSettings,
  type StoredEvent,
  type UnchangedFailurePoll,
  type UnchangedOkPoll,
} from './types.js';

export interface RecordPollInput {
  readonly provider: { readonly id: number };
  /** 'ok' when the documents were read (the verdict may still be bad), else the fetch error's code. */
  readonly outcome: PollOutcome;
  /** The engine's report; absent when nothing could be read. */
  readonly report?: CheckReport;
  /** The JWKS fetch: validators (ETag, Last-Modified, Cache-Control) and whether it was a 304. */
  readonly fetch?: Pick<FetchResult, 'headers' | 'notModified'>;
  readonly errorMessage?: string;
  /** The injected clock's time, epoch milliseconds. */
  readonly now: number;
  /** The scheduler's next due time, written in the same statement or transaction. */
  readonly nextDueAt?: number;
}

export interface RecordPollResult {
  /** 'unchanged': only the provider's counters moved; 'recorded': the poll went through the planner. */
  readonly path: 'unchanged' | 'recorded';
  readonly runId: number;
  readonly status: ProviderStatus;
  readonly events: readonly StoredEvent[];
  /** Findings of the history rules (on the 'recorded' path; an unchanged poll keeps the open incidents as they are). */
  readonly historyFindings: readonly Finding[] | undefined;
}

/** What an unchanged poll's guarded update reports. */
export interface UnchangedResult {
  readonly runId: number;
  readonly status: ProviderStatus;
}

/** The store operations the recorder needs (src/store/poll-repository.ts). */
export interface PollStore {
  transaction<T>(fn: () => T): T;
  /**
   * Records a poll that repeats the previous one (one guarded UPDATE): an ok poll, or a failure like the previous
   * poll's that does not take the provider down; undefined when it does not.
   */
  recordUnchanged(attempt: UnchangedAttempt): UnchangedResult | undefined;
  loadState(providerId: number, now: number, settings: RecorderSettings): ProviderPollState | undefined;
  apply(plan: PollPlan, nextDueAt: number | undefined): AppliedPoll;
}

export interface RecordPollOptions {
  readonly settings?: RecorderSettings;
  /** false: every poll goes through the planner (tests prove both paths store the same). */
  readonly fastPath?: boolean;
}

/** What the fast path tries first: a poll that may repeat the previous one, or undefined for the full recorder. */
export type UnchangedAttempt =
  | { readonly kind: 'ok'; readonly poll: UnchangedOkPoll }
  | { readonly kind: 'failure'; readonly poll: UnchangedFailurePoll };

/**
 * Store operations for polls recorded from many concurrent probes: each poll's write is queued and committed with
 * the others that finish in the same event-loop turn (one transaction instead of one per poll); the promise
 * settles once that transaction has committed.
 */
export interface GroupedPollStore extends PollStore {
  recordUnchangedGrouped(attempt: UnchangedAttempt): Promise<UnchangedResult | undefined>;
  /** Runs `write` in the turn's shared transaction, in a savepoint of its own (a write that throws is undone alone). */
  writeGrouped<T>(write: () => T): Promise<T>;
}

/** Records one poll synchronously: the fast path's guarded update commits on its own. */
export function recordPoll(
  store: PollStore,
  input: RecordPollInput,
  options: RecordPollOptions = {},
): RecordPollResult {
  const settings = options.settings ?? DEFAULT_RECORDER_SETTINGS;
  const attempt = options.fastPath === false ? undefined : unchangedAttemptOf(input, settings);
  if (attempt !== undefined) {
    const unchanged = store.recordUnchanged(attempt);
    if (unchanged !== undefined) return unchangedResult(unchanged);
  }
  return recordFully(store, input, settings);
}

/**
 * The two ways a poll is written, as the poll path sees them: the unchanged-poll update (grouped with others into
 * one commit) and the full recorder. On the main thread they are the store's; in a poll worker they are calls to
 * the main thread, which keeps the only write connection.
 */
export interface PollRecorder {
  /** The unchanged-poll update; undefined (nothing written) when the poll needs the full recorder. */
  recordUnchanged(attempt: UnchangedAttempt): Promise<UnchangedResult | undefined>;
  recordFully(input: RecordPollInput): Promise<RecordPollResult>;
}

/** The store's recorder: the polls that end in one event-loop turn share a commit, each in full or unchanged. */
export function groupedRecorder(store: GroupedPollStore, settings: RecorderSettings): PollRecorder {
  return {
    recordUnchanged: (attempt) => store.recordUnchangedGrouped(attempt),
    recordFully: (input) => store.writeGrouped(() => planAndApply(store, input, settings)),
  };
}

/**
 * Records one poll through `recorder`: the unchanged-poll update when the poll may repeat the last, else in full.
 * `fullInput` gives what the full recorder gets, when it comes to that: the poll path may have to fetch the
 * documents again first (a 304 judged without its bytes, src/probe/run-probe.ts).
 */
export async function recordPollWith(
  recorder: PollRecorder,
  input: RecordPollInput,
  settings: RecorderSettings,
  fullInput: () => Promise<RecordPollInput> = () => Promise.resolve(input),
): Promise<RecordPollResult> {
  const attempt = unchangedAttemptOf(input, settings);
  if (attempt !== undefined) {
    const unchanged = await recorder.recordUnchanged(attempt);
    if (unchanged !== undefined) return unchangedResult(unchanged);
  }
  return recorder.recordFully(await fullInput());
}

/** The result of a poll recorded by the unchanged-poll update. */
export function unchangedResult(unchanged: UnchangedResult): RecordPollResult {
  return {
    path: 'unchanged',
    runId: unchanged.runId,
    status: unchanged.status,
    events: [],
    historyFindings: undefined,
  };
}

/** The unchanged-poll update this poll would be, if it can repeat the previous one at all. */
export function unchangedAttemptOf(input: RecordPollInput, settings: RecorderSettings): UnchangedAttempt | undefined {
  const { report, now, nextDueAt } = input;
  const providerId = input.provider.id;
  if (input.outcome === 'ok' && report !== undefined) {
    const rawSha = rawShaOf(report);
    const notModified = isNotModified(input);
    if (rawSha === undefined && !notModified) return undefined;
    return {
      kind: 'ok',
      poll: {
        providerId,
        now,
        nextDueAt,
        rawSha: rawSha ?? '',
        notModified,
        validators: validatorsOf(input.fetch),
        engineFindingsSig: findingsSignature(report.findings),
      },
    };
  }
  if (input.outcome !== 'ok' && report === undefined) {
    return {
      kind: 'failure',
      poll: { providerId, now, nextDueAt, outcome: input.outcome, downAfterFailures: settings.downAfterFailures },
    };
  }
  return undefined;
}

function isNotModified(input: RecordPollInput): boolean {
  return input.fetch?.notModified === true && input.report?.jwksParsed !== true;
}

/** Every poll that is not a repeat: the pure planner decides, the store applies the plan in one transaction. */
export function recordFully(store: PollStore, input: RecordPollInput, settings: RecorderSettings): RecordPollResult {
  return store.transaction(() => planAndApply(store, input, settings));
}

/** recordFully's work, inside a transaction the caller holds. */
function planAndApply(store: PollStore, input: RecordPollInput, settings: RecorderSettings): RecordPollResult {
  const providerId = input.provider.id;
  const { now, report } = input;
  const validators = validatorsOf(input.fetch);
  const notModified = isNotModified(input);
  const rawSha = rawShaOf(report);
  const state = store.loadState(providerId, now, settings);
  if (state === undefined)
    throw new AppError('PROVIDER_NOT_FOUND', `provider ${providerId} not found`, { details: { id: providerId } });
  const facts: PollFacts = {
    now,
    outcome: input.outcome,
    ...(input.errorMessage !== undefined && { errorMessage: input.errorMessage }),
    findings: report?.findings,
    skippedRules: report?.skippedRules ?? [],
    observation:
      notModified && state.observation !== undefined
        ? 'not-modified'
        : report === undefined
          ? undefined
          : observe(report),
    validators,
    rawSha,
  };
  const plan = planPoll(state, facts, settings);
  const applied = store.apply(plan, input.nextDueAt);
  return {
    path: 'recorded',
    runId: applied.runId,
    status: plan.provider.status,
    events: applied.events,
    historyFindings: plan.historyFindings,
  };
}
