// Private-key mode only: an RSA private key has "d"; if any of p, q, dp, dq, qi is present all are; "oth" only
// with more than two primes, i.e. a non-empty array beside the CRT members (RFC 7518 §6.3.2).
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { hasMember, memberPointer } from '../support.js';

const CRT_MEMBERS = ['p', 'q', 'dp', 'dq', 'qi'] as const;

export const privateRsaComplete = defineRule({
  id: 'jwk.private.rsa-complete',
  title: 'RSA private key carries a complete set of private members',
  severity: 'error',
  spec: 'RFC 7518 §6.3.2',
  scope: 'key',
  run: ({ key, options }) => {
    const { object } = key;
    // Published sets: jwk.private.members reports any private member first.
    if (!options.privateKeyMode || object === undefined || key.kty !== 'RSA') return SKIP;
    const findings: FindingDraft[] = [];
    if (!hasMember(key, 'd')) {
      findings.push({
        message: 'RSA private key has no "d"; the private exponent is required',
        pointer: memberPointer(key, 'd'),
        expected: 'd',
      });
    }
    const present = CRT_MEMBERS.filter((name) => hasMember(key, name));
    const missing = CRT_MEMBERS.filter((name) => !hasMember(key, name));
    if (present.length > 0 && missing.length > 0) {
      findings.push({
        message: `RSA private key has ${present.join(', ')} but lacks ${missing.join(', ')}; when any of p, q, dp, dq, qi is present all must be`,
        expected: CRT_MEMBERS.join(', '),
        actual: present.join(', '),
      });
    }
    if (hasMember(key, 'oth')) {
      const oth = object['oth'];
      if (!Array.isArray(oth) || oth.length === 0) {
        findings.push({
          message: '"oth" must be a non-empty array; it is present only when more than two primes were used',
          pointer: memberPointer(key, 'oth'),
          expected: 'non-empty array of prime entries',
          actual: Array.isArray(oth) ? 'empty array' : typeof oth,
        });
      } else if (present.length < CRT_MEMBERS.length) {
        findings.push({
          message: '"oth" is present without the first two primes\' members p, q, dp, dq, qi',
          pointer: memberPointer(key, 'oth'),
          expected: CRT_MEMBERS.join(', '),
          actual: present.join(', ') || 'none',
        });
      }
    }
    return findings;
  },
});
