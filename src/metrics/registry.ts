/**
 * The service's metrics. The composition root feeds poll and scheduler observations as they happen; `render`
 * joins them with the providers' latest states (one query, ProvidersRepository.listLatestStates) into the
 * Prometheus text format. Per-provider series carry only the `provider` label (names are unique), so a scrape
 * of 20,000 providers stays a few MB; histograms are fleet-wide, as a per-provider histogram would multiply the
 * series by the bucket count.
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

const MS_PER_SECOND = 1_000;
const STATUSES = ['pending', 'up', 'degraded', 'failing', 'down'] as const;

export interface PollObservation {
  readonly providerId: number;
  readonly durationMs: number;
  readonly outcome: PollOutcomeLabel;
}

/** What `render` reads of a provider's latest state. */
export type ProviderMetricsState = Pick<
  ProviderStateSummary,
  'id' | 'name' | 'status' | 'lastSuccessAt' | 'keyCount' | 'openFindings'
>;

export interface Metrics {
  observePoll(observation: PollObservation): void;
  /** How late the scheduler started a poll against its due time, in milliseconds. */
  observeSchedulerLag(lagMs: number): void;
  render(states: readonly ProviderMetricsState[]): string;
}

export function createMetrics(): Metrics {
  const pollDuration = new Histogram(POLL_DURATION_BUCKETS_SECONDS);
  const schedulerLag = new Histogram(SCHEDULER_LAG_BUCKETS_SECONDS);
  const polls = new Map<PollOutcomeLabel, number>(POLL_OUTCOMES.map((o) => [o, 0]));
  const lastPollSeconds = new Map<number, number>();

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
    render(states) {
      // Deleted providers would otherwise keep their last duration forever.
      if (lastPollSeconds.size > states.length) pruneTo(lastPollSeconds, states);
      return renderText(states, { pollDuration, schedulerLag, polls, lastPollSeconds });
    },
  };
}

interface Observed {
  readonly pollDuration: Histogram;
  readonly schedulerLag: Histogram;
  readonly polls: ReadonlyMap<PollOutcomeLabel, number>;
  readonly lastPollSeconds: ReadonlyMap<number, number>;
}

/** One pass over the providers fills one array per family (the format wants a family's lines together). */
function renderText(states: readonly ProviderMetricsState[], observed: Observed): string {
  const up: string[] = [];
  const status: string[] = [];
  const lastSuccess: string[] = [];
  const lastDuration: string[] = [];
  const keys: string[] = [];
  const findings: string[] = [];
  const byStatus = new Map<string, number>(STATUSES.map((s) => [s, 0]));

  for (const state of states) {
    const label = `provider="${escapeLabelValue(state.name)}"`;
    byStatus.set(state.status, (byStatus.get(state.status) ?? 0) + 1);
    // `pending` has no verdict yet: no `up` sample rather than a guess.
    if (state.status !== 'pending') up.push(`${PREFIX}provider_up{${label}} ${state.status === 'down' ? 0 : 1}`);
    status.push(`${PREFIX}provider_status{${label},status="${state.status}"} 1`);
    if (state.lastSuccessAt !== undefined) {
      lastSuccess.push(
        `${PREFIX}provider_last_success_timestamp_seconds{${label}} ${formatValue(state.lastSuccessAt / MS_PER_SECOND)}`,
      );
    }
    const seconds = observed.lastPollSeconds.get(state.id);
    if (seconds !== undefined)
      lastDuration.push(`${PREFIX}provider_last_poll_duration_seconds{${label}} ${formatValue(seconds)}`);
    if (state.keyCount !== undefined) keys.push(`${PREFIX}provider_keys{${label}} ${state.keyCount}`);
    const open = state.openFindings;
    findings.push(
      `${PREFIX}provider_open_findings{${label},severity="error"} ${open.error}`,
      `${PREFIX}provider_open_findings{${label},severity="warning"} ${open.warning}`,
      `${PREFIX}provider_open_findings{${label},severity="info"} ${open.info}`,
    );
  }

  const lines: string[] = [];
  header(lines, `${PREFIX}providers`, 'gauge', 'Registered providers by status.');
  for (const [name, count] of byStatus) lines.push(`${PREFIX}providers{status="${name}"} ${count}`);
  // Each family is joined on its own: copying 160,000 samples into one array costs more than a few extra joins.
  const text = [
    lines.join('\n'),
    family(
      'provider_up',
      'gauge',
      '1 when the provider was reachable at its latest polls, 0 when down; absent while pending.',
      up,
    ),
    family(
      'provider_status',
      'gauge',
      'The provider status (pending, up, degraded, failing, down) as a label; the value is always 1.',
      status,
    ),
    family(
      'provider_last_success_timestamp_seconds',
      'gauge',
      'Unix time of the latest poll that fetched the documents.',
      lastSuccess,
    ),
    family(
      'provider_last_poll_duration_seconds',
      'gauge',
      'Duration of the latest poll since this process started.',
      lastDuration,
    ),
    family('provider_keys', 'gauge', 'Keys in the latest JWKS.', keys),
    family('provider_open_findings', 'gauge', 'Open findings by severity.', findings),
  ];

  const tail: string[] = [];
  header(tail, `${PREFIX}poll_duration_seconds`, 'histogram', 'Duration of one poll (fetch, checks, record).');
  observed.pollDuration.render(tail, `${PREFIX}poll_duration_seconds`);
  header(tail, `${PREFIX}scheduler_lag_seconds`, 'histogram', 'Delay between a poll being due and starting.');
  observed.schedulerLag.render(tail, `${PREFIX}scheduler_lag_seconds`);
  header(tail, `${PREFIX}polls_total`, 'counter', 'Polls since this process started, by outcome.');
  for (const [outcome, count] of observed.polls) tail.push(`${PREFIX}polls_total{outcome="${outcome}"} ${count}`);
  text.push(tail.join('\n'), '');
  return text.join('\n');
}

function family(name: string, type: 'gauge', help: string, samples: readonly string[]): string {
  const lines: string[] = [];
  header(lines, PREFIX + name, type, help);
  return samples.length === 0 ? lines.join('\n') : `${lines.join('\n')}\n${samples.join('\n')}`;
}

function pruneTo(byId: Map<number, number>, states: readonly ProviderMetricsState[]): void {
  const live = new Set<number>();
  for (const state of states) live.add(state.id);
  for (const id of byId.keys()) if (!live.has(id)) byId.delete(id);
}
