// The fetch completes within the latency budget: consumers give up (jose after 5 s). A timeout is reported
// separately, as an error, by fetch-error-findings.
import { SKIP, defineRule } from '../types.js';
import { documentName } from './support.js';

export const transportLatency = defineRule({
  id: 'transport.latency',
  title: 'Fetch completes within the latency budget',
  severity: 'warning',
  spec: 'none',
  scope: 'transport',
  run: ({ document, fetch, options }) => {
    const total = fetch.timings.totalMs;
    if (!Number.isFinite(total)) return SKIP;
    if (total <= options.latencyBudgetMs) return [];
    return [
      {
        message: `fetching ${documentName(document)} took ${Math.round(total)} ms, over the budget of ${options.latencyBudgetMs} ms`,
        expected: `at most ${options.latencyBudgetMs} ms`,
        actual: `${Math.round(total)} ms`,
      },
    ];
  },
});
