/**
 * UTF-8 well-formedness (Unicode §3.9, Table 3-7; RFC 3629 §4): no overlong forms, no encoded surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences. node:buffer's native `isUtf8` answers
 * yes/no fast; this scan runs only to locate the first offending byte for the report.
 */

/** Byte offset of the first ill-formed sequence in `bytes`, or undefined when all of it is well-formed UTF-8. */
export function findInvalidUtf8(bytes: Uint8Array): number | undefined {
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let size: number;
    // The allowed range of the second byte depends on the lead byte (Table 3-7); later bytes are 80..BF.
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      size = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      size = 3;
      if (lead === 0xe0) low = 0xa0; // below is an overlong 3-byte form
      if (lead === 0xed) high = 0x9f; // above encodes a UTF-16 surrogate
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      size = 4;
      if (lead === 0xf0) low = 0x90; // below is an overlong 4-byte form
      if (lead === 0xf4) high = 0x8f; // above is beyond U+10FFFF
    } else {
      // 80..C1 (continuation byte without a lead, or an overlong 2-byte lead) and F5..FF never start a sequence.
      return i;
    }
    if (i + size > length) return i;
    const second = bytes[i + 1] ?? 0;
    if (second < low || second > high) return i;
    for (let k = 2; k < size; k += 1) {
      const next = bytes[i + k] ?? 0;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += size;
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when a JavaScript string holds a lone surrogate (a JSON "\ud800" escape makes one): text that no UTF-8 store
 * keeps as sent. SQLite writes it as ill-formed bytes and reads back U+FFFD.
 */
export function isIllFormed(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
