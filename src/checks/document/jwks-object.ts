// A JWK Set is a JSON object (RFC 7517 §5), not an array, string or null.
import { jsonTypeOf } from '../../json/guards.js';
import { SKIP, defineRule } from '../types.js';

export const jwksDocObject = defineRule({
  id: 'jwks.doc.object',
  title: 'JWK Set is a JSON object',
  severity: 'error',
  spec: 'RFC 7517 §5',
  scope: 'document',
  run: ({ document, parsed }) => {
    // Text that is not JSON is `transport.body.json`'s finding.
    if (document !== 'jwks' || !parsed.ok) return SKIP;
    const type = jsonTypeOf(parsed.value);
    if (type === 'object') return [];
    return [
      {
        message: `the JWK Set is a JSON ${type}; it must be a JSON object with a "keys" member`,
        expected: 'object',
        actual: type,
      },
    ];
  },
});
