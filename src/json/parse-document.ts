/**
 * Reads a document's bytes as JSON for the byte and tokenizer rules (`transport.body.*`, `jwks.doc.*`):
 * BOM, UTF-8 (RFC 8259 §8.1), strict RFC 8259 syntax, nesting depth and duplicate member names (RFC 8259 §4,
 * RFC 7517 §4-5), the last three of which `JSON.parse` does not report. The scan is iterative, so no input can
 * overflow the stack, and it stops at the depth limit before anything is parsed; the value comes from the native
 * `JSON.parse`. Never throws on any input (a bad `maxDepth` option is a caller bug: TypeError).
 */
import { isUtf8 } from 'node:buffer';
import type { DuplicateMember, ParsedDocument, ShadowedValue } from './types.js';
import { scanJson } from './scan.js';
import { shadowedValues as findShadowedValues } from './shadowed.js';
import { findInvalidUtf8 } from './utf8.js';

/** Deepest nesting accepted by default: far beyond any real JWKS (3) or discovery document (4). */
export const DEFAULT_MAX_DEPTH = 64;

export interface ParseDocumentOptions {
  /** Nesting deeper than this is reported as `tooDeep` and the value is not parsed. */
  readonly maxDepth?: number;
}

const NONE_SHADOWED: readonly ShadowedValue[] = Object.freeze([]);

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** Decodes only bytes that `isUtf8` accepted; `ignoreBOM` keeps a second U+FEFF in the text, where it is an error. */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export function parseDocument(bytes: Uint8Array, options: ParseDocumentOptions = {}): ParsedDocument {
  const limit = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new TypeError(`maxDepth must be a non-negative integer, got ${String(limit)}`);
  }
  const bom =
    bytes.length >= UTF8_BOM.length && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
  const start = bom ? UTF8_BOM.length : 0;
  const body = bytes.subarray(start);
  let invalidUtf8At: number | undefined;
  let syntaxError: ParsedDocument['syntaxError'];
  let tooDeep: ParsedDocument['tooDeep'];
  let duplicateMembers: readonly DuplicateMember[] = [];
  let shadowedValues: readonly ShadowedValue[] = NONE_SHADOWED;
  let maxDepth = 0;
  let ok = false;
  let value: unknown;

  if (isUtf8(body)) {
    const text = decoder.decode(body);
    // Fast path: a structural scan (depth, member names, string boundaries), then the native parser, which is the
    // reference for RFC 8259 syntax. Only when either objects does the strict scan run, to say what and where.
    let scan = scanJson(text, limit, false);
    let parseError = 'JSON.parse refused the text';
    if (scan.error === undefined && scan.tooDeepAt === undefined) {
      try {
        value = JSON.parse(text);
        ok = true;
      } catch (error) {
        parseError = error instanceof Error ? error.message : String(error);
      }
    }
    if (!ok) {
      scan = scanJson(text, limit, true);
      if (scan.tooDeepAt !== undefined) {
        tooDeep = { limit, offset: start + byteOffset(text, scan.tooDeepAt) };
      } else if (scan.error !== undefined) {
        syntaxError = { message: scan.error.message, offset: start + byteOffset(text, scan.error.index) };
      } else {
        // The strict scan accepted what JSON.parse refused: report it, never throw (the fuzz test keeps this unreachable).
        syntaxError = { message: parseError, offset: start };
      }
    }
    duplicateMembers = scan.duplicates;
    maxDepth = scan.maxDepth;
    if (ok && duplicateMembers.length > 0) shadowedValues = findShadowedValues(text);
  } else {
    // `isUtf8` and the scan implement the same definition; 0 is only a fallback should they ever disagree.
    invalidUtf8At = start + (findInvalidUtf8(body) ?? 0);
  }
  // One literal, no spreads: this is the hot path.
  return {
    bytes: bytes.length,
    bom,
    ok,
    value,
    invalidUtf8At,
    syntaxError,
    tooDeep,
    duplicateMembers,
    shadowedValues,
    maxDepth,
  };
}

/** UTF-8 byte offset of UTF-16 index `index` in `text` (only computed for a report, never on the fast path). */
function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}
