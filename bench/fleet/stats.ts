/** Small statistics for the whole-service bench: quantiles of samples, of Prometheus histograms, and narrowing. */

export interface Quantiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export const NO_SAMPLES: Quantiles = { count: 0, p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN };

/** Nearest-rank quantiles of `samples` (sorted in place). */
export function quantiles(samples: number[] | Float64Array): Quantiles {
  const n = samples.length;
  if (n === 0) return NO_SAMPLES;
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] ?? Number.NaN;
  return { count: n, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: samples[n - 1] ?? Number.NaN };
}

/**
 * A bounded sample of latencies: keeps every value up to `capacity`, then a uniform reservoir (Algorithm R), so a
 * long window costs fixed memory.
 */
export class Reservoir {
  readonly #values: Float64Array;
  #seen = 0;

  constructor(capacity: number) {
    this.#values = new Float64Array(capacity);
  }

  add(value: number): void {
    const capacity = this.#values.length;
    if (this.#seen < capacity) this.#values[this.#seen] = value;
    else {
      const slot = Math.floor(Math.random() * (this.#seen + 1));
      if (slot < capacity) this.#values[slot] = value;
    }
    this.#seen++;
  }

  /** Quantiles of what was added since the last drain, then empties. */
  drain(): Quantiles & { readonly seen: number } {
    const kept = this.#values.slice(0, Math.min(this.#seen, this.#values.length));
    const seen = this.#seen;
    this.#seen = 0;
    return { ...quantiles(kept), seen };
  }
}

/** Cumulative bucket counts of one histogram family in Prometheus text, in the order of `bounds`, then +Inf. */
export function histogramCounts(text: string, family: string, bounds: readonly number[]): number[] {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  const prefix = `${family}_bucket{le="`;
  const index = new Map<string, number>(bounds.map((b, i) => [String(b), i]));
  index.set('+Inf', bounds.length);
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const close = line.indexOf('"}', prefix.length);
    const slot = index.get(line.slice(prefix.length, close));
    if (slot !== undefined) counts[slot] = Number(line.slice(close + 3));
  }
  return counts;
}

/** What the bench reads from a /metrics exposition: polls by outcome, and the scheduler lag and poll duration
 * histograms (cumulative bucket counts in the order of their bounds, then +Inf). */
export function scrapeFigures(text: string, lagBounds: readonly number[], durationBounds: readonly number[]) {
  return {
    ok: sampleValue(text, 'jwks_monitor_polls_total{outcome="ok"}'),
    changed: sampleValue(text, 'jwks_monitor_polls_total{outcome="changed"}'),
    error: sampleValue(text, 'jwks_monitor_polls_total{outcome="error"}'),
    aborted: sampleValue(text, 'jwks_monitor_polls_total{outcome="aborted"}'),
    lag: histogramCounts(text, 'jwks_monitor_scheduler_lag_seconds', lagBounds),
    duration: histogramCounts(text, 'jwks_monitor_poll_duration_seconds', durationBounds),
  };
}

/** Value of one sample line (`name{labels} value`) in Prometheus text, 0 when absent. */
export function sampleValue(text: string, series: string): number {
  const start = text.indexOf(`\n${series} `);
  if (start < 0) return 0;
  const end = text.indexOf('\n', start + 1);
  return Number(text.slice(start + series.length + 2, end < 0 ? undefined : end));
}

export interface HistogramQuantile {
  /** The upper bound of the bucket the quantile falls in (what the histogram proves: "at most"). */
  readonly atMost: number;
  /** Linear interpolation inside that bucket, as Prometheus' histogram_quantile does. */
  readonly interpolated: number;
}

/** The q-quantile of a window of a cumulative histogram (`end` minus `start`), in the unit of `bounds`. */
export function histogramQuantile(
  bounds: readonly number[],
  start: readonly number[],
  end: readonly number[],
  q: number,
): HistogramQuantile {
  const window = end.map((c, i) => c - (start[i] ?? 0));
  const total = window[window.length - 1] ?? 0;
  if (total <= 0) return { atMost: Number.NaN, interpolated: Number.NaN };
  const rank = q * total;
  for (let i = 0; i < window.length; i++) {
    const cumulative = window[i] ?? 0;
    if (cumulative >= rank) {
      const upper = bounds[i] ?? Number.POSITIVE_INFINITY;
      const lower = i === 0 ? 0 : (bounds[i - 1] ?? 0);
      const below = i === 0 ? 0 : (window[i - 1] ?? 0);
      const inBucket = cumulative - below;
      const interpolated =
        Number.isFinite(upper) && inBucket > 0 ? lower + ((upper - lower) * (rank - below)) / inBucket : lower;
      return { atMost: upper, interpolated };
    }
  }
  return { atMost: Number.POSITIVE_INFINITY, interpolated: Number.POSITIVE_INFINITY };
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The named numeric members of a child's answer; throws naming the first one missing. */
export function numbers<K extends string>(value: unknown, keys: readonly K[], what: string): Record<K, number> {
  if (!isRecord(value)) throw new Error(`${what}: not an object`);
  const out: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const v = value[key];
    if (typeof v !== 'number') throw new Error(`${what}: ${key} is not a number`);
    out[key] = v;
  }
  return out as Record<K, number>;
}

export function numberArray(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || !value.every((v): v is number => typeof v === 'number'))
    throw new Error(`${what}: not a number array`);
  return value;
}

export function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what}: not a string`);
  return value;
}

export function member(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
