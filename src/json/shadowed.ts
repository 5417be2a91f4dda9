/**
 * The values JSON.parse throws away. Where a member name occurs more than once in one object, JSON.parse keeps the
 * last occurrence, but a parser that keeps the first (several do) sees the earlier one: whatever it holds is
 * published all the same. A private key hidden in a shadowed `"keys"` must be reported, so the rules need these
 * values, which the parsed document no longer has.
 *
 * Runs only when the scan found duplicates, on text JSON.parse accepted and whose nesting the scan bounded
 * (parse-document.ts), so the text is valid JSON and the recursion is as deep as that bound.
 */
import { childPointer } from './pointer.js';
import type { ShadowedValue } from './types.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
const LEFT_BRACKET = 0x5b;
const RIGHT_BRACKET = 0x5d;
const COMMA = 0x2c;
const WHITESPACE = /[ \t\n\r]*/y;
/** The rest of a number or literal: everything up to a delimiter. */
const SCALAR = /[^,\]} \t\n\r]*/y;

/** Every shadowed occurrence of a duplicate member, in document order, with the pointer of the member it loses to. */
export function shadowedValues(text: string): ShadowedValue[] {
  const found: ShadowedValue[] = [];
  let i = 0;

  const skipWhitespace = (): void => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.exec(text);
    i = WHITESPACE.lastIndex;
  };
  const stringEnd = (): number => {
    let j = i + 1;
    for (let c = text.charCodeAt(j); c !== QUOTE; c = text.charCodeAt(j)) j += c === BACKSLASH ? 2 : 1;
    return j + 1;
  };
  const value = (pointer: string): void => {
    skipWhitespace();
    const c = text.charCodeAt(i);
    if (c === LEFT_BRACE) object(pointer);
    else if (c === LEFT_BRACKET) array(pointer);
    else if (c === QUOTE) i = stringEnd();
    else {
      SCALAR.lastIndex = i;
      SCALAR.exec(text);
      i = SCALAR.lastIndex;
    }
  };
  const object = (pointer: string): void => {
    i += 1;
    const spans = new Map<string, readonly [number, number]>();
    skipWhitespace();
    if (text.charCodeAt(i) === RIGHT_BRACE) {
      i += 1;
      return;
    }
    for (;;) {
      skipWhitespace();
      const nameEnd = stringEnd();
      const name = JSON.parse(text.slice(i, nameEnd)) as string;
      i = nameEnd;
      skipWhitespace();
      i += 1; // ':'
      skipWhitespace();
      const start = i;
      const member = childPointer(pointer, name);
      value(member);
      const earlier = spans.get(name);
      if (earlier !== undefined) {
        found.push({ pointer: member, name, value: JSON.parse(text.slice(earlier[0], earlier[1])) });
      }
      spans.set(name, [start, i]);
      skipWhitespace();
      if (text.charCodeAt(i++) !== COMMA) return; // '}'
    }
  };
  const array = (pointer: string): void => {
    i += 1;
    skipWhitespace();
    if (text.charCodeAt(i) === RIGHT_BRACKET) {
      i += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      value(childPointer(pointer, index));
      skipWhitespace();
      if (text.charCodeAt(i++) !== COMMA) return; // ']'
    }
  };

  value('');
  return found;
}
