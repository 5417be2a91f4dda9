// FAPI 1.0 Advanced: JWS uses PS256 or ES256 (shall), RSASSA-PKCS1-v1_5 (RS*) should not be used, and RSA1_5
// shall not be used for encryption (FAPI 1.0 Part 2 §8.6, §8.6.1).
import { objectKeys } from '../alg/support.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { onlyUnder, signingAlgViolation, signingKeys, type SigningAlgPolicy } from './support.js';
import { clip, keyIdentity, keyLabel, memberPointer, quote } from '../support.js';

const FAPI1_SIGNING: SigningAlgPolicy = { name: 'FAPI 1.0', permitted: ['PS256', 'ES256'] };
/** §8.6 item 2: "should not use algorithms that use RSASSA-PKCS1-v1_5 (e.g. RS256)": a SHOULD, so a warning. */
const PKCS1_V1_5_SIGNING: readonly string[] = ['RS256', 'RS384', 'RS512'];
const RSA1_5 = 'RSA1_5';

export const profileFapi1Algs = defineRule({
  id: 'profile.fapi1.algs',
  title: 'Keys use FAPI 1.0 algorithms',
  severity: 'error',
  spec: 'FAPI 1.0 Part 2 §8.6, §8.6.1',
  profiles: onlyUnder('fapi1'),
  scope: 'set',
  run: ({ keys, profile }) => {
    if (profile !== 'fapi1' || keys.length === 0) return SKIP;
    const findings: FindingDraft[] = [];
    for (const key of objectKeys(keys)) {
      if (key.alg !== RSA1_5) continue;
      findings.push({
        message: `${keyLabel(key)} declares alg "RSA1_5"; FAPI 1.0 shall not use RSA1_5 for encryption`,
        pointer: memberPointer(key, 'alg'),
        ...keyIdentity(key),
        expected: 'RSA-OAEP or RSA-OAEP-256',
        actual: key.alg,
      });
    }
    for (const key of signingKeys(keys)) {
      if (key.alg !== undefined && PKCS1_V1_5_SIGNING.includes(key.alg)) {
        findings.push({
          message: `${keyLabel(key)} declares alg ${quote(key.alg)} (RSASSA-PKCS1-v1_5), which FAPI 1.0 says should not be used; prefer PS256`,
          severity: 'warning',
          pointer: memberPointer(key, 'alg'),
          ...keyIdentity(key),
          expected: FAPI1_SIGNING.permitted.join(', '),
          actual: clip(key.alg),
        });
        continue;
      }
      const violation = signingAlgViolation(FAPI1_SIGNING, key);
      if (violation !== undefined) findings.push(violation);
    }
    return findings;
  },
});
