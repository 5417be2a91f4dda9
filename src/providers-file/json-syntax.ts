/**
 * Where a JSON text stops being JSON (RFC 8259), as a line and column with what was expected there. V8's
 * JSON.parse messages carry a position only for some errors; a hand-edited providers file deserves a line.
 * Only called after JSON.parse has failed; iterative, so nesting depth costs no stack.
 */

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const FIRST_CONTROL = 0x20;

export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: ('[' | '{')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const fail = (problem: string, at = i): JsonSyntaxError => ({ ...lineAndColumn(text, at), problem });
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'comma-or-close');

  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= text.length) return expect === 'end' ? undefined : fail('unexpected end of the file');
    const c = text[i] ?? '';
    switch (expect) {
      case 'value-or-close':
      case 'value': {
        if (expect === 'value-or-close' && c === ']') {
          stack.pop();
          i++;
          expect = afterValue();
        } else if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          expect = c === '{' ? 'key-or-close' : 'value-or-close';
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return fail(end.problem, end.at);
          i = end;
          expect = afterValue();
        } else {
          const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
          NUMBER.lastIndex = i;
          const number = NUMBER.exec(text);
          if (literal !== undefined) i += literal.length;
          else if (number !== null) i = NUMBER.lastIndex;
          else
            return fail(`unexpected ${describe(c)}; expected a value${expect === 'value-or-close' ? " or ']'" : ''}`);
          expect = afterValue();
        }
        break;
      }
      case 'key-or-close':
      case 'key': {
        if (expect === 'key-or-close' && c === '}') {
          stack.pop();
          i++;
          expect = afterValue();
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return fail(end.problem, end.at);
          i = end;
          expect = 'colon';
        } else {
          return fail(
            `unexpected ${describe(c)}; expected a double-quoted member name${expect === 'key-or-close' ? " or '}'" : ''}`,
          );
        }
        break;
      }
      case 'colon':
        if (c !== ':') return fail(`unexpected ${describe(c)}; expected ':' after the member name`);
        i++;
        expect = 'value';
        break;
      case 'comma-or-close': {
        const close = stack.at(-1) === '{' ? '}' : ']';
        if (c === ',') {
          i++;
          expect = close === '}' ? 'key' : 'value';
        } else if (c === close) {
          stack.pop();
          i++;
          expect = afterValue();
        } else {
          return fail(`unexpected ${describe(c)}; expected ',' or '${close}'`);
        }
        break;
      }
      case 'end':
        return fail(`unexpected ${describe(c)} after the end of the document`);
    }
  }
}

/** The index after the closing quote of the string opening at `start`, or the problem. */
function scanString(text: string, start: number): number | { problem: string; at: number } {
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j] ?? '';
    if (c === '"') return j + 1;
    if (c.charCodeAt(0) < FIRST_CONTROL)
      return { problem: 'a control character (such as a line break) inside a string; escape it', at: j };
    if (c === '\\') {
      const next = text[j + 1] ?? '';
      if (next === 'u') {
        HEX4.lastIndex = j + 2;
        if (!HEX4.test(text)) return { problem: 'a \\u escape needs four hex digits', at: j };
        j += 5;
      } else if (ESCAPES.has(next)) j++;
      else return { problem: `invalid escape \\${next}`, at: j };
    }
  }
  return { problem: 'a string is not closed', at: start };
}

function describe(c: string): string {
  return c === "'" ? 'single quote (JSON strings use double quotes)' : `'${c}'`;
}

function lineAndColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < at && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: at - lineStart + 1 };
}
