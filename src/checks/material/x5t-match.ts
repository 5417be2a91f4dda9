// Asserts x5t and x5t#S256 are the SHA-1 and SHA-256 thumbprints of the DER of x5c[0] (RFC 7517 §4.8, §4.9):
// consumers that select keys by thumbprint miss the key otherwise (keyfunc #150: an x5t equal to the kid).
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { hexEncodedDigest, THUMBPRINT_MEMBERS } from './cert-thumbprints.js';
import { bytesEqual, memberValue } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

/** Longest published thumbprint quoted back in `actual`. */
const MAX_SHOWN_CHARS = 100;

export const x5tMatch = defineRule({
  id: 'jwk.x5t.match',
  title: 'x5t and x5t#S256 are the thumbprints of the x5c leaf certificate',
  severity: 'error',
  spec: 'RFC 7517 §4.8, §4.9',
  scope: 'key',
  run({ key }) {
    // The digests of x5c[0]'s decoded bytes, taken while the key was analysed (even when they do not parse).
    const digests = key.certs[0]?.digests;
    if (key.object === undefined || digests === undefined) return SKIP;
    const findings: FindingDraft[] = [];
    let evaluated = false;
    for (const member of THUMBPRINT_MEMBERS) {
      const value = memberValue(key, member.name);
      if (typeof value !== 'string') continue;
      evaluated = true;
      const digest = Buffer.from(digests[member.hash], 'hex');
      const decoded = key.decoded[member.name];
      // Encoding faults (padding, hex form) are jwk.base64url.alphabet's and jwk.x5t.format's findings; the
      // digest they carry is judged here.
      if (decoded?.bytes !== undefined && bytesEqual(decoded.bytes, digest)) continue;
      if (hexEncodedDigest(value, decoded, member.octets) === digests[member.hash]) continue;
      findings.push({
        message: `${member.name} of ${keyLabel(key)} is not the ${member.digest} thumbprint of x5c[0]; it must be base64url(${member.digest}(DER of x5c[0])) (${member.spec})`,
        pointer: memberPointer(key, member.name),
        expected: digest.toString('base64url'),
        actual: value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}…` : value,
      });
    }
    return evaluated ? findings : SKIP;
  },
});
