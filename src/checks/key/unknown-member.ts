// Members not registered for the key's kty (RFC 7517 §4, §8.1: MUST be ignored when not understood), e.g. vendor
// fields or "crv" on an RSA key. Private member names (in any letter case) are left to jwk.private.*, which report
// them louder.
import { privateMemberOf } from '../../jwks/redact.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { COMMON_MEMBERS, TYPE_MEMBERS } from './members.js';
import { isKeyType, memberPointer, quote } from '../support.js';

/** A key with thousands of vendor members gets a bounded report: this many findings, then one summary. */
const MAX_FINDINGS_PER_KEY = 20;

export const unknownMember = defineRule({
  id: 'jwk.unknown-member',
  title: 'Key members are registered for its key type',
  severity: 'info',
  spec: 'RFC 7517 §4, §8.1',
  scope: 'key',
  run: ({ key }) => {
    const { object, kty } = key;
    // Registration is per kty: for an unknown type nothing can be said (jwk.kty.known reports it).
    if (object === undefined || !isKeyType(kty)) return SKIP;
    const registered = [...COMMON_MEMBERS, ...(TYPE_MEMBERS[kty] ?? [])];
    const unknown = Object.keys(object).filter(
      (name) => !registered.includes(name) && privateMemberOf(name) === undefined,
    );
    const findings: FindingDraft[] = unknown.slice(0, MAX_FINDINGS_PER_KEY).map((name) => {
      const owners = Object.entries(TYPE_MEMBERS)
        .filter(([, members]) => members.includes(name))
        .map(([type]) => type);
      const where =
        owners.length > 0 ? `registered for ${owners.join('/')} keys, not ${kty}` : `not a registered JWK member`;
      return {
        message: `member ${quote(name)} is ${where}; consumers ignore it`,
        pointer: memberPointer(key, name),
        actual: name.length > 0 ? quote(name) : '""',
      };
    });
    if (unknown.length > MAX_FINDINGS_PER_KEY) {
      findings.push({
        message: `${unknown.length - MAX_FINDINGS_PER_KEY} more unregistered members on this key are not listed`,
        actual: `${unknown.length} unregistered members`,
      });
    }
    return findings;
  },
});
