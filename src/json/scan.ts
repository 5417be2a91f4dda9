/**
 * An iterative RFC 8259 scanner: syntax, nesting depth and duplicate member names, with explicit stacks instead
 * of recursion so no input can overflow the call stack. It builds no values (JSON.parse does that, natively).
 * One function with local state on purpose: this runs on every fetched document and is the hot path.
 */
import type { DuplicateMember } from './types.js';
import { escapePointerToken } from './pointer.js';

export interface ScanOutcome {
  /** The first syntax error (UTF-16 index into the text), unless the depth limit was hit first. */
  readonly error: { readonly message: string; readonly index: number } | undefined;
  /** UTF-16 index of the bracket that went past the depth limit; the scan stops there. */
  readonly tooDeepAt: number | undefined;
  readonly duplicates: readonly DuplicateMember[];
  readonly maxDepth: number;
}

/** Objects with more members than this switch from a linear scan to a Set for duplicate detection. */
const LINEAR_NAME_SCAN_LIMIT = 16;

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const COLON = 0x3a;
const UPPER_A = 0x41;
const UPPER_E = 0x45;
const UPPER_F = 0x46;
const LEFT_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RIGHT_BRACKET = 0x5d;
const LOWER_A = 0x61;
const LOWER_B = 0x62;
const LOWER_E = 0x65;
const LOWER_F = 0x66;
const LOWER_N = 0x6e;
const LOWER_R = 0x72;
const LOWER_T = 0x74;
const LOWER_U = 0x75;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
const UNICODE_ESCAPE_HEX_DIGITS = 4;
/** Characters a string holds unescaped: not '"', '\' or a control character U+0000..U+001F (RFC 8259 §7). Sticky. */
const PLAIN_STRING_RUN = /[^"\\\u0000-\u001f]*/y;

/** What the scanner expects next. */
const EXPECT_VALUE = 0;
const EXPECT_NAME = 1;
const AFTER_VALUE = 2;

const OBJECT = 1;
const ARRAY = 2;

/** Where the first failure was; a mutable sink so the helpers can report without allocating on success. */
interface Failure {
  message: string | undefined;
  index: number;
}

/**
 * Scans `text` as one JSON text. With `strict` false, string contents (escapes, control characters) are not
 * validated, only string boundaries are found (natively, with indexOf): exact for any text JSON.parse accepts,
 * and the caller reruns strictly when JSON.parse refuses the text, to say what is wrong and where.
 */
export function scanJson(text: string, limit: number, strict: boolean): ScanOutcome {
  const length = text.length;
  const failure: Failure = { message: undefined, index: 0 };
  // Per open container, indexed by depth (1-based): its kind and its current member name / element index.
  const kinds: number[] = [0];
  const tokens: (string | number)[] = [''];
  const names = new NameTracker();
  const duplicates = new DuplicateLog();
  let i = 0;
  let depth = 0;
  let maxDepth = 0;
  let tooDeepAt: number | undefined;
  let state = EXPECT_VALUE;
  /** Index of the next backslash at or after the current string (length when none): strings ending before it have no escapes. */
  let nextBackslash = -1;

  scan: for (;;) {
    let c = text.charCodeAt(i);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++i);

    if (state === AFTER_VALUE) {
      if (depth === 0) {
        if (i < length) fail(failure, 'unexpected data after the JSON value', i);
        break;
      }
      if (kinds[depth] === OBJECT) {
        if (c === COMMA) {
          i += 1;
          state = EXPECT_NAME;
        } else if (c === RIGHT_BRACE) {
          i += 1;
          names.close(depth);
          depth -= 1;
        } else {
          unexpected(failure, text, i, "',' or '}' after an object member");
          break;
        }
      } else if (c === COMMA) {
        const index = tokens[depth];
        tokens[depth] = typeof index === 'number' ? index + 1 : 0;
        i += 1;
        state = EXPECT_VALUE;
      } else if (c === RIGHT_BRACKET) {
        i += 1;
        depth -= 1;
      } else {
        unexpected(failure, text, i, "',' or ']' after an array element");
        break;
      }
      continue;
    }

    if (state === EXPECT_NAME) {
      if (c !== QUOTE) {
        unexpected(failure, text, i, 'a member name (a string)');
        break;
      }
    } else if (c === LEFT_BRACE || c === LEFT_BRACKET) {
      if (depth + 1 > limit) {
        maxDepth = depth + 1;
        tooDeepAt = i;
        break;
      }
      depth += 1;
      if (depth > maxDepth) maxDepth = depth;
      i += 1;
      if (c === LEFT_BRACE) {
        kinds[depth] = OBJECT;
        names.open(depth);
        state = EXPECT_NAME;
        // '{}' is the one place where a name is optional.
        let d = text.charCodeAt(i);
        while (d === SPACE || d === LF || d === CR || d === TAB) d = text.charCodeAt(++i);
        if (d === RIGHT_BRACE) {
          i += 1;
          names.close(depth);
          depth -= 1;
          state = AFTER_VALUE;
        }
      } else {
        kinds[depth] = ARRAY;
        tokens[depth] = 0;
        state = EXPECT_VALUE;
        let d = text.charCodeAt(i);
        while (d === SPACE || d === LF || d === CR || d === TAB) d = text.charCodeAt(++i);
        if (d === RIGHT_BRACKET) {
          i += 1;
          depth -= 1;
          state = AFTER_VALUE;
        }
      }
      continue;
    } else if (c !== QUOTE) {
      const end = scalarEnd(text, i, c, failure);
      if (end < 0) break;
      i = end;
      state = AFTER_VALUE;
      continue;
    }

    // A string: a value, or a member name (state EXPECT_NAME).
    let end = -1;
    if (!strict) {
      const close = text.indexOf('"', i + 1);
      if (nextBackslash <= i) {
        const backslash = text.indexOf('\\', i + 1);
        nextBackslash = backslash < 0 ? length : backslash;
      }
      if (close >= 0 && close < nextBackslash) end = close + 1;
    }
    if (end < 0) {
      end = strictStringEnd(text, i, failure);
      if (end < 0) break;
    }
    if (state === EXPECT_VALUE) {
      i = end;
      state = AFTER_VALUE;
      continue;
    }

    const raw = text.slice(i + 1, end - 1);
    // Compare decoded names: "a" and "\u0061" are the same member (RFC 8259 §8.3).
    const name = raw.includes('\\') ? decodeName(raw) : raw;
    if (names.isDuplicate(depth, name)) duplicates.record(tokens, depth, name);
    tokens[depth] = name;
    i = end;
    c = text.charCodeAt(i);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++i);
    if (c !== COLON) {
      unexpected(failure, text, i, "':' after a member name");
      break scan;
    }
    i += 1;
    state = EXPECT_VALUE;
  }

  return {
    error: failure.message === undefined ? undefined : { message: failure.message, index: failure.index },
    tooDeepAt,
    duplicates: duplicates.entries,
    maxDepth,
  };
}

/**
 * Member names of the open objects on one flat stack: an object's names start at `start[depth]`, and closing it
 * truncates the stack back, so the common (small) object allocates nothing. A large object switches to a Set,
 * since a linear scan per member would be quadratic (a 1 MiB body can hold ~100k members).
 */
class NameTracker {
  private readonly names: string[] = [];
  private readonly start: number[] = [0];
  private readonly sets: (Set<string> | undefined)[] = [undefined];

  open(depth: number): void {
    this.start[depth] = this.names.length;
    this.sets[depth] = undefined;
  }

  close(depth: number): void {
    this.names.length = this.start[depth] ?? 0;
    this.sets[depth] = undefined;
  }

  /** Notes `name` in the object at `depth`; true when that object already had it. */
  isDuplicate(depth: number, name: string): boolean {
    const set = this.sets[depth];
    if (set !== undefined) {
      if (set.has(name)) return true;
      set.add(name);
      return false;
    }
    const names = this.names;
    const from = this.start[depth] ?? 0;
    for (let k = from; k < names.length; k += 1) {
      if (names[k] === name) return true;
    }
    names.push(name);
    if (names.length - from > LINEAR_NAME_SCAN_LIMIT) {
      this.sets[depth] = new Set(names.slice(from));
      names.length = from;
    }
    return false;
  }
}

/** Duplicate member names, once per name per object, each with the pointer of its object. */
class DuplicateLog {
  readonly entries: DuplicateMember[] = [];
  /** Pointer and name of each entry, so a body full of duplicates is logged in linear time. */
  private readonly seen = new Set<string>();

  record(tokens: readonly (string | number)[], depth: number, name: string): void {
    let pointer = '';
    for (let d = 1; d < depth; d += 1) {
      const token = tokens[d] ?? '';
      pointer += `/${typeof token === 'number' ? String(token) : escapePointerToken(token)}`;
    }
    // The member's own pointer: unique per (object, name), since tokens are escaped.
    const key = `${pointer}/${escapePointerToken(name)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.entries.push({ pointer, name });
  }
}

/** End of the number or literal at `i` (starting with `c`), or -1 after reporting a failure. */
function scalarEnd(text: string, i: number, c: number, failure: Failure): number {
  if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) return numberEnd(text, i, failure);
  const literal = c === LOWER_T ? 'true' : c === LOWER_F ? 'false' : c === LOWER_N ? 'null' : undefined;
  if (literal === undefined) {
    unexpected(failure, text, i, 'a value');
    return -1;
  }
  if (!text.startsWith(literal, i)) {
    fail(failure, `invalid literal; expected ${literal}`, i);
    return -1;
  }
  return i + literal.length;
}

/** RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
function numberEnd(text: string, i: number, failure: Failure): number {
  let j = i;
  if (text.charCodeAt(j) === MINUS) j += 1;
  const first = text.charCodeAt(j);
  if (first === DIGIT_0) {
    j += 1;
    if (isDigit(text.charCodeAt(j))) {
      fail(failure, 'number with a leading zero', j - 1);
      return -1;
    }
  } else if (isDigit(first)) {
    j = skipDigits(text, j + 1);
  } else {
    fail(failure, 'invalid number; expected a digit', j);
    return -1;
  }
  if (text.charCodeAt(j) === DOT) {
    if (!isDigit(text.charCodeAt(j + 1))) {
      fail(failure, 'invalid number; expected a digit after the decimal point', j + 1);
      return -1;
    }
    j = skipDigits(text, j + 1);
  }
  const e = text.charCodeAt(j);
  if (e === LOWER_E || e === UPPER_E) {
    j += 1;
    const sign = text.charCodeAt(j);
    if (sign === PLUS || sign === MINUS) j += 1;
    if (!isDigit(text.charCodeAt(j))) {
      fail(failure, 'invalid number; expected a digit in the exponent', j);
      return -1;
    }
    j = skipDigits(text, j);
  }
  return j;
}

/** The index after the closing quote of the string opening at `start`, validating its contents; -1 on failure. */
function strictStringEnd(text: string, start: number, failure: Failure): number {
  const length = text.length;
  let j = start + 1;
  for (;;) {
    // Skip the run of plain characters natively: most of a JWKS is long base64url strings.
    PLAIN_STRING_RUN.lastIndex = j;
    PLAIN_STRING_RUN.test(text);
    j = PLAIN_STRING_RUN.lastIndex;
    if (j >= length) {
      fail(failure, 'unterminated string', start);
      return -1;
    }
    const c = text.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c !== BACKSLASH) {
      fail(failure, 'unescaped control character in string', j);
      return -1;
    }
    const e = text.charCodeAt(j + 1);
    if (
      e === QUOTE ||
      e === BACKSLASH ||
      e === SLASH ||
      e === LOWER_B ||
      e === LOWER_F ||
      e === LOWER_N ||
      e === LOWER_R ||
      e === LOWER_T
    ) {
      j += 2;
    } else if (e === LOWER_U) {
      // Any four hex digits, lone surrogates included, as JSON.parse accepts them (RFC 8259 §7, §8.2).
      for (let k = 0; k < UNICODE_ESCAPE_HEX_DIGITS; k += 1) {
        if (!isHexDigit(text.charCodeAt(j + 2 + k))) {
          fail(failure, 'invalid \\u escape; expected four hex digits', j);
          return -1;
        }
      }
      j += 2 + UNICODE_ESCAPE_HEX_DIGITS;
    } else {
      fail(failure, j + 1 >= length ? 'unterminated string' : 'invalid escape sequence in string', j);
      return -1;
    }
  }
}

function unexpected(failure: Failure, text: string, i: number, expected: string): void {
  if (i >= text.length) {
    fail(failure, `unexpected end of input; expected ${expected}`, i);
    return;
  }
  const found = String.fromCodePoint(text.codePointAt(i) ?? 0);
  fail(failure, `unexpected character ${JSON.stringify(found)}; expected ${expected}`, i);
}

function fail(failure: Failure, message: string, index: number): void {
  if (failure.message !== undefined) return;
  failure.message = message;
  failure.index = index;
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

function isHexDigit(c: number): boolean {
  return (c >= DIGIT_0 && c <= DIGIT_9) || (c >= UPPER_A && c <= UPPER_F) || (c >= LOWER_A && c <= LOWER_F);
}

function skipDigits(text: string, from: number): number {
  let j = from;
  while (isDigit(text.charCodeAt(j))) j += 1;
  return j;
}

/** Decodes a member name that holds escapes (rare). */
function decodeName(raw: string): string {
  try {
    const decoded: unknown = JSON.parse(`"${raw}"`);
    return typeof decoded === 'string' ? decoded : raw;
  } catch {
    // Only in the non-strict scan, which does not validate escapes; JSON.parse then refuses the text and the
    // strict scan reruns.
    return raw;
  }
}
