/**
 * The Prometheus text exposition format, version 0.0.4: label escaping, sample values, and a cumulative
 * histogram. https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NEEDS_ESCAPE = /[\\"\n]/;
const ESCAPABLE = /[\\"\n]/g;

/** A label value as the format requires it: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(ESCAPABLE, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** A sample value: Go's ParseFloat accepts JS number text; the non-finite values have their own spelling. */
export function formatValue(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

/** The `# HELP` and `# TYPE` lines of a family (help text is ours, never user input). */
export function header(lines: string[], name: string, type: 'gauge' | 'counter' | 'histogram', help: string): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

/** A histogram of non-negative observations with fixed upper bounds, in the unit of its name. */
export class Histogram {
  readonly #bounds: readonly number[];
  readonly #boundLabels: readonly string[];
  /** Observations per bucket (not cumulative); the last slot is the +Inf bucket. */
  readonly #counts: Float64Array;
  #sum = 0;
  #count = 0;

  constructor(bounds: readonly number[]) {
    for (let i = 1; i < bounds.length; i++) {
      if (!((bounds[i] ?? 0) > (bounds[i - 1] ?? 0))) throw new TypeError('histogram bounds must increase');
    }
    this.#bounds = bounds;
    this.#boundLabels = bounds.map(formatValue);
    this.#counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    if (Number.isNaN(value)) return;
    const v = Math.max(0, value);
    let i = 0;
    while (i < this.#bounds.length && v > (this.#bounds[i] ?? Infinity)) i++;
    this.#counts[i] = (this.#counts[i] ?? 0) + 1;
    this.#sum += v;
    this.#count++;
  }

  get count(): number {
    return this.#count;
  }

  /** The `_bucket` (cumulative, ending with le="+Inf"), `_sum` and `_count` lines. */
  render(lines: string[], name: string): void {
    let cumulative = 0;
    for (let i = 0; i < this.#boundLabels.length; i++) {
      cumulative += this.#counts[i] ?? 0;
      lines.push(`${name}_bucket{le="${this.#boundLabels[i] ?? ''}"} ${cumulative}`);
    }
    lines.push(
      `${name}_bucket{le="+Inf"} ${this.#count}`,
      `${name}_sum ${formatValue(this.#sum)}`,
      `${name}_count ${this.#count}`,
    );
  }
}
