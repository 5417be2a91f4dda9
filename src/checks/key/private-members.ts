// A published key carries no private key values (d, p, q, dp, dq, qi, oth, AKP priv, in any letter case or PKCS#1
// spelling; a PEM private key or a private key's DER in any member), whatever its kty, even as JSON text: found by
// a raw scan, before any import (OIDC Discovery §3 "MUST NOT contain private or symmetric key values"; RFC 7517
// §9.2; RFC 7518 §6.2.2, §6.3.2). Names only: the values never enter a finding. Private values outside `keys[i]`
// are the document part's (src/checks/document/private-material.ts).
import { privateMemberOf } from '../../jwks/redact.js';
import { SKIP, defineRule, type RuleMeta } from '../types.js';

export const PRIVATE_MEMBERS_RULE = {
  id: 'jwk.private.members',
  title: 'Published key carries no private key members',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 7517 §9.2 ; RFC 7518 §6.2.2, §6.3.2',
} as const satisfies Omit<RuleMeta, 'scope'>;

/** What a finding says to do about a leak. */
export const LEAK_ADVICE =
  'a published document must not contain private key values (treat the key as compromised and rotate it)';

export const privateMembers = defineRule({
  ...PRIVATE_MEMBERS_RULE,
  scope: 'key',
  run: ({ key, options }) => {
    // Validating one's own key file, private members are the point (jwk.private.rsa-complete judges them).
    if (options.privateKeyMode) return SKIP;
    // A "k" member is a symmetric secret: jwk.private.symmetric reports it.
    const names = key.privateMembers.filter((name) => privateMemberOf(name) !== 'k');
    if (names.length === 0) return key.object === undefined && key.privateMembers.length === 0 ? SKIP : [];
    if (key.object === undefined) {
      return [
        {
          message: `element ${key.index} of "keys" is text holding a private key; ${LEAK_ADVICE}`,
          expected: 'public members only',
          actual: 'private key as JSON text',
        },
      ];
    }
    const listed = names.map((name) => `"${name}"`).join(', ');
    return [
      {
        message: `key publishes private key member${names.length > 1 ? 's' : ''} ${listed}; ${LEAK_ADVICE}`,
        expected: 'public members only',
        actual: names.join(', '),
      },
    ];
  },
});
