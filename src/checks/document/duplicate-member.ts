// Member names are unique in the JWK Set object and in every JWK (RFC 7517 §4, §5; RFC 8259 §4). Parsers disagree
// on duplicates (first wins or last wins), a parser-differential risk, so they are found by the tokenizer, since
// JSON.parse silently keeps the last one.
import { childPointer } from '../../json/pointer.js';
import { SKIP, defineRule } from '../types.js';

export const jwksDuplicateMember = defineRule({
  id: 'jwks.doc.duplicate-member',
  title: 'No duplicate member names',
  severity: 'error',
  spec: 'RFC 7517 §4, §5 ; RFC 8259 §4',
  scope: 'document',
  run: ({ document, parsed }) => {
    // Bytes that are not UTF-8 are never tokenized, so nothing can be said about their members.
    if (document !== 'jwks' || parsed.invalidUtf8At !== undefined) return SKIP;
    return parsed.duplicateMembers.map(({ pointer, name }) => ({
      message:
        `member ${JSON.stringify(name)} occurs more than once in ${pointer === '' ? 'the JWK Set object' : pointer}; ` +
        'member names must be unique (parsers disagree on which value wins)',
      pointer: childPointer(pointer, name),
      expected: 'one occurrence',
      actual: 'more than one',
    }));
  },
});
