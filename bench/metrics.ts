/**
 * /metrics render benchmark (issue 4): the text of 20,000 providers' latest states plus the histograms.
 *   npx tsx bench/metrics.ts
 * Target: a scrape renders in well under the default 10 s Prometheus scrape timeout; we aim for < 100 ms so a
 * scrape never delays the event loop noticeably. Every loop is bounded.
 */
import { createMetrics, POLL_OUTCOMES, type ProviderMetricsState } from '../src/metrics/registry.js';
import { measure, table } from './support.js';

const PROVIDERS = 20_000;
const POLLS = 100_000;
const T0 = Date.UTC(2026, 5, 1);
const STATUSES = ['up', 'degraded', 'failing', 'down', 'pending'] as const;

const states: ProviderMetricsState[] = Array.from({ length: PROVIDERS }, (_, i) => ({
  id: i + 1,
  // Every 50th name needs escaping, as user-chosen names sometimes will.
  name: i % 50 === 0 ? `provider "${i}" \\ eu` : `provider-${i}.example.com`,
  status: STATUSES[i % STATUSES.length] ?? 'up',
  // Polled, so its last poll duration is rendered (a provider never polled shows none).
  ...(i % 5 !== 4 && { lastPollAt: T0 + i * 1_000, lastSuccessAt: T0 + i * 1_000, keyCount: 1 + (i % 4) }),
  openFindings: { error: i % 3, warning: i % 7, info: i % 2 },
}));

const metrics = createMetrics();
const observe = measure((i) => {
  metrics.observePoll({
    providerId: (i % PROVIDERS) + 1,
    durationMs: (i % 997) + 3,
    outcome: POLL_OUTCOMES[i % POLL_OUTCOMES.length] ?? 'ok',
  });
  metrics.observeSchedulerLag(i % 1_500);
}, POLLS);

let bytes = 0;
const render = measure(
  () => {
    metrics.render(states);
  },
  1,
  10,
);
// What a scrape costs the event loop: the text and its UTF-8 encoding for the socket.
const scrape = measure(
  () => {
    bytes = Buffer.byteLength(metrics.render(states));
  },
  1,
  10,
);

console.log(
  table([
    ['operation', 'cpu µs/op', 'wall µs/op'],
    ['observePoll + observeSchedulerLag', observe.cpuUs, observe.wallUs],
    [`render ${PROVIDERS} providers`, render.cpuUs, render.wallUs],
    [`render + encode (${(bytes / 1_048_576).toFixed(1)} MiB)`, scrape.cpuUs, scrape.wallUs],
  ]),
);
