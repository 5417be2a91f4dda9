/**
 * The service's metrics. The composition root feeds poll and scheduler observations as they happen; a scrape
 * joins them with the providers' latest states (ProvidersRepository.listLatestStates) into the Prometheus text
 * format. Per-provider series carry only the `provider` label (names are unique), so a scrape of 20,000 providers
 * stays about 12 MB; histograms are fleet-wide, as a per-provider histogram would multiply the series by the bucket
 * count. `stream` is the scrape path: it reads the states page by page and renders them piece by piece, yielding
 * the event loop between pieces, because rendering 20,000 providers in one go held it for about 300 ms (plus the
 * collection of 12 MB of garbage), which every other request and poll waited for (issue 7).
 *
 * A disabled provider keeps its last status, but not the series an alert is written on (up, last success, open
 * findings): an operator who disables a broken provider to stop the paging expects the paging to stop (review of
 * the metrics, defect 3). `provider_enabled` tells the two apart.
 */
import type { ProviderStateSummary } from '../store/providers-repository.js';
import { escapeLabelValue, formatValue, header, Histogram } from './exposition.js';

const PREFIX = 'jwks_monitor_';

export const POLL_OUTCOMES = ['ok', 'changed', 'error', 'aborted'] as const;
/** `ok`: fetched, nothing new; `changed`: fetched and the content changed; `error`: unreachable; `aborted`: stopped (shutdown). */
export type PollOutcomeLabel = (typeof POLL_OUTCOMES)[number];

/** A poll covers one or two fetches (discovery, then JWKS) within FETCH_TIMEOUT_MS (10 s by default) each. */
export const POLL_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30] as const;
/** The scheduler's target is p99 < 1 s; the buckets resolve around that and show a stall up to minutes. */
export const SCHEDULER_LAG_BUCKETS_SECONDS = [
  0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300,
] as const;

/**
 * Providers read per query and rendered per piece while streaming: 1–2 ms of work each on the 2-vCPU bench
 * machine (bench/event-loop.ts), so a scrape never holds the event loop much longer than a poll does.
 */
export const STATES_PER_PAGE = 500;
export const PROVIDERS_PER_PIECE = 1_000;

const MS_PER_SECOND = 1_000;
const STATUSES = ['pending', 'up', 'degraded', 'failing', 'down'] as const;
/** The `jwks_monitor_providers` count of disabled providers, whatever their last status. */
const DISABLED = 'disabled';

export interface PollObservation {
  readonly providerId: number;
  readonly durationMs: number;
  readonly outcome: PollOutcomeLabel;
}

/** What a scrape reads of a provider's latest state; `enabled` left out counts as enabled. */
export type ProviderMetricsState = Pick<
  ProviderStateSummary,
  'id' | 'name' | 'status' | 'lastPollAt' | 'lastSuccessAt' | 'keyCount' | 'openFindings'
> &
  Partial<Pick<ProviderStateSummary, 'enabled'>>;

/** Where `stream` reads the states: a keyset page (id above `afterId`, in id order, at most `limit`). */
export interface LatestStatesSource {
  listLatestStates(page: { readonly afterId: number; readonly limit: number }): readonly ProviderMetricsState[];
}

export interface Metrics {
  observePoll(observation: PollObservation): void;
  /** How late the scheduler started a poll against its due time, in milliseconds. */
  observeSchedulerLag(lagMs: number): void;
  /** A scheduler claim pass completed at `atMs` (Unix milliseconds). */
  observeSchedulerPass(atMs: number): void;
  /** The whole exposition in one synchronous call (tests, small fleets). */
  render(states: readonly ProviderMetricsState[]): string;
  /** The same text as `render` over every state of `source`, in pieces, with an event-loop turn between pieces. */
  stream(source: LatestStatesSource): AsyncIterable<string>;
}

export function createMetrics(): Metrics {
  const pollDuration = new Histogram(POLL_DURATION_BUCKETS_SECONDS);
  const schedulerLag = new Histogram(SCHEDULER_LAG_BUCKETS_SECONDS);
  const polls = new Map<PollOutcomeLabel, number>(POLL_OUTCOMES.map((o) => [o, 0]));
  const lastPollSeconds = new Map<number, number>();
  const observed: Observed = { pollDuration, schedulerLag, polls, lastPollSeconds, lastPassSeconds: undefined };

  // Deleted providers would otherwise keep their last duration forever. On every scrape: pruning only when there
  // were more entries than providers missed a delete followed by a create (review of the metrics, defect 4).
  const prune = (states: readonly ProviderMetricsState[]) => pruneTo(lastPollSeconds, states);

  return {
    observePoll({ providerId, durationMs, outcome }) {
      const seconds = Math.max(0, durationMs) / MS_PER_SECOND;
      pollDuration.observe(seconds);
      if (!Number.isNaN(seconds)) lastPollSeconds.set(providerId, seconds);
      polls.set(outcome, (polls.get(outcome) ?? 0) + 1);
    },
    observeSchedulerLag(lagMs) {
      schedulerLag.observe(Math.max(0, lagMs) / MS_PER_SECOND);
    },
    observeSchedulerPass(atMs) {
      observed.lastPassSeconds = atMs / MS_PER_SECOND;
    },
    render(states) {
      prune(states);
      let text = '';
      for (const piece of pieces(states, states.map(labelOf), observed, states.length)) text += piece;
      return text;
    },
    async *stream(source) {
      const states: ProviderMetricsState[] = [];
      const labels: string[] = [];
      for (let afterId = 0; ;) {
        const page = source.listLatestStates({ afterId, limit: STATES_PER_PAGE });
        for (const state of page) {
          states.push(state);
          labels.push(labelOf(state));
        }
        const last = page.at(-1);
        if (page.length < STATES_PER_PAGE || last === undefined) break;
        afterId = last.id;
        await nextTurn();
      }
      prune(states);
      for (const piece of pieces(states, labels, observed, PROVIDERS_PER_PIECE)) {
        yield piece;
        await nextTurn();
      }
    },
  };
}

interface Observed {
  readonly pollDuration: Histogram;
  readonly schedulerLag: Histogram;
  readonly polls: ReadonlyMap<PollOutcomeLabel, number>;
  readonly lastPollSeconds: ReadonlyMap<number, number>;
  lastPassSeconds: number | undefined;
}

/** A per-provider family: its lines for one provider ('' for none), each ending in a line feed. */
interface ProviderFamily {
  readonly name: string;
  readonly help: string;
  lines(state: ProviderMetricsState, label: string, observed: Observed): string;
}

const UP = `${PREFIX}provider_up`;
const STATUS = `${PREFIX}provider_status`;
const ENABLED = `${PREFIX}provider_enabled`;
const LAST_SUCCESS = `${PREFIX}provider_last_success_timestamp_seconds`;
const LAST_DURATION = `${PREFIX}provider_last_poll_duration_seconds`;
const KEYS = `${PREFIX}provider_keys`;
const FINDINGS = `${PREFIX}provider_open_findings`;
const LAST_PASS = `${PREFIX}scheduler_last_pass_timestamp_seconds`;

const PROVIDER_FAMILIES: readonly ProviderFamily[] = [
  {
    name: UP,
    help: '1 when the provider was reachable at its latest polls, 0 when down; absent while pending or disabled.',
    // `pending` has no verdict yet, and a disabled provider's verdict is no longer kept up: no `up` sample rather
    // than a guess, or a stale 0 that pages for a provider someone turned off.
    lines: (state, label) =>
      state.status === 'pending' || !isEnabled(state) ? '' : `${UP}{${label}} ${state.status === 'down' ? 0 : 1}\n`,
  },
  {
    name: STATUS,
    help: 'The provider status (pending, up, degraded, failing, down) as a label; the value is always 1. A disabled provider keeps the status it had.',
    lines: (state, label) => `${STATUS}{${label},status="${state.status}"} 1\n`,
  },
  {
    name: ENABLED,
    help: '1 when the provider is polled, 0 when it is disabled.',
    lines: (state, label) => `${ENABLED}{${label}} ${isEnabled(state) ? 1 : 0}\n`,
  },
  {
    name: LAST_SUCCESS,
    help: 'Unix time of the latest poll that fetched the documents; absent while disabled.',
    lines: (state, label) =>
      state.lastSuccessAt === undefined || !isEnabled(state)
        ? ''
        : `${LAST_SUCCESS}{${label}} ${formatValue(state.lastSuccessAt / MS_PER_SECOND)}\n`,
  },
  {
    name: LAST_DURATION,
    help: 'Duration of the latest poll since this process started.',
    lines: (state, label, observed) => {
      // Ids are reused after a delete: a provider never polled cannot own a duration, whatever is kept for its id.
      const seconds = state.lastPollAt === undefined ? undefined : observed.lastPollSeconds.get(state.id);
      return seconds === undefined ? '' : `${LAST_DURATION}{${label}} ${formatValue(seconds)}\n`;
    },
  },
  {
    name: KEYS,
    help: 'Keys in the latest JWKS.',
    lines: (state, label) => (state.keyCount === undefined ? '' : `${KEYS}{${label}} ${state.keyCount}\n`),
  },
  {
    name: FINDINGS,
    help: 'Open findings by severity; absent while disabled.',
    lines: (state, label) => (isEnabled(state) ? findingLines(state.openFindings, label) : ''),
  },
];

function findingLines(open: ProviderMetricsState['openFindings'], label: string): string {
  return (
    `${FINDINGS}{${label},severity="error"} ${open.error}\n` +
    `${FINDINGS}{${label},severity="warning"} ${open.warning}\n` +
    `${FINDINGS}{${label},severity="info"} ${open.info}\n`
  );
}

function isEnabled(state: ProviderMetricsState): boolean {
  return state.enabled !== false;
}

function labelOf(state: ProviderMetricsState): string {
  return `provider="${escapeLabelValue(state.name)}"`;
}

/**
 * The exposition in pieces of at most `perPiece` providers of one family. The format wants a family's lines
 * together, so each family makes its own pass over the states; `labels[i]` is the label of `states[i]`.
 */
function* pieces(
  states: readonly ProviderMetricsState[],
  labels: readonly string[],
  observed: Observed,
  perPiece: number,
): Generator<string, void, undefined> {
  const byStatus = new Map<string, number>([...STATUSES, DISABLED].map((s) => [s, 0]));
  for (const state of states) {
    const key = isEnabled(state) ? state.status : DISABLED;
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  const head: string[] = [];
  header(head, `${PREFIX}providers`, 'gauge', 'Registered providers by status; disabled ones as status="disabled".');
  for (const [name, count] of byStatus) head.push(`${PREFIX}providers{status="${name}"} ${count}`);
  yield lines(head);

  for (const family of PROVIDER_FAMILIES) {
    const familyHeader: string[] = [];
    header(familyHeader, family.name, 'gauge', family.help);
    let text = lines(familyHeader);
    for (let i = 0; i < states.length; i++) {
      const state = states[i];
      if (state !== undefined) text += family.lines(state, labels[i] ?? labelOf(state), observed);
      if ((i + 1) % perPiece === 0 && i + 1 < states.length && text !== '') {
        yield text;
        text = '';
      }
    }
    if (text !== '') yield text;
  }

  const tail: string[] = [];
  header(tail, `${PREFIX}poll_duration_seconds`, 'histogram', 'Duration of one poll (fetch, checks, record).');
  observed.pollDuration.render(tail, `${PREFIX}poll_duration_seconds`);
  header(tail, `${PREFIX}scheduler_lag_seconds`, 'histogram', 'Delay between a poll being due and starting.');
  observed.schedulerLag.render(tail, `${PREFIX}scheduler_lag_seconds`);
  header(tail, LAST_PASS, 'gauge', 'Unix time the scheduler last completed a claim pass (every second when healthy).');
  if (observed.lastPassSeconds !== undefined) tail.push(`${LAST_PASS} ${formatValue(observed.lastPassSeconds)}`);
  header(tail, `${PREFIX}polls_total`, 'counter', 'Polls since this process started, by outcome.');
  for (const [outcome, count] of observed.polls) tail.push(`${PREFIX}polls_total{outcome="${outcome}"} ${count}`);
  yield lines(tail);
}

/** Lines of the format, each ending in a line feed. */
function lines(list: readonly string[]): string {
  return list.length === 0 ? '' : `${list.join('\n')}\n`;
}

/** A macrotask boundary: pending I/O (requests, poll responses) runs before the next piece. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function pruneTo(byId: Map<number, number>, states: readonly ProviderMetricsState[]): void {
  const live = new Set<number>();
  for (const state of states) live.add(state.id);
  for (const id of byId.keys()) if (!live.has(id)) byId.delete(id);
}
