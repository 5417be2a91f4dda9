// Asserts a key with x5c still carries its bare key members (n/e, crv/x/y, crv/x, pub): consumers read those,
// and OIDC Discovery §3 says "the bare key values MUST still be present and MUST match those in the certificate".
import { SKIP, defineRule } from '../types.js';
import { hasMember, keyLabel } from '../support.js';

const BARE_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  AKP: ['pub'],
};

export const x5cBareKey = defineRule({
  id: 'jwk.x5c.bare-key',
  title: 'A key with x5c still carries its bare key members',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 7517 §4.7',
  scope: 'key',
  run({ key }) {
    if (key.object === undefined || !hasMember(key, 'x5c') || key.kty === undefined) return SKIP;
    const required = Object.hasOwn(BARE_MEMBERS, key.kty) ? BARE_MEMBERS[key.kty] : undefined;
    if (required === undefined) return SKIP;
    const missing = required.filter((name) => !hasMember(key, name));
    if (missing.length === 0) return [];
    return [
      {
        message: `${key.kty} ${keyLabel(key)} has x5c but no ${missing.join(', ')}; the bare key values must be present alongside the certificate (OIDC Discovery §3)`,
        expected: required.join(', '),
        actual: `missing ${missing.join(', ')}`,
      },
    ];
  },
});
