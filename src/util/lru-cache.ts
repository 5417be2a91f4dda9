/**
 * A bounded map that forgets the least recently used entries first, in O(1) per operation: two generations of
 * Maps. New and recently used entries go to the young generation; a hit in the old one moves the entry up. When
 * the young generation holds `maxEntries`, the old one is dropped whole and the young one becomes old.
 *
 * So the `maxEntries` most recently used keys are always held, and at most 2 × `maxEntries` are. (Evicting one
 * entry at a time from a single Map with `keys().next()` costs a scan over the deleted slots at its front, which
 * grows under churn until V8 rehashes the table.)
 */
export class LruCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('maxEntries must be a positive integer');
  }

  /** Entries held (each key is in one generation only). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged === undefined) return undefined;
    this.old.delete(key);
    this.promote(key, aged);
    return aged;
  }

  set(key: K, value: V): void {
    if (this.young.has(key)) {
      this.young.set(key, value);
      return;
    }
    this.old.delete(key);
    this.promote(key, value);
  }

  /** Forgets `key`; true when it was held. */
  delete(key: K): boolean {
    return this.young.delete(key) || this.old.delete(key);
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }

  private promote(key: K, value: V): void {
    if (this.young.size >= this.maxEntries) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
