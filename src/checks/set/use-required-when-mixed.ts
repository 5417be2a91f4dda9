// When a set holds both signing and encryption keys (by use, key_ops, alg, or an X25519/X448 curve), every key
// carries `use` (OIDC Discovery §3 and RFC 8414 §2, jwks_uri: "REQUIRED").
import type { KeyFacts } from '../../jwks/types.js';
import { declaredPurposes, objectKeys } from '../alg/support.js';
import { SKIP, defineRule } from '../types.js';
import { hasMember, keyIdentity } from '../support.js';

function describePurpose(key: KeyFacts): string {
  const purposes = [...declaredPurposes(key)];
  return purposes.length === 0 ? 'declares no purpose' : `is inferred to be for ${purposes.join(' and ')}`;
}

export const jwksUseRequiredWhenMixed = defineRule({
  id: 'jwks.use.required-when-mixed',
  title: 'Every key has use when signing and encryption keys are mixed',
  severity: 'error',
  spec: 'OIDC Discovery §3 (jwks_uri) ; RFC 8414 §2 (jwks_uri)',
  scope: 'set',
  run: ({ keys }) => {
    const objects = objectKeys(keys);
    if (objects.length === 0) return SKIP;
    const purposes = objects.map(declaredPurposes);
    const mixed = purposes.some((p) => p.has('sig')) && purposes.some((p) => p.has('enc'));
    if (!mixed) return [];
    // A use of the wrong value or type is present (jwk.use.value and jwk.members.types report it).
    return objects
      .filter((key) => !hasMember(key, 'use'))
      .map((key) => ({
        message: `key ${key.pointer} has no use, and the set mixes signing and encryption keys; every key must then say its use (this key ${describePurpose(key)})`,
        pointer: key.pointer,
        ...keyIdentity(key),
        expected: 'use "sig" or "enc"',
      }));
  },
});
