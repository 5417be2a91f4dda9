// RSA integers (n, e and the private ones) use the fewest octets: no leading zero octet (RFC 7518 §2
// Base64urlUInt, §6.3.1.1). A MUST, downgraded to a warning: the zero prefix is common and consumers compare integers.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { memberPointer } from '../support.js';

const RSA_INTEGER_MEMBERS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
const OTHER_PRIME_PATH = /^oth\/\d+\/[rdt]$/;

export const base64urluintMinimal = defineRule({
  id: 'jwk.base64urluint.minimal',
  title: 'RSA integers have no leading zero octet',
  severity: 'warning',
  spec: 'RFC 7518 §2 (Base64urlUInt), §6.3.1.1',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.kty !== 'RSA') return SKIP;
    const findings: FindingDraft[] = [];
    const check = (name: string, pointer: string): void => {
      const bytes = key.decoded[name]?.bytes;
      // Zero itself is the single octet 0 ("AA"); anything longer starting with 0 is padded.
      if (bytes === undefined || bytes.length < 2 || bytes[0] !== 0) return;
      let zeros = 0;
      while (zeros < bytes.length - 1 && bytes[zeros] === 0) zeros += 1;
      findings.push({
        message: `"${name}" starts with ${zeros} zero octet(s); a Base64urlUInt uses the minimum number of octets`,
        pointer,
        expected: 'no leading zero octet',
        actual: `${zeros} leading zero octet(s)`,
      });
    };
    for (const name of RSA_INTEGER_MEMBERS) check(name, memberPointer(key, name));
    for (const name of Object.keys(key.decoded)) {
      if (OTHER_PRIME_PATH.test(name)) check(name, `${key.pointer}/${name}`);
    }
    return findings;
  },
});
