// Asserts x5t decodes to a 20-octet SHA-1 digest and x5t#S256 to a 32-octet SHA-256 digest (RFC 7517 §4.8,
// §4.9). A hex string of the digest is a known vendor mistake and is reported apart, as a warning.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { hexEncodedDigest, THUMBPRINT_MEMBERS } from './cert-thumbprints.js';
import { memberValue } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

export const x5tFormat = defineRule({
  id: 'jwk.x5t.format',
  title: 'x5t is a base64url 20-octet SHA-1 digest and x5t#S256 a 32-octet SHA-256 digest',
  severity: 'error',
  spec: 'RFC 7517 §4.8, §4.9',
  scope: 'key',
  run({ key }) {
    if (key.object === undefined) return SKIP;
    const findings: FindingDraft[] = [];
    let evaluated = false;
    for (const member of THUMBPRINT_MEMBERS) {
      const value = memberValue(key, member.name);
      // A thumbprint that is not a string is jwk.members.types' finding.
      if (typeof value !== 'string') continue;
      evaluated = true;
      const decoded = key.decoded[member.name];
      const pointer = memberPointer(key, member.name);
      const expected = `base64url of a ${member.octets}-octet ${member.digest} digest`;
      if (hexEncodedDigest(value, decoded, member.octets) !== undefined) {
        findings.push({
          message: `${member.name} of ${keyLabel(key)} is a hex-encoded digest; it must be the base64url encoding of the ${member.octets} digest octets themselves (${member.spec})`,
          pointer,
          severity: 'warning',
          expected,
          actual: 'hex-encoded digest',
        });
        continue;
      }
      const octets = decoded?.bytes?.length;
      if (octets === member.octets) continue;
      findings.push({
        message:
          octets === undefined
            ? `${member.name} of ${keyLabel(key)} does not decode as base64url; it must be the base64url of a ${member.octets}-octet ${member.digest} digest (${member.spec})`
            : `${member.name} of ${keyLabel(key)} decodes to ${octets} octets; a ${member.digest} digest is ${member.octets} octets (${member.spec})`,
        pointer,
        expected,
        actual: octets === undefined ? 'not base64url' : `${octets} octets`,
      });
    }
    return evaluated ? findings : SKIP;
  },
});
