// Asserts x5c is a non-empty array whose entries are standard base64 (not base64url) of DER certificates that
// parse (RFC 7517 §4.7).
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { memberValue } from './common.js';
import { hasMember, keyLabel, memberPointer } from '../support.js';

export const x5cFormat = defineRule({
  id: 'jwk.x5c.format',
  title: 'x5c is a non-empty array of standard-base64 DER certificates that parse',
  severity: 'error',
  spec: 'RFC 7517 §4.7',
  scope: 'key',
  run({ key }) {
    if (key.object === undefined || !hasMember(key, 'x5c')) return SKIP;
    const x5c = memberValue(key, 'x5c');
    const pointer = memberPointer(key, 'x5c');
    if (!Array.isArray(x5c)) {
      return [
        {
          message: `x5c of ${keyLabel(key)} is not an array; it must be an array of base64-encoded DER certificates (RFC 7517 §4.7)`,
          pointer,
          expected: 'array of strings',
          actual: x5c === null ? 'null' : typeof x5c,
        },
      ];
    }
    if (x5c.length === 0) {
      return [
        {
          message: `x5c of ${keyLabel(key)} is empty; it must contain at least the certificate holding the key (RFC 7517 §4.7)`,
          pointer,
          expected: 'at least one certificate',
          actual: 'empty array',
        },
      ];
    }
    const findings: FindingDraft[] = [];
    x5c.forEach((_entry: unknown, index) => {
      const facts = key.certs[index];
      if (facts !== undefined && facts.problem === undefined && facts.cert !== undefined) return;
      const problem = facts?.problem ?? 'not a certificate';
      findings.push({
        message: `x5c[${index}] of ${keyLabel(key)} is ${problem}; each entry must be standard base64 of a DER certificate (RFC 7517 §4.7)`,
        pointer: memberPointer(key, 'x5c', index),
        expected: 'standard base64 of a DER X.509 certificate',
        actual: problem,
      });
    });
    return findings;
  },
});
