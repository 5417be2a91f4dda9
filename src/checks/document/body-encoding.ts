// The body is UTF-8 (RFC 8259 §8.1: MUST for JSON exchanged between systems) and does not start with a byte
// order mark (senders MUST NOT add one; parsers MAY ignore it: WHATWG response.json() strips it, Go rejects it).
import { defineRule, type FindingDraft } from '../types.js';

export const bodyEncoding = defineRule({
  id: 'transport.body.encoding',
  title: 'Body is UTF-8 without a byte order mark',
  severity: 'error',
  spec: 'RFC 8259 §8.1 ; RFC 7517 §8.5.1',
  scope: 'document',
  run: ({ document, parsed }) => {
    const name = document === 'jwks' ? 'the JWK Set' : 'the discovery document';
    const findings: FindingDraft[] = [];
    if (parsed.bom) {
      findings.push({
        message: `${name} starts with a UTF-8 byte order mark; JSON senders must not add one, and some parsers reject it`,
        severity: 'warning',
        expected: 'no byte order mark',
        actual: 'EF BB BF',
      });
    }
    if (parsed.invalidUtf8At !== undefined) {
      findings.push({
        message: `${name} is not valid UTF-8 (first invalid sequence at byte ${parsed.invalidUtf8At}); JSON must be UTF-8`,
        severity: 'error',
        expected: 'UTF-8',
        actual: `invalid sequence at byte ${parsed.invalidUtf8At}`,
      });
    }
    return findings;
  },
});
