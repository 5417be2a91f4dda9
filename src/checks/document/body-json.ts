// The body is one JSON text (RFC 8259; RFC 7517 §5 for a JWK Set), and nests no deeper than the parser's limit.
// Invalid UTF-8 is `transport.body.encoding`'s finding: the text is then not read at all, so this rule skips.
import { SKIP, defineRule } from '../types.js';

export const bodyJson = defineRule({
  id: 'transport.body.json',
  title: 'Body is JSON',
  severity: 'error',
  spec: 'RFC 8259 ; RFC 7517 §5',
  scope: 'document',
  run: ({ document, parsed }) => {
    if (parsed.ok) return [];
    if (parsed.invalidUtf8At !== undefined) return SKIP;
    const name = document === 'jwks' ? 'the JWK Set' : 'the discovery document';
    if (parsed.tooDeep !== undefined) {
      return [
        {
          message:
            `${name} nests deeper than the nesting limit of ${parsed.tooDeep.limit} levels ` +
            `(exceeded at byte ${parsed.tooDeep.offset}); it was not parsed`,
          expected: `at most ${parsed.tooDeep.limit} levels of nesting`,
          actual: `more than ${parsed.tooDeep.limit} levels`,
        },
      ];
    }
    const error = parsed.syntaxError;
    return [
      {
        message:
          error === undefined ? `${name} is not JSON` : `${name} is not JSON: ${error.message} at byte ${error.offset}`,
        expected: 'a JSON text (RFC 8259)',
        ...(error === undefined ? {} : { actual: `${error.message} at byte ${error.offset}` }),
      },
    ];
  },
});
