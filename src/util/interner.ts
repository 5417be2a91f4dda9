/**
 * One shared copy per key of values that many long-lived records would otherwise each hold their own of: a fleet's
 * remembered verdicts repeat the same few finding texts, rule-id sets and key shapes. Bounded, least recently used
 * first out, since an input can invent keys (an unknown `alg`, a text naming a kid); a key pushed out only costs
 * sharing, never correctness.
 */
import { LruCache } from './lru-cache.js';

export class Interner<T> {
  private readonly copies: LruCache<string, T>;

  constructor(maxEntries: number) {
    this.copies = new LruCache(maxEntries);
  }

  /** The shared copy for `key`; `make` builds it the first time the key is seen. */
  of(key: string, make: () => T): T {
    const known = this.copies.get(key);
    if (known !== undefined) return known;
    const made = make();
    this.copies.set(key, made);
    return made;
  }
}
