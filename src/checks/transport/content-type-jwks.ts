// The JWKS media type is application/jwk-set+json (RFC 7517 §8.5.1 registers it) or application/json. No MUST
// covers jwks_uri, but strict consumers reject text/html, text/plain or a missing type.
import { SKIP, defineRule } from '../types.js';
import { mediaType } from './support.js';

const HTTP_OK = 200;
const JWKS_MEDIA_TYPES: ReadonlySet<string> = new Set(['application/jwk-set+json', 'application/json']);

export const transportContentTypeJwks = defineRule({
  id: 'transport.content-type.jwks',
  title: 'JWKS is served as application/jwk-set+json or application/json',
  severity: 'warning',
  spec: 'RFC 7517 §8.5.1',
  scope: 'transport',
  run: ({ document, fetch }) => {
    if (document !== 'jwks' || fetch.status !== HTTP_OK) return SKIP;
    const type = mediaType(fetch.headers.contentType);
    if (type !== undefined && JWKS_MEDIA_TYPES.has(type)) return [];
    return [
      {
        message:
          type === undefined
            ? 'the JWK Set has no Content-Type; serve it as application/jwk-set+json or application/json'
            : `the JWK Set is served as ${type}; strict clients expect application/jwk-set+json or application/json`,
        expected: 'application/jwk-set+json or application/json',
        actual: fetch.headers.contentType ?? 'absent',
      },
    ];
  },
});
