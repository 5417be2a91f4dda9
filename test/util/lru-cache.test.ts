import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/util/lru-cache.js';

type Op = readonly ['get' | 'set', number, number];

/** The keys used by the last `n` distinct operations, most recent first. */
function recentKeys(ops: readonly Op[], n: number): number[] {
  const seen: number[] = [];
  for (let i = ops.length - 1; i >= 0 && seen.length < n; i--) {
    const key = ops[i]![1];
    if (!seen.includes(key)) seen.push(key);
  }
  return seen;
}

describe('LruCache', () => {
  it('returns what was set, and undefined for a key never set', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 2);
    expect(cache.get('a')).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('keeps an entry that is read while others come and go', () => {
    const cache = new LruCache<number, number>(3);
    cache.set(0, 0);
    for (let i = 1; i <= 100; i++) {
      cache.set(i, i);
      expect(cache.get(0)).toBe(0);
    }
  });

  it('forgets an entry once 2 × maxEntries others have been set after it, and never holds more', () => {
    const cache = new LruCache<number, number>(4);
    cache.set(-1, -1);
    for (let i = 0; i < 8; i++) cache.set(i, i);
    expect(cache.get(-1)).toBeUndefined();
    for (let i = 8; i < 100; i++) {
      cache.set(i, i);
      expect(cache.size).toBeLessThanOrEqual(8);
    }
  });

  it('always holds the maxEntries most recently used keys with their latest values (model check)', () => {
    const op = fc.tuple(fc.constantFrom('get' as const, 'set' as const), fc.nat(24), fc.nat(1_000));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 300 }), (maxEntries, ops) => {
        const cache = new LruCache<number, number>(maxEntries);
        const latest = new Map<number, number>();
        const used: Op[] = [];
        for (const [kind, key, value] of ops) {
          if (kind === 'set') {
            cache.set(key, value);
            latest.set(key, value);
            used.push([kind, key, value]);
          } else {
            const got = cache.get(key);
            // A hit is always the latest value; a hit counts as a use, a miss does not.
            if (got !== undefined) {
              expect(got).toBe(latest.get(key));
              used.push([kind, key, value]);
            }
          }
          expect(cache.size).toBeLessThanOrEqual(2 * maxEntries);
        }
        for (const key of recentKeys(used, maxEntries)) expect(cache.get(key)).toBe(latest.get(key));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('forgets a deleted key in either generation', () => {
    const cache = new LruCache<number, number>(2);
    for (let i = 0; i < 4; i++) cache.set(i, i);
    // 0 and 1 are in the old generation, 2 and 3 in the young one.
    expect(cache.delete(0)).toBe(true);
    expect(cache.delete(3)).toBe(true);
    expect(cache.delete(3)).toBe(false);
    expect(cache.get(0)).toBeUndefined();
    expect(cache.get(3)).toBeUndefined();
    expect(cache.get(1)).toBe(1);
    expect(cache.size).toBe(2);
  });

  it('empties on clear', () => {
    const cache = new LruCache<number, number>(2);
    for (let i = 0; i < 5; i++) cache.set(i, i);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get(4)).toBeUndefined();
  });

  it('rejects a maxEntries that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new LruCache(bad)).toThrow(TypeError);
  });
});
