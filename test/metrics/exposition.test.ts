import { describe, expect, it } from 'vitest';
import { escapeLabelValue, formatValue, Histogram } from '../../src/metrics/exposition.js';

describe('escapeLabelValue', () => {
  it('escapes backslash, double quote and line feed as the text format requires', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it('leaves every other character as it is', () => {
    expect(escapeLabelValue('Acme IdP — prod {eu} =,')).toBe('Acme IdP — prod {eu} =,');
  });
});

describe('formatValue', () => {
  it('spells the non-finite values as Prometheus does', () => {
    expect([formatValue(NaN), formatValue(Infinity), formatValue(-Infinity), formatValue(0.25)]).toEqual([
      'NaN',
      '+Inf',
      '-Inf',
      '0.25',
    ]);
  });
});

describe('Histogram', () => {
  it('renders cumulative buckets ending with +Inf, the sum and the count', () => {
    const h = new Histogram([0.1, 1]);
    for (const v of [0.05, 0.1, 0.5, 3]) h.observe(v);
    const lines: string[] = [];
    h.render(lines, 'x');
    expect(lines).toEqual([
      'x_bucket{le="0.1"} 2',
      'x_bucket{le="1"} 3',
      'x_bucket{le="+Inf"} 4',
      'x_sum 3.65',
      'x_count 4',
    ]);
  });

  it('ignores NaN and counts a negative observation as zero', () => {
    const h = new Histogram([1]);
    h.observe(NaN);
    h.observe(-5);
    const lines: string[] = [];
    h.render(lines, 'x');
    expect(lines).toEqual(['x_bucket{le="1"} 1', 'x_bucket{le="+Inf"} 1', 'x_sum 0', 'x_count 1']);
  });

  it('refuses bounds that do not increase', () => {
    expect(() => new Histogram([1, 1])).toThrow(TypeError);
  });
});
