// Asserts an AKP (ML-DSA) key names its parameter set in alg and that pub has that set's public key size:
// ML-DSA-44/65/87 = 1312/1952/2592 octets (RFC 9964; FIPS 204 Table 2).
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { isKty, memberBytes } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

const ML_DSA_PUBLIC_KEY_OCTETS: Readonly<Record<string, number>> = {
  'ML-DSA-44': 1312,
  'ML-DSA-65': 1952,
  'ML-DSA-87': 2592,
};
const ML_DSA_ALGS = Object.keys(ML_DSA_PUBLIC_KEY_OCTETS);

export const akpMembers = defineRule({
  id: 'jwk.akp.members',
  title: 'AKP key has an ML-DSA alg and a pub of that parameter set’s size',
  severity: 'error',
  spec: 'RFC 9964 ; FIPS 204',
  scope: 'key',
  run({ key }) {
    if (!isKty(key, 'AKP')) return SKIP;
    const pub = memberBytes(key, 'pub');
    // A missing alg or pub is jwk.members.required's (and jwk.alg.present's) finding.
    if (key.alg === undefined && pub === undefined) return SKIP;
    const findings: FindingDraft[] = [];
    const parameterSet =
      key.alg !== undefined && Object.hasOwn(ML_DSA_PUBLIC_KEY_OCTETS, key.alg) ? key.alg : undefined;
    const octets = parameterSet === undefined ? undefined : ML_DSA_PUBLIC_KEY_OCTETS[parameterSet];
    if (key.alg !== undefined && parameterSet === undefined) {
      findings.push({
        message: `AKP ${keyLabel(key)} has alg ${JSON.stringify(key.alg)}; an AKP key must name its ML-DSA parameter set (RFC 9964)`,
        pointer: memberPointer(key, 'alg'),
        expected: ML_DSA_ALGS.join(', '),
        actual: key.alg,
      });
    }
    if (pub === undefined) return findings;
    if (parameterSet !== undefined && octets !== undefined && pub.length !== octets) {
      findings.push({
        message: `AKP public key pub of ${keyLabel(key)} is ${pub.length} octets; ${parameterSet} public keys are exactly ${octets} octets (FIPS 204)`,
        pointer: memberPointer(key, 'pub'),
        expected: `${octets} octets`,
        actual: `${pub.length} octets`,
      });
    } else if (octets === undefined && !Object.values(ML_DSA_PUBLIC_KEY_OCTETS).includes(pub.length)) {
      findings.push({
        message: `AKP public key pub of ${keyLabel(key)} is ${pub.length} octets, not the size of any ML-DSA parameter set (1312, 1952 or 2592; FIPS 204)`,
        pointer: memberPointer(key, 'pub'),
        expected: '1312, 1952 or 2592 octets',
        actual: `${pub.length} octets`,
      });
    }
    return findings;
  },
});
