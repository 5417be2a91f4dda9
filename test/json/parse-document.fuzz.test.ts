/**
 * Differential fuzzing against the native JSON.parse (the reference for RFC 8259 syntax) and TextDecoder
 * (the reference for UTF-8): seeded, so a failure reproduces; bounded in runs and in the size of each value.
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../src/json/types.js';
import { DEFAULT_MAX_DEPTH, parseDocument } from '../../src/json/parse-document.js';
import { scanJson } from '../../src/json/scan.js';
import { findInvalidUtf8 } from '../../src/json/utf8.js';
import { childPointer } from '../../src/json/pointer.js';

const SEED = 20_260_601;
const RUNS = 3_000;
const MAX_VALUE_DEPTH = 4;
const MAX_MUTATIONS = 3;
const BITS_PER_BYTE = 8;
const fuzzOptions = { seed: SEED, numRuns: RUNS } as const;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Fragments that are likely to turn valid JSON into a near miss (or keep it valid). */
const FRAGMENTS = [
  ',',
  ']',
  '}',
  '[',
  '{',
  '"',
  '\\',
  ':',
  '0',
  '-',
  '.',
  'e',
  '+',
  ' ',
  '\t',
  '\n',
  '\u0000',
  '\u001f',
  '\u007f',
  'é',
  '😀',
  '\ud800',
  'tru',
  'null',
  '\\u',
  '\\ud800',
  '\\x',
  '//',
  '/*',
  '\ufeff',
  '1e',
  '01',
  '"a":1',
  ',"a":1',
] as const;

type Mutation =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'insert'; readonly at: number; readonly fragment: string }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: BITS_PER_BYTE - 1 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), fragment: fc.constantFrom(...FRAGMENTS) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
);

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
  switch (m.kind) {
    case 'truncate':
      return bytes.slice(0, at);
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = bytes.slice();
      const index = at % bytes.length;
      copy[index] = (copy[index] ?? 0) ^ (1 << m.bit);
      return copy;
    }
    case 'insert':
      return new Uint8Array([...bytes.subarray(0, at), ...encoder.encode(m.fragment), ...bytes.subarray(at)]);
    case 'delete':
      return new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + m.count)]);
  }
}

const jsonText = fc.tuple(
  fc.oneof(
    fc.jsonValue({ maxDepth: MAX_VALUE_DEPTH }),
    fc.jsonValue({ maxDepth: MAX_VALUE_DEPTH, stringUnit: 'binary' }),
  ),
  fc.constantFrom(undefined, 2, '\t'),
);

/** The document as the references see it: bytes after a BOM, decoded strictly (undefined if not UTF-8). */
function reference(bytes: Uint8Array): { text: string | undefined } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return { text: strictDecoder.decode(bom ? bytes.subarray(3) : bytes) };
  } catch {
    return { text: undefined };
  }
}

function assertAgreesWithReferences(bytes: Uint8Array): ParsedDocument {
  let doc: ParsedDocument | undefined;
  expect(() => {
    doc = parseDocument(bytes);
  }).not.toThrow();
  if (doc === undefined) throw new Error('unreachable');
  const { text } = reference(bytes);
  // Exactly one reason when not ok; offsets inside the input.
  const reasons = [doc.invalidUtf8At, doc.syntaxError, doc.tooDeep].filter((r) => r !== undefined);
  expect(reasons.length).toBe(doc.ok ? 0 : 1);
  expect(doc.invalidUtf8At !== undefined).toBe(text === undefined);
  for (const offset of [doc.invalidUtf8At, doc.syntaxError?.offset, doc.tooDeep?.offset]) {
    if (offset !== undefined) expect(offset).toBeLessThanOrEqual(bytes.length);
  }
  if (text !== undefined && doc.tooDeep === undefined) {
    let expected: unknown;
    let accepted = true;
    try {
      expected = JSON.parse(text);
    } catch {
      accepted = false;
    }
    expect(doc.ok).toBe(accepted);
    if (accepted) expect(doc.value).toStrictEqual(expected);
    // The strict scan (used to locate errors) agrees with JSON.parse too, so the fallback path stays unreachable.
    expect(scanJson(text, DEFAULT_MAX_DEPTH, true).error === undefined).toBe(accepted);
    if (accepted) {
      const lenient = scanJson(text, DEFAULT_MAX_DEPTH, false);
      const strict = scanJson(text, DEFAULT_MAX_DEPTH, true);
      expect(lenient.duplicates).toEqual(strict.duplicates);
      expect(lenient.maxDepth).toBe(strict.maxDepth);
    }
  }
  return doc;
}

describe('parseDocument, fuzzed against JSON.parse', () => {
  it('accepts every serialised JSON value with the same value and no duplicates', () => {
    fc.assert(
      fc.property(jsonText, ([value, indent]) => {
        const doc = assertAgreesWithReferences(encoder.encode(JSON.stringify(value, null, indent)));
        expect(doc.ok).toBe(true);
        expect(doc.duplicateMembers).toEqual([]);
      }),
      fuzzOptions,
    );
  });

  it('never throws and agrees with JSON.parse on mutated documents', () => {
    fc.assert(
      fc.property(jsonText, fc.array(mutation, { minLength: 1, maxLength: MAX_MUTATIONS }), ([value, indent], ms) => {
        let bytes: Uint8Array = encoder.encode(JSON.stringify(value, null, indent));
        for (const m of ms) bytes = mutate(bytes, m);
        assertAgreesWithReferences(bytes);
      }),
      fuzzOptions,
    );
  });

  it('finds a duplicated member, however its name is spelt, at the pointer of its object', () => {
    const member = fc.tuple(fc.string({ unit: 'binary', maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(
        fc.uniqueArray(member, { minLength: 1, maxLength: 6, selector: ([name]) => name }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        fc.string({ unit: 'binary', maxLength: 4 }),
        (members, pick, position, escapeName, outerName) => {
          const [name, value] = members[pick % members.length] ?? ['', null];
          const entries = members.map(([n, v]) => `${JSON.stringify(n)}:${JSON.stringify(v)}`);
          const spelt = escapeName && name.length > 0 ? escapeFirstUnit(name) : JSON.stringify(name);
          entries.splice(position % (entries.length + 1), 0, `${spelt}:${JSON.stringify(value)}`);
          const text = `{${JSON.stringify(outerName)}:[{${entries.join(',')}}]}`;
          const doc = assertAgreesWithReferences(encoder.encode(text));
          expect(doc.ok).toBe(true);
          const holder = childPointer(childPointer('', outerName), 0);
          expect(doc.duplicateMembers).toEqual([{ pointer: holder, name }]);
          // The dropped occurrence, read back as a first-wins parser would: the same value here.
          expect(doc.shadowedValues).toEqual([
            { pointer: childPointer(holder, name), name, value: JSON.parse(JSON.stringify(value)) },
          ]);
        },
      ),
      fuzzOptions,
    );
  });

  it('locates invalid UTF-8 exactly where node:buffer says the bytes stop being UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const at = findInvalidUtf8(bytes);
        expect(at === undefined).toBe(isUtf8(bytes));
        if (at !== undefined) {
          expect(isUtf8(bytes.subarray(0, at))).toBe(true);
        }
      }),
      fuzzOptions,
    );
  });
});

/** The name as a JSON string literal whose first UTF-16 unit is written as a \u escape. */
function escapeFirstUnit(name: string): string {
  const hex = name.charCodeAt(0).toString(16).padStart(4, '0');
  return `"\\u${hex}${JSON.stringify(name.slice(1)).slice(1)}`;
}
