// Ageing primitives worth tracking: RSA-OAEP (SHA-1 based; RFC 7518 §4.3) and RSA moduli of 2048-3071 bits,
// legal today but below the 3072 bits recommended beyond 2030 (RFC 8725 §3.2 points to current guidance).
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { memberPointer } from '../support.js';

const RSA_OAEP_SHA1 = 'RSA-OAEP';
/** The RFC 7518 minimum (§3.3, §4.2): below it jwk.rsa.modulus-size reports an error instead. */
const RSA_MIN_BITS = 2048;
/** The modulus size that current guidance (e.g. NIST SP 800-57) wants for use beyond 2030. */
const RSA_RECOMMENDED_BITS = 3072;

export const algLegacyStrength = defineRule({
  id: 'alg.legacy-strength',
  title: 'Key avoids ageing algorithms and sizes',
  severity: 'info',
  spec: 'RFC 7518 §4.3 ; RFC 8725 §3.2',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined) return SKIP;
    const rsaBits = key.kty === 'RSA' ? key.rsaBits : undefined;
    if (key.alg === undefined && rsaBits === undefined) return SKIP;
    const findings: FindingDraft[] = [];
    if (key.alg === RSA_OAEP_SHA1) {
      findings.push({
        message: 'key declares alg "RSA-OAEP", which uses SHA-1 in OAEP; prefer RSA-OAEP-256',
        pointer: memberPointer(key, 'alg'),
        expected: 'RSA-OAEP-256',
        actual: key.alg,
      });
    }
    if (rsaBits !== undefined && rsaBits >= RSA_MIN_BITS && rsaBits < RSA_RECOMMENDED_BITS) {
      findings.push({
        message: `RSA modulus is ${rsaBits} bits: legal, but below the ${RSA_RECOMMENDED_BITS} bits recommended for keys in use beyond 2030`,
        pointer: memberPointer(key, 'n'),
        expected: `at least ${RSA_RECOMMENDED_BITS} bits`,
        actual: `${rsaBits} bits`,
      });
    }
    return findings;
  },
});
