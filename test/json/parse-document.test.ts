import { describe, expect, it } from 'vitest';
import { isRecord } from '../../src/json/guards.js';
import { DEFAULT_MAX_DEPTH, parseDocument } from '../../src/json/parse-document.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const parse = (text: string) => parseDocument(utf8(text));
const NESTING_ATTACK_DEPTH = 20_000;

describe('parseDocument on valid JSON', () => {
  it('parses a JWKS and reports its nesting depth', () => {
    const text = '{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]}';
    const doc = parse(text);
    expect(doc.ok).toBe(true);
    expect(doc.value).toEqual({ keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] });
    expect(doc.maxDepth).toBe(3);
    expect(doc.bytes).toBe(text.length);
    expect(doc).toMatchObject({ bom: false, invalidUtf8At: undefined, syntaxError: undefined, tooDeep: undefined });
    expect(doc.duplicateMembers).toEqual([]);
  });

  it.each([
    ['a top-level scalar', ' 42 ', 42, 0],
    ['a string with every escape', '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"', '"\\/\b\f\n\r\té', 0],
    ['a lone surrogate escape, as JSON.parse accepts it', '"\\ud800"', '\ud800', 0],
    ['an escaped surrogate pair', '"\\ud83d\\ude00"', '😀', 0],
    ['non-ASCII text', '{"名前":"é😀"}', { 名前: 'é😀' }, 1],
    ['numbers in every form', '[0,-0,1.5,-2e10,3E+2,4e-2,10]', [0, -0, 1.5, -2e10, 300, 0.04, 10], 1],
    ['literals and empty containers', '[true,false,null,{},[]]', [true, false, null, {}, []], 2],
    ['JSON whitespace everywhere', '\t\r\n{ "a" :\n[ 1 , 2 ] }\n', { a: [1, 2] }, 2],
  ])('parses %s', (_name, text, expected, depth) => {
    const doc = parse(text);
    expect(doc.ok).toBe(true);
    expect(doc.value).toEqual(expected);
    expect(doc.maxDepth).toBe(depth);
  });

  it('keeps a member named __proto__ as data', () => {
    const doc = parse('{"__proto__":{"polluted":true}}');
    expect(doc.ok).toBe(true);
    expect(isRecord(doc.value) && Object.hasOwn(doc.value, '__proto__')).toBe(true);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('parseDocument on syntax errors', () => {
  it.each([
    ['empty input', '', 0],
    ['only whitespace', '  ', 2],
    ['a trailing comma in an object', '{"a":1,}', 7],
    ['a trailing comma in an array', '[1,2,]', 5],
    ['a leading comma', '[,1]', 1],
    ['a line comment', '{"a":1} // note', 8],
    ['a block comment', '/* c */ {}', 0],
    ['a leading zero', '[01]', 1],
    ['a leading zero after a minus', '-01', 1],
    ['a bare minus', '-', 1],
    ['a decimal point without digits', '1.', 2],
    ['an exponent without digits', '1e+', 3],
    ['a leading plus', '+1', 0],
    ['a hex number', '0x10', 1],
    ['NaN', 'NaN', 0],
    ['a single-quoted string', "'a'", 0],
    ['an unquoted member name', '{a:1}', 1],
    ['a missing colon', '{"a" 1}', 5],
    ['a missing comma', '[1 2]', 3],
    ['an unterminated string', '{"a":"abc', 5],
    ['an unterminated array', '[1,2', 4],
    ['an unterminated object', '{"a":1', 6],
    ['a raw control character in a string', '"a\u0001b"', 2],
    ['a raw newline in a string', '"a\nb"', 2],
    ['a raw tab in a string', '"a\tb"', 2],
    ['an invalid escape', '"\\x41"', 1],
    ['a short unicode escape', '"\\u12g4"', 1],
    ['a truncated literal', 'tru', 0],
    ['a capitalised literal', 'True', 0],
    ['a second value', '{} {}', 3],
    ['a mismatched bracket', '[1}', 2],
    ['a non-JSON whitespace character', '\u00a0{}', 0],
    ['a byte order mark after the first one', '\ufeff\ufeff{}', 3],
  ])('rejects %s, with the byte offset of the problem', (_name, text, offset) => {
    const doc = parse(text);
    expect(doc.ok).toBe(false);
    expect(doc.value).toBeUndefined();
    expect(doc.syntaxError?.offset).toBe(offset);
    expect(doc.syntaxError?.message).toEqual(expect.any(String));
    expect(() => JSON.parse(text.replace(/^\ufeff/, ''))).toThrow();
  });

  it('reports offsets in bytes, not UTF-16 units', () => {
    // '[' and '"' are 1 byte each, "é" 2 and "😀" 4; then '"' and ',': the ']' is at byte 10 (UTF-16 index 7).
    const doc = parse('["\u00e9😀",]');
    expect(doc.syntaxError?.offset).toBe(10);
  });
});

describe('parseDocument on the encoding', () => {
  it('skips a UTF-8 byte order mark and says it was there', () => {
    const doc = parseDocument(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"keys":[]}')]));
    expect(doc.bom).toBe(true);
    expect(doc.ok).toBe(true);
    expect(doc.value).toEqual({ keys: [] });
    expect(doc.bytes).toBe(14);
  });

  it.each([
    ['an overlong encoding of "/"', [0x22, 0xc0, 0xaf, 0x22], 1],
    ['an overlong three-byte form', [0x22, 0xe0, 0x80, 0xaf, 0x22], 1],
    ['an encoded lone surrogate (CESU-8)', [0x22, 0x61, 0xed, 0xa0, 0x80, 0x22], 2],
    ['a truncated sequence', [0x22, 0x61, 0x62, 0xe2, 0x82], 3],
    ['a truncated sequence before more text', [0x22, 0xe2, 0x82, 0x22], 1],
    ['a stray continuation byte', [0x7b, 0x7d, 0x80], 2],
    ['a code point above U+10FFFF', [0x22, 0xf4, 0x90, 0x80, 0x80, 0x22], 1],
    ['a byte that never occurs in UTF-8', [0x22, 0xff, 0x22], 1],
    ['Latin-1 text', [0x22, 0x63, 0x61, 0x66, 0xe9, 0x22], 4],
  ])('rejects %s, with the byte offset, and does not parse', (_name, bytes, offset) => {
    const doc = parseDocument(new Uint8Array(bytes));
    expect(doc.ok).toBe(false);
    expect(doc.invalidUtf8At).toBe(offset);
    expect(doc.syntaxError).toBeUndefined();
  });

  it('counts the byte order mark in the offset of invalid UTF-8', () => {
    const doc = parseDocument(new Uint8Array([0xef, 0xbb, 0xbf, 0x22, 0xc0, 0x80, 0x22]));
    expect(doc.bom).toBe(true);
    expect(doc.invalidUtf8At).toBe(4);
  });

  it('reads a document in a view that does not start at the beginning of its buffer', () => {
    const buffer = utf8('xx{"a":1}');
    const doc = parseDocument(buffer.subarray(2));
    expect(doc.value).toEqual({ a: 1 });
  });
});

describe('parseDocument on duplicate member names', () => {
  it('records duplicates at the top level and in nested objects with their pointers', () => {
    const doc = parse('{"keys":[{"kid":"a","kty":"RSA"},{"kid":"b","kid":"c"}],"keys":[]}');
    expect(doc.ok).toBe(true);
    expect(doc.duplicateMembers).toEqual([
      { pointer: '/keys/1', name: 'kid' },
      { pointer: '', name: 'keys' },
    ]);
  });

  it('compares decoded names, so an escaped spelling is a duplicate', () => {
    const doc = parse('{"kid":"x","k\\u0069d":"y","\\u006B\\u0069\\u0064":"z"}');
    expect(doc.duplicateMembers).toEqual([{ pointer: '', name: 'kid' }]);
  });

  it('treats names differing in case or normalisation as different', () => {
    expect(parse('{"kid":1,"KID":2,"é":3,"e\u0301":4}').duplicateMembers).toEqual([]);
  });

  it('escapes ~ and / in the pointer of the holding object (RFC 6901)', () => {
    const doc = parse('{"a/b":{"c~d":[{"x":1,"x":2}]}}');
    expect(doc.duplicateMembers).toEqual([{ pointer: '/a~1b/c~0d/0', name: 'x' }]);
  });

  it('does not confuse the same name in sibling or nested objects with a duplicate', () => {
    const doc = parse('{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}');
    expect(doc.duplicateMembers).toEqual([]);
  });

  it('reports a name repeated many times once per object', () => {
    expect(parse('{"d":1,"d":2,"d":3}').duplicateMembers).toEqual([{ pointer: '', name: 'd' }]);
  });

  it('finds a duplicate in an object with many members', () => {
    const members = Array.from({ length: 500 }, (_, i) => `"m${i}":${i}`);
    members.push('"m250":0');
    const doc = parse(`{"big":{${members.join(',')}}}`);
    expect(doc.duplicateMembers).toEqual([{ pointer: '/big', name: 'm250' }]);
  });

  it('keeps the values JSON.parse drops (all but the last), with the pointer of the member they lose to', () => {
    const doc = parse(
      '{"keys":[{"d":"first","kid":"a \\" } ] {","d" : "second"}], "n": -1.5e3, "keys" : [], "keys":{"k":[true,null]}}',
    );
    expect(doc.value).toEqual({ keys: { k: [true, null] }, n: -1500 });
    expect(doc.shadowedValues).toEqual([
      { pointer: '/keys/0/d', name: 'd', value: 'first' },
      { pointer: '/keys', name: 'keys', value: [{ d: 'second', kid: 'a " } ] {' }] },
      { pointer: '/keys', name: 'keys', value: [] },
    ]);
    expect(parse('{"a":{"b":1},"c":[{"b":2}]}').shadowedValues).toEqual([]);
  });

  it('records duplicates seen before a syntax error', () => {
    const doc = parse('{"a":1,"a":2,}');
    expect(doc.ok).toBe(false);
    expect(doc.syntaxError).toBeDefined();
    expect(doc.duplicateMembers).toEqual([{ pointer: '', name: 'a' }]);
  });
});

describe('parseDocument on deep nesting', () => {
  it('accepts nesting up to the limit', () => {
    const text = `${'['.repeat(DEFAULT_MAX_DEPTH)}${']'.repeat(DEFAULT_MAX_DEPTH)}`;
    const doc = parse(text);
    expect(doc.ok).toBe(true);
    expect(doc.maxDepth).toBe(DEFAULT_MAX_DEPTH);
  });

  it('stops one level past the limit, with the offset of the bracket', () => {
    const depth = DEFAULT_MAX_DEPTH + 1;
    const doc = parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(doc.ok).toBe(false);
    expect(doc.value).toBeUndefined();
    expect(doc.tooDeep).toEqual({ limit: DEFAULT_MAX_DEPTH, offset: DEFAULT_MAX_DEPTH });
    expect(doc.syntaxError).toBeUndefined();
  });

  it('reports 20,000 nested arrays as too deep without overflowing the stack', () => {
    const doc = parse(`${'['.repeat(NESTING_ATTACK_DEPTH)}${']'.repeat(NESTING_ATTACK_DEPTH)}`);
    expect(doc.ok).toBe(false);
    expect(doc.tooDeep?.limit).toBe(DEFAULT_MAX_DEPTH);
  });

  it('reports 20,000 nested objects as too deep without overflowing the stack', () => {
    const doc = parse(`${'{"a":'.repeat(NESTING_ATTACK_DEPTH)}1${'}'.repeat(NESTING_ATTACK_DEPTH)}`);
    expect(doc.ok).toBe(false);
    expect(doc.tooDeep).toEqual({ limit: DEFAULT_MAX_DEPTH, offset: 5 * DEFAULT_MAX_DEPTH });
  });

  it('reports an unclosed 20,000-level nesting as too deep rather than unterminated', () => {
    expect(parse('['.repeat(NESTING_ATTACK_DEPTH)).tooDeep).toBeDefined();
  });

  it('reports the syntax error when it comes before the depth limit', () => {
    const doc = parse(`[1 ${'['.repeat(NESTING_ATTACK_DEPTH)}`);
    expect(doc.syntaxError?.offset).toBe(3);
    expect(doc.tooDeep).toBeUndefined();
  });

  it('takes the limit from the options', () => {
    expect(parseDocument(utf8('[[1]]'), { maxDepth: 1 }).tooDeep).toEqual({ limit: 1, offset: 1 });
    expect(parseDocument(utf8('[[1]]'), { maxDepth: 2 }).ok).toBe(true);
    expect(parseDocument(utf8('1'), { maxDepth: 0 }).ok).toBe(true);
  });

  it('parses 20,000 levels when the limit allows it, iteratively', () => {
    const doc = parseDocument(utf8(`${'['.repeat(NESTING_ATTACK_DEPTH)}${']'.repeat(NESTING_ATTACK_DEPTH)}`), {
      maxDepth: NESTING_ATTACK_DEPTH,
    });
    expect(doc.ok).toBe(true);
    expect(doc.maxDepth).toBe(NESTING_ATTACK_DEPTH);
  });

  it('rejects a maxDepth that is not a non-negative integer as a caller bug', () => {
    expect(() => parseDocument(utf8('1'), { maxDepth: -1 })).toThrow(TypeError);
    expect(() => parseDocument(utf8('1'), { maxDepth: Number.NaN })).toThrow(TypeError);
  });
});

describe('parseDocument on hostile bodies of 1 MiB', () => {
  const MIB = 1024 * 1024;
  /** Generous: each takes milliseconds; a quadratic scan would take minutes. */
  const BOUND_MS = 5_000;

  const timed = (text: string) => {
    const started = performance.now();
    const doc = parse(text);
    return { doc, ms: performance.now() - started };
  };

  it('scans an object with 100,000 distinct members in linear time', () => {
    const members = Array.from({ length: 100_000 }, (_, i) => `"m${i}":0`);
    const { doc, ms } = timed(`{${members.join(',')}}`);
    expect(doc.ok).toBe(true);
    expect(doc.duplicateMembers).toEqual([]);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('logs 50,000 duplicated names in linear time', () => {
    const members = Array.from({ length: 50_000 }, (_, i) => `"m${i}":0,"m${i}":1`);
    const { doc, ms } = timed(`{${members.join(',')}}`);
    expect(doc.duplicateMembers).toHaveLength(50_000);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('stops at once on a megabyte of opening brackets', () => {
    const { doc, ms } = timed('['.repeat(MIB));
    expect(doc.tooDeep).toBeDefined();
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('keeps names with a slash apart from nested names in the duplicate log', () => {
    const doc = parse('{"a":{"b/c":1,"b/c":2,"b":{"c":1}}}');
    expect(doc.duplicateMembers).toEqual([{ pointer: '/a', name: 'b/c' }]);
  });
});
