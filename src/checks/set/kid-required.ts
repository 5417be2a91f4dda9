// Every key has a `kid` when the set has more than one key: OIDC Core §10.1 requires a kid in the JOSE header
// whenever the set holds several keys, which presupposes keys with a kid. A single key without kid: info.
import { objectKeys } from '../alg/support.js';
import { SKIP, defineRule } from '../types.js';
import { hasMember, keyIdentity } from '../support.js';

export const jwksKidRequired = defineRule({
  id: 'jwks.kid.required',
  title: 'Every key of a multi-key set has a kid',
  severity: 'error',
  spec: 'OIDC Core §10.1, §10.2',
  scope: 'set',
  run: ({ keys }) => {
    const objects = objectKeys(keys);
    if (objects.length === 0) return SKIP;
    const single = objects.length === 1;
    // A kid of the wrong type is present (jwk.members.types and jwk.kid.type report it).
    return objects
      .filter((key) => !hasMember(key, 'kid'))
      .map((key) => ({
        message: single
          ? 'the only key has no kid; a kid lets the set grow during a rotation without breaking key selection'
          : `key ${key.pointer} has no kid in a set of ${objects.length} keys; tokens must name their key by kid, so every key needs one`,
        ...(single ? { severity: 'info' as const } : {}),
        pointer: key.pointer,
        ...keyIdentity(key),
        expected: 'kid present',
      }));
  },
});
