// A published set holds no symmetric key: no kty "oct" and no "k" member on any key (OIDC Discovery §3;
// RFC 7517 §9.2). A published "k" is a shared secret anyone can use to forge HS* tokens. Its value never
// enters a finding.
import { privateMemberOf } from '../../jwks/redact.js';
import { SKIP, defineRule } from '../types.js';
import { memberPointer } from '../support.js';

export const privateSymmetric = defineRule({
  id: 'jwk.private.symmetric',
  title: 'Published set holds no symmetric key',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 7517 §9.2',
  scope: 'key',
  run: ({ key, options }) => {
    if (key.object === undefined || options.privateKeyMode) return SKIP;
    // "k" as published, or "K": a member that only differs in case still publishes the secret.
    const secretName = key.privateMembers.find((name) => privateMemberOf(name) === 'k');
    const hasSecret = secretName !== undefined;
    if (key.kty !== 'oct' && !hasSecret) return [];
    const what =
      key.kty === 'oct'
        ? 'symmetric key (kty "oct")'
        : `${key.kty === undefined ? 'key' : `${key.kty} key`} with a "k" member`;
    return [
      {
        message: hasSecret
          ? `${what} publishes its shared secret ${JSON.stringify(secretName)}; anyone can use it to forge tokens (treat it as compromised and rotate it)`
          : `${what} in a published set; symmetric keys must never be published`,
        ...(hasSecret ? { pointer: memberPointer(key, secretName) } : {}),
        expected: 'asymmetric public keys only',
        actual: hasSecret ? 'k present' : 'kty oct',
      },
    ];
  },
});
