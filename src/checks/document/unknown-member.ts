// Top-level JWK Set members other than "keys": legal, and MUST be ignored by a consumer that does not understand
// them (RFC 7517 §5), but worth seeing (a misplaced key, or a "keys" typo).
import { childPointer } from '../../json/pointer.js';
import { SKIP, defineRule } from '../types.js';
import { jwksObject } from './support.js';

const JWK_SET_MEMBERS: ReadonlySet<string> = new Set(['keys']);

export const jwksUnknownMember = defineRule({
  id: 'jwks.doc.unknown-member',
  title: 'JWK Set has no members other than "keys"',
  severity: 'info',
  spec: 'RFC 7517 §5',
  scope: 'document',
  run: (input) => {
    const object = jwksObject(input);
    if (object === undefined) return SKIP;
    return Object.keys(object)
      .filter((name) => !JWK_SET_MEMBERS.has(name))
      .map((name) => ({
        message: `the JWK Set has a top-level member ${JSON.stringify(name)}, which consumers ignore; only "keys" is defined`,
        pointer: childPointer('', name),
      }));
  },
});
