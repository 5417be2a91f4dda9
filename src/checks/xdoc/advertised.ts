/** Reads the algorithm lists of discovery metadata into one entry per distinct algorithm. */
import { stringEntries, type Metadata } from '../discovery/support.js';

/** One distinct advertised value, with the pointer of its first occurrence and every list naming it. */
export interface Advertised {
  readonly alg: string;
  readonly pointer: string;
  readonly lists: readonly string[];
}

export function advertisedAlgorithms(doc: Metadata, lists: readonly string[]): readonly Advertised[] {
  const byAlg = new Map<string, { alg: string; pointer: string; lists: string[] }>();
  for (const list of lists) {
    for (const entry of stringEntries(doc, list) ?? []) {
      const seen = byAlg.get(entry.value);
      if (seen === undefined) byAlg.set(entry.value, { alg: entry.value, pointer: entry.pointer, lists: [list] });
      else if (!seen.lists.includes(list)) seen.lists.push(list);
    }
  }
  return [...byAlg.values()];
}
