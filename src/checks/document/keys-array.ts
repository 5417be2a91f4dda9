// A JWK Set MUST have a "keys" member whose value is an array of JWKs (RFC 7517 §5, §5.1).
import { jsonTypeOf, ownMember } from '../../json/guards.js';
import { SKIP, defineRule } from '../types.js';
import { jwksObject } from './support.js';

export const jwksKeysArray = defineRule({
  id: 'jwks.doc.keys-array',
  title: 'JWK Set has a "keys" array',
  severity: 'error',
  spec: 'RFC 7517 §5, §5.1',
  scope: 'document',
  run: (input) => {
    const object = jwksObject(input);
    if (object === undefined) return SKIP;
    if (!Object.hasOwn(object, 'keys')) {
      return [
        {
          message: 'the JWK Set has no "keys" member; it must hold an array of keys',
          expected: 'array',
          actual: 'absent',
        },
      ];
    }
    const type = jsonTypeOf(ownMember(object, 'keys'));
    if (type === 'array') return [];
    return [
      {
        message: `"keys" is a JSON ${type}; it must be an array of keys`,
        pointer: '/keys',
        expected: 'array',
        actual: type,
      },
    ];
  },
});
