// A key carries the members its kty requires: RSA n,e; EC crv,x,y; OKP crv,x; oct k; AKP alg,pub
// (RFC 7518 §6.2.1, §6.3.1, §6.4.1; RFC 8037 §2; RFC 9964; RFC 7638 §3.2). Wrong types are jwk.members.types'.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { REQUIRED_MEMBERS } from './members.js';
import { hasMember, isKeyType, memberPointer } from '../support.js';

export const membersRequired = defineRule({
  id: 'jwk.members.required',
  title: 'Key carries the members its key type requires',
  severity: 'error',
  spec: 'RFC 7518 §6.2.1, §6.3.1, §6.4.1 ; RFC 8037 §2 ; RFC 9964 ; RFC 7638 §3.2',
  scope: 'key',
  run: ({ key }) => {
    const { object, kty } = key;
    if (object === undefined || !isKeyType(kty)) return SKIP;
    const findings: FindingDraft[] = [];
    for (const name of REQUIRED_MEMBERS[kty] ?? []) {
      if (hasMember(key, name)) continue;
      findings.push({
        message: `${kty} key has no "${name}" member; a ${kty} key requires ${(REQUIRED_MEMBERS[kty] ?? []).map((m) => `"${m}"`).join(', ')}`,
        pointer: memberPointer(key, name),
        expected: name,
      });
    }
    return findings;
  },
});
