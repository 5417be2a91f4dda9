import { describe, expect, it } from 'vitest';
import { Interner } from '../../src/util/interner.js';

describe('an interner', () => {
  it('hands out the first copy made for a key, building it once', () => {
    const interner = new Interner<{ readonly shape: string }>(4);
    let made = 0;
    const make = (shape: string) => () => {
      made++;
      return { shape };
    };
    const first = interner.of('a', make('a'));
    expect(interner.of('a', make('a'))).toBe(first);
    expect(interner.of('b', make('b'))).not.toBe(first);
    expect(made).toBe(2);
  });

  it('forgets the least recently used keys past its bound, and makes them again', () => {
    const interner = new Interner<object>(2);
    const first = interner.of('kept', () => ({}));
    for (let i = 0; i < 10; i++) {
      interner.of(`invented-${i}`, () => ({}));
      expect(interner.of('kept', () => ({}))).toBe(first);
    }
    const dropped = interner.of('invented-0', () => ({ again: true }));
    expect(dropped).toEqual({ again: true });
  });
});
