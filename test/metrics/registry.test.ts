import { describe, expect, it } from 'vitest';
import {
  createMetrics,
  PROVIDERS_PER_PIECE,
  STATES_PER_PAGE,
  type ProviderMetricsState,
} from '../../src/metrics/registry.js';

const T = Date.UTC(2026, 5, 1);

function state(
  overrides: Partial<ProviderMetricsState> & Pick<ProviderMetricsState, 'id' | 'name'>,
): ProviderMetricsState {
  return { status: 'up', openFindings: { error: 0, warning: 0, info: 0 }, ...overrides };
}

/** The samples of the text, `name{labels}` → value. */
function samples(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), line.slice(at + 1));
  }
  return out;
}

// metric_name{label="value",...} value — label values with the three escapes of the format only.
const SAMPLE_LINE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (?:[-+]?[0-9.e+-]+|NaN|[+-]Inf)$/;

describe('createMetrics().render', () => {
  it('reports up, status, last success, key count and open findings per provider', () => {
    const text = createMetrics().render([
      state({
        id: 1,
        name: 'acme',
        status: 'degraded',
        lastSuccessAt: T + 1_500,
        keyCount: 3,
        openFindings: { error: 0, warning: 2, info: 1 },
      }),
    ]);
    const s = samples(text);
    expect(s.get('jwks_monitor_provider_up{provider="acme"}')).toBe('1');
    expect(s.get('jwks_monitor_provider_status{provider="acme",status="degraded"}')).toBe('1');
    expect(s.get('jwks_monitor_provider_last_success_timestamp_seconds{provider="acme"}')).toBe(String(T / 1000 + 1.5));
    expect(s.get('jwks_monitor_provider_keys{provider="acme"}')).toBe('3');
    expect(s.get('jwks_monitor_provider_open_findings{provider="acme",severity="warning"}')).toBe('2');
    expect(s.get('jwks_monitor_provider_open_findings{provider="acme",severity="info"}')).toBe('1');
    expect(s.get('jwks_monitor_provider_open_findings{provider="acme",severity="error"}')).toBe('0');
  });

  it('reports a down provider as up 0 and a failing one as up 1', () => {
    const s = samples(
      createMetrics().render([
        state({ id: 1, name: 'a', status: 'down' }),
        state({ id: 2, name: 'b', status: 'failing' }),
      ]),
    );
    expect(s.get('jwks_monitor_provider_up{provider="a"}')).toBe('0');
    expect(s.get('jwks_monitor_provider_up{provider="b"}')).toBe('1');
  });

  it('omits up, last success and key count for a pending provider', () => {
    const text = createMetrics().render([state({ id: 1, name: 'new', status: 'pending' })]);
    expect(text).not.toContain('provider_up{provider="new"}');
    expect(text).not.toContain('provider_keys{provider="new"}');
    expect(text).not.toContain('provider_last_success_timestamp_seconds{provider="new"}');
    expect(samples(text).get('jwks_monitor_provider_status{provider="new",status="pending"}')).toBe('1');
  });

  it('counts providers by status, zero included', () => {
    const s = samples(
      createMetrics().render([
        state({ id: 1, name: 'a' }),
        state({ id: 2, name: 'b' }),
        state({ id: 3, name: 'c', status: 'down' }),
      ]),
    );
    expect([
      s.get('jwks_monitor_providers{status="up"}'),
      s.get('jwks_monitor_providers{status="down"}'),
      s.get('jwks_monitor_providers{status="pending"}'),
    ]).toEqual(['2', '1', '0']);
  });

  it('escapes a hostile provider name so it cannot forge a label or a sample', () => {
    const name = 'evil"} 1\njwks_monitor_provider_up{provider="x\\';
    const text = createMetrics().render([state({ id: 1, name })]);
    expect(text).toContain(
      'jwks_monitor_provider_up{provider="evil\\"} 1\\njwks_monitor_provider_up{provider=\\"x\\\\"} 1',
    );
    expect(text).not.toContain('provider_up{provider="x');
    for (const line of text.split('\n')) if (line !== '' && !line.startsWith('#')) expect(line).toMatch(SAMPLE_LINE);
  });

  it('keeps the lines of each family together, each family with one HELP and one TYPE', () => {
    const text = createMetrics().render([
      state({ id: 1, name: 'a', keyCount: 1 }),
      state({ id: 2, name: 'b', keyCount: 2 }),
    ]);
    const families: string[] = [];
    for (const line of text.split('\n')) {
      if (line.startsWith('# TYPE ')) families.push(line.split(' ')[2] ?? '');
      else if (line !== '' && !line.startsWith('#')) {
        const name = line.replace(/[{ ].*$/, '').replace(/_(bucket|sum|count)$/, '');
        expect(families.at(-1)).toBe(name);
      }
    }
    expect(new Set(families).size).toBe(families.length);
    expect(families.every((f) => f.startsWith('jwks_monitor_'))).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('counts polls by outcome, every outcome present from the start', () => {
    const metrics = createMetrics();
    expect(samples(metrics.render([])).get('jwks_monitor_polls_total{outcome="error"}')).toBe('0');
    metrics.observePoll({ providerId: 1, durationMs: 120, outcome: 'ok' });
    metrics.observePoll({ providerId: 1, durationMs: 80, outcome: 'changed' });
    metrics.observePoll({ providerId: 2, durationMs: 9_000, outcome: 'error' });
    const s = samples(metrics.render([]));
    expect([
      s.get('jwks_monitor_polls_total{outcome="ok"}'),
      s.get('jwks_monitor_polls_total{outcome="changed"}'),
      s.get('jwks_monitor_polls_total{outcome="error"}'),
    ]).toEqual(['1', '1', '1']);
  });

  it('records poll durations in seconds in the histogram and as the latest per provider', () => {
    const metrics = createMetrics();
    metrics.observePoll({ providerId: 1, durationMs: 40, outcome: 'ok' });
    metrics.observePoll({ providerId: 1, durationMs: 200, outcome: 'ok' });
    const s = samples(metrics.render([state({ id: 1, name: 'a', lastPollAt: T })]));
    expect(s.get('jwks_monitor_poll_duration_seconds_bucket{le="0.05"}')).toBe('1');
    expect(s.get('jwks_monitor_poll_duration_seconds_bucket{le="0.25"}')).toBe('2');
    expect(s.get('jwks_monitor_poll_duration_seconds_bucket{le="+Inf"}')).toBe('2');
    expect(s.get('jwks_monitor_poll_duration_seconds_count')).toBe('2');
    expect(Number(s.get('jwks_monitor_poll_duration_seconds_sum'))).toBeCloseTo(0.24);
    expect(s.get('jwks_monitor_provider_last_poll_duration_seconds{provider="a"}')).toBe('0.2');
  });

  it('forgets the latest poll duration of a provider that is gone', () => {
    const metrics = createMetrics();
    metrics.observePoll({ providerId: 1, durationMs: 40, outcome: 'ok' });
    metrics.observePoll({ providerId: 2, durationMs: 40, outcome: 'ok' });
    metrics.render([state({ id: 2, name: 'b' })]);
    expect(metrics.render([state({ id: 1, name: 'a' }), state({ id: 2, name: 'b' })])).not.toContain(
      'last_poll_duration_seconds{provider="a"}',
    );
  });

  it('shows no poll duration for a never-polled provider that took the id of a deleted one', () => {
    const metrics = createMetrics();
    metrics.observePoll({ providerId: 9, durationMs: 62, outcome: 'ok' });
    metrics.render([state({ id: 9, name: 'old', lastPollAt: T })]);
    // Deleted and created between two scrapes: the id is the same, the provider is not.
    const text = metrics.render([state({ id: 9, name: 'new', status: 'pending', enabled: false })]);
    expect(text).not.toContain('last_poll_duration_seconds{');
  });

  it('keeps a disabled provider visible but drops the series an alert is written on', () => {
    const s = samples(
      createMetrics().render([
        state({
          id: 1,
          name: 'off',
          status: 'down',
          enabled: false,
          lastSuccessAt: T,
          keyCount: 2,
          openFindings: { error: 3, warning: 0, info: 0 },
        }),
        state({ id: 2, name: 'on', status: 'down' }),
      ]),
    );
    expect(s.get('jwks_monitor_provider_enabled{provider="off"}')).toBe('0');
    expect(s.get('jwks_monitor_provider_enabled{provider="on"}')).toBe('1');
    expect(s.get('jwks_monitor_provider_status{provider="off",status="down"}')).toBe('1');
    expect(s.get('jwks_monitor_provider_keys{provider="off"}')).toBe('2');
    expect(s.has('jwks_monitor_provider_up{provider="off"}')).toBe(false);
    expect(s.has('jwks_monitor_provider_last_success_timestamp_seconds{provider="off"}')).toBe(false);
    expect([...s.keys()].some((k) => k.startsWith('jwks_monitor_provider_open_findings{provider="off"'))).toBe(false);
    expect(s.get('jwks_monitor_provider_up{provider="on"}')).toBe('0');
    expect([
      s.get('jwks_monitor_providers{status="down"}'),
      s.get('jwks_monitor_providers{status="disabled"}'),
    ]).toEqual(['1', '1']);
  });

  it('reports when the scheduler last completed a claim pass, from the first pass on', () => {
    const metrics = createMetrics();
    expect(metrics.render([])).not.toMatch(/^jwks_monitor_scheduler_last_pass_timestamp_seconds /m);
    metrics.observeSchedulerPass(T + 250);
    expect(samples(metrics.render([])).get('jwks_monitor_scheduler_last_pass_timestamp_seconds')).toBe(
      String(T / 1000 + 0.25),
    );
  });

  it('records scheduler lag in seconds', () => {
    const metrics = createMetrics();
    metrics.observeSchedulerLag(3);
    metrics.observeSchedulerLag(700);
    const s = samples(metrics.render([]));
    expect(s.get('jwks_monitor_scheduler_lag_seconds_bucket{le="0.005"}')).toBe('1');
    expect(s.get('jwks_monitor_scheduler_lag_seconds_bucket{le="1"}')).toBe('2');
    expect(s.get('jwks_monitor_scheduler_lag_seconds_count')).toBe('2');
  });
});

describe('createMetrics().stream', () => {
  /** A keyset source over `states`, recording the afterId of every page asked for. */
  function source(states: readonly ProviderMetricsState[]) {
    const asked: number[] = [];
    return {
      asked,
      listLatestStates({ afterId, limit }: { afterId: number; limit: number }) {
        asked.push(afterId);
        return states.filter((s) => s.id > afterId).slice(0, limit);
      },
    };
  }

  async function collect(pieces: AsyncIterable<string>): Promise<string[]> {
    const out: string[] = [];
    for await (const piece of pieces) out.push(piece);
    return out;
  }

  const fleet = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      state({
        id: 2 * i + 1,
        name: i % 10 === 0 ? `odd "name"\n${i}` : `p${i}`,
        status: (['pending', 'up', 'degraded', 'failing', 'down'] as const)[i % 5],
        enabled: i % 11 !== 0,
        ...(i % 5 !== 0 && { lastPollAt: T + i }),
        ...(i % 3 !== 0 && { lastSuccessAt: T + i }),
        ...(i % 4 !== 0 && { keyCount: i % 7 }),
        openFindings: { error: i % 2, warning: i % 3, info: 0 },
      }),
    );

  it('streams exactly the text render makes', async () => {
    const states = fleet(STATES_PER_PAGE * 2 + PROVIDERS_PER_PIECE + 7);
    const metrics = createMetrics();
    for (const s of states.slice(0, 50)) metrics.observePoll({ providerId: s.id, durationMs: s.id, outcome: 'ok' });
    metrics.observeSchedulerLag(12);
    metrics.observeSchedulerPass(T);
    const streamed = (await collect(metrics.stream(source(states)))).join('');
    expect(streamed).toBe(metrics.render(states));
  });

  it('reads the states in keyset pages of STATES_PER_PAGE', async () => {
    const states = fleet(STATES_PER_PAGE * 2 + 1);
    const src = source(states);
    await collect(createMetrics().stream(src));
    expect(src.asked).toEqual([0, states[STATES_PER_PAGE - 1]!.id, states[2 * STATES_PER_PAGE - 1]!.id]);
  });

  it('renders a large fleet in pieces of at most PROVIDERS_PER_PIECE providers of one family', async () => {
    const states = fleet(PROVIDERS_PER_PIECE * 2 + 1);
    const pieces = await collect(createMetrics().stream(source(states)));
    const statusLines = pieces.map((p) => p.split('\n').filter((l) => l.startsWith('jwks_monitor_provider_status{')));
    expect(Math.max(...statusLines.map((l) => l.length))).toBe(PROVIDERS_PER_PIECE);
    expect(statusLines.reduce((n, l) => n + l.length, 0)).toBe(states.length);
    expect(pieces.every((p) => p.length > 0 && p.endsWith('\n'))).toBe(true);
  });

  it('lets work queued meanwhile run before it renders the next piece', async () => {
    const iterator = createMetrics()
      .stream(source(fleet(PROVIDERS_PER_PIECE * 2)))
      [Symbol.asyncIterator]();
    await iterator.next();
    let ran = false;
    setImmediate(() => (ran = true));
    await iterator.next();
    expect(ran).toBe(true);
    await iterator.return?.();
  });

  it('forgets the latest poll duration of a provider that is gone', async () => {
    const metrics = createMetrics();
    metrics.observePoll({ providerId: 1, durationMs: 40, outcome: 'ok' });
    metrics.observePoll({ providerId: 2, durationMs: 40, outcome: 'ok' });
    await collect(metrics.stream(source([state({ id: 2, name: 'b' })])));
    expect(metrics.render([state({ id: 1, name: 'a' }), state({ id: 2, name: 'b' })])).not.toContain(
      'last_poll_duration_seconds{provider="a"}',
    );
  });
});
