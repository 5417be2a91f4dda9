/**
 * Long-lived byte arrays, compactly. `Buffer.from(string, …)` hands out slices of a shared 8 KB pool, and one live
 * slice keeps its whole slab alive; the engine keeps the decoded members of every distinct key it has seen, so
 * those slices would pin slabs full of freed bytes. Packing a key's arrays into one buffer of their exact total
 * size costs one copy and one allocation per key.
 */

/** Views, in order, over one new buffer holding copies of `parts`. */
export function packBytes(parts: readonly Uint8Array[]): Uint8Array[] {
  let total = 0;
  for (const part of parts) total += part.length;
  const arena = new Uint8Array(total);
  let offset = 0;
  return parts.map((part) => {
    arena.set(part, offset);
    offset += part.length;
    return arena.subarray(offset - part.length, offset);
  });
}
