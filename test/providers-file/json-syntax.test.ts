import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/providers-file/json-syntax.js';

describe('findJsonSyntaxError', () => {
  it.each([['[1, 2]'], ['{"a": [true, false, null, -1.5e3, "x\\u00e9\\n"], "b": {}}'], ['  "text"  '], ['[[[[[]]]]]']])(
    'finds nothing wrong in %s',
    (text) => {
      expect(() => JSON.parse(text) as unknown).not.toThrow();
      expect(findJsonSyntaxError(text)).toBeUndefined();
    },
  );

  it.each([
    ['[\n  {"a": 1},\n]', 3, 1, /expected a value/],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /expected ',' or '}'/],
    ["{'a': 1}", 1, 2, /single quote/],
    ['{"a" 1}', 1, 6, /expected ':'/],
    ['{"a": "line\nbreak"}', 1, 12, /control character/],
    ['{"a": "\\x"}', 1, 8, /invalid escape/],
    ['[1, 2', 1, 6, /end of the file/],
    ['{"a": 1} x', 1, 10, /after the end of the document/],
    ['{"a": tru}', 1, 7, /expected a value/],
    ['', 1, 1, /end of the file/],
  ])('locates the error in %j at line %i, column %i', (text, line, column, problem) => {
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    const found = findJsonSyntaxError(text);
    expect(found).toMatchObject({ line, column });
    expect(found?.problem).toMatch(problem);
  });

  it('handles deep nesting without recursion', () => {
    const text = '['.repeat(200_000);
    expect(findJsonSyntaxError(text)?.problem).toMatch(/end of the file/);
  });
});
