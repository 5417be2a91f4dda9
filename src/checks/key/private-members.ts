// A published key carries no private members (d, p, q, dp, dq, qi, oth, AKP priv), whatever its kty: found by a
// raw scan, before any import (OIDC Discovery §3 "MUST NOT contain private or symmetric key values"; RFC 7517
// §9.2; RFC 7518 §6.2.2, §6.3.2). Names only: the values never enter a finding.
import { SKIP, defineRule } from '../types.js';

export const privateMembers = defineRule({
  id: 'jwk.private.members',
  title: 'Published key carries no private key members',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 7517 §9.2 ; RFC 7518 §6.2.2, §6.3.2',
  scope: 'key',
  run: ({ key, options }) => {
    // Validating one's own key file, private members are the point (jwk.private.rsa-complete judges them).
    if (key.object === undefined || options.privateKeyMode) return SKIP;
    // "k" is a symmetric secret: jwk.private.symmetric reports it.
    const names = key.privateMembers.filter((name) => name !== 'k');
    if (names.length === 0) return [];
    const listed = names.map((name) => `"${name}"`).join(', ');
    return [
      {
        message: `key publishes private key member${names.length > 1 ? 's' : ''} ${listed}; a published JWK Set must not contain private key values (treat the key as compromised and rotate it)`,
        expected: 'public members only',
        actual: names.join(', '),
      },
    ];
  },
});
