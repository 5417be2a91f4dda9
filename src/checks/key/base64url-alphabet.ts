// Every base64url member (n, e, x, y, pub, x5t, x5t#S256 and private members) uses only A-Z a-z 0-9 - _,
// without padding or whitespace, and decodes canonically (RFC 7515 §2, App. C; RFC 7517 §1.1; RFC 7518 §2).
// Values were decoded leniently, so later rules still run; this rule reports the strict verdict.
import type { DecodedMember } from '../../jwks/types.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { memberPointer } from '../support.js';

interface Problem {
  readonly label: string;
  readonly explanation: string;
}

function problemOf(decoded: DecodedMember): Problem {
  switch (decoded.problem) {
    case 'padding':
      return { label: 'padding', explanation: 'has "=" padding; base64url in JOSE is unpadded' };
    case 'whitespace':
      return { label: 'whitespace', explanation: 'contains whitespace; base64url in JOSE has none' };
    case 'standard-alphabet':
      return {
        label: 'standard-alphabet',
        explanation: "uses the standard base64 alphabet ('+' or '/'); base64url uses '-' and '_'",
      };
    case 'invalid':
    case undefined:
      return decoded.bytes === undefined
        ? { label: 'not decodable', explanation: 'is not base64url: it does not decode' }
        : {
            label: 'non-canonical',
            explanation: 'has non-zero unused bits in its last character; the encoding is not canonical',
          };
  }
}

export const base64urlAlphabet = defineRule({
  id: 'jwk.base64url.alphabet',
  title: 'Binary members are strict unpadded base64url',
  severity: 'error',
  spec: 'RFC 7515 §2, App. C ; RFC 7517 §1.1 ; RFC 7518 §2',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined) return SKIP;
    const findings: FindingDraft[] = [];
    for (const [name, decoded] of Object.entries(key.decoded)) {
      if (decoded === undefined || decoded.strict) continue;
      const problem = problemOf(decoded);
      // Name and problem only: the member may be private, and its value never goes into a finding.
      findings.push({
        message: `"${name}" ${problem.explanation}`,
        // Decoded "oth" entries are keyed by their path below the key ("oth/0/r").
        pointer: name.startsWith('oth/') ? `${key.pointer}/${name}` : memberPointer(key, name),
        expected: 'unpadded base64url (A-Z a-z 0-9 - _)',
        actual: problem.label,
      });
    }
    return findings;
  },
});
