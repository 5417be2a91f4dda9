// "keys" is not empty: an OpenID Provider's jwks_uri "contains the signing key(s)" (OIDC Discovery §3), and with
// none, nothing can verify its ID Tokens.
import { SKIP, defineRule } from '../types.js';
import { jwksKeys } from './support.js';

export const jwksEmpty = defineRule({
  id: 'jwks.doc.empty',
  title: 'JWK Set holds at least one key',
  severity: 'warning',
  profiles: { oidc: 'error' },
  spec: 'OIDC Discovery §3',
  scope: 'document',
  run: (input) => {
    const keys = jwksKeys(input);
    if (keys === undefined) return SKIP;
    if (keys.length > 0) return [];
    return [
      {
        message: 'the JWK Set has no keys; a verifier can use none of it',
        pointer: '/keys',
        expected: 'at least one key',
        actual: '0 keys',
      },
    ];
  },
});
