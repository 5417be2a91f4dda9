// SMART Health Cards issuer keys (the set's signing keys): kty EC, crv P-256, alg ES256, use sig, and kid equal to
// the key's RFC 7638 SHA-256 thumbprint (SMART Health Cards spec, "Determining keys associated with an issuer").
import type { KeyFacts } from '../../jwks/types.js';
import { mayVerifySignatures, objectKeys } from '../alg/support.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { onlyUnder } from './support.js';
import { clip, keyIdentity, keyLabel, memberPointer, quote } from '../support.js';

/** Member values an SHC issuer key must carry. */
const REQUIRED_VALUES = [
  ['kty', 'EC'],
  ['crv', 'P-256'],
  ['alg', 'ES256'],
  ['use', 'sig'],
] as const;

function stringMember(key: KeyFacts, name: (typeof REQUIRED_VALUES)[number][0]): string | undefined {
  return key[name];
}

function issuerKeyFindings(key: KeyFacts): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const [name, value] of REQUIRED_VALUES) {
    const actual = stringMember(key, name);
    if (actual === value) continue;
    // A key that is not EC has no P-256 to offer; its kty finding says it all.
    if (name === 'crv' && key.kty !== 'EC') continue;
    findings.push({
      message: `${keyLabel(key)}: SMART Health Cards issuer keys need ${name} "${value}", found ${actual === undefined ? 'none' : quote(actual)}`,
      pointer: memberPointer(key, name),
      ...keyIdentity(key),
      expected: `${name} "${value}"`,
      actual: actual === undefined ? `no ${name}` : `${name} ${clip(actual)}`,
    });
  }
  // Without a thumbprint (required members missing) the kid cannot be judged; other rules report the members.
  if (key.thumbprint !== undefined && key.kid !== key.thumbprint) {
    findings.push({
      message: `${keyLabel(key)}: SMART Health Cards issuer keys need kid equal to the RFC 7638 SHA-256 thumbprint ${key.thumbprint}`,
      pointer: memberPointer(key, 'kid'),
      ...keyIdentity(key),
      expected: `kid "${key.thumbprint}"`,
      actual: key.kid === undefined ? 'no kid' : `kid ${clip(key.kid)}`,
    });
  }
  return findings;
}

export const profileShcIssuerKey = defineRule({
  id: 'profile.shc.issuer-key',
  title: 'Keys are SMART Health Cards issuer keys',
  severity: 'error',
  spec: 'SMART Health Cards spec (issuer keys)',
  profiles: onlyUnder('shc'),
  scope: 'set',
  run: ({ keys, profile }) => {
    if (profile !== 'shc' || keys.length === 0) return SKIP;
    // Issuer keys are the keys a verifier would take for signatures; an encryption key is not one.
    return objectKeys(keys).filter(mayVerifySignatures).flatMap(issuerKeyFindings);
  },
});
