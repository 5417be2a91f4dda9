// "kid", when present, is a non-empty string (RFC 7517 §4.5). Control characters, whitespace and very long
// values are flagged: consumers use kid as a lookup key, and it is a classic injection vector (RFC 8725 §3.10).
import { SKIP, defineRule } from '../types.js';
import { jsonTypeOf } from '../../json/guards.js';
import { hasMember, memberPointer } from '../support.js';

/** Longer kids are legal but unusual enough to be worth seeing. */
const MAX_KID_CHARS = 256;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const WHITESPACE = /\s/;

export const kidType = defineRule({
  id: 'jwk.kid.type',
  title: '"kid" is a non-empty string of plain characters',
  severity: 'error',
  spec: 'RFC 7517 §4.5 ; RFC 8725 §3.10',
  scope: 'key',
  run: ({ key }) => {
    const { object } = key;
    if (object === undefined || !hasMember(key, 'kid')) return SKIP;
    const pointer = memberPointer(key, 'kid');
    const kid = object['kid'];
    if (typeof kid !== 'string') {
      return [
        {
          message: `"kid" is ${jsonTypeOf(kid)}; it must be a string`,
          pointer,
          severity: 'error',
          expected: 'string',
          actual: jsonTypeOf(kid),
        },
      ];
    }
    if (kid.length === 0) {
      return [
        {
          message: '"kid" is empty; it must be a non-empty string',
          pointer,
          severity: 'error',
          expected: 'non-empty string',
          actual: 'empty string',
        },
      ];
    }
    const oddities = [
      ...(CONTROL_CHARACTER.test(kid) ? ['control characters'] : []),
      ...(WHITESPACE.test(kid) ? ['whitespace'] : []),
      ...(kid.length > MAX_KID_CHARS ? [`${kid.length} characters (more than ${MAX_KID_CHARS})`] : []),
    ];
    if (oddities.length === 0) return [];
    return [
      {
        message: `"kid" has ${oddities.join(' and ')}; consumers use kid as a lookup key and may mangle or reject it`,
        pointer,
        severity: 'warning',
        expected: `printable, no whitespace, at most ${MAX_KID_CHARS} characters`,
        actual: oddities.join(', '),
      },
    ];
  },
});
