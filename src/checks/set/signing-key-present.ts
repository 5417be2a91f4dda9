// The set holds at least one asymmetric key a verifier can use for signatures: use absent or "sig", key_ops absent
// or with "verify", kty RSA, EC, OKP Ed25519/Ed448 or AKP, and a key that imports (OIDC Discovery §3 ; OIDC Core
// §10.1). An OpenID Provider without one cannot have its ID Tokens verified.
import { OKP_SIGNATURE_CURVES } from '../../jwks/algorithms.js';
import type { KeyFacts } from '../../jwks/types.js';
import { algorithmFitsKey, keyAlgorithmInfo } from '../alg/support.js';
import { SKIP, defineRule } from '../types.js';
import { hasMember } from '../support.js';

function canVerify(key: KeyFacts): boolean {
  if (key.object === undefined) return false;
  if (hasMember(key, 'use') && key.use !== 'sig') return false;
  if (hasMember(key, 'key_ops') && key.keyOps?.includes('verify') !== true) return false;
  if (hasMember(key, 'alg')) {
    const info = key.alg === undefined ? undefined : keyAlgorithmInfo(key.alg);
    if (info === undefined || info.use !== 'sig' || info.symmetric || !algorithmFitsKey(info, key)) return false;
  }
  if (key.thumbprint === undefined || key.importError !== undefined) return false;
  if (key.kty === 'RSA' || key.kty === 'EC') return key.imported !== undefined;
  if (key.kty === 'OKP') {
    return key.crv !== undefined && OKP_SIGNATURE_CURVES.includes(key.crv) && key.imported !== undefined;
  }
  // node:crypto does not import ML-DSA JWKs; a pub that decodes is the best available evidence.
  if (key.kty === 'AKP') return key.decoded['pub']?.bytes !== undefined;
  return false;
}

export const jwksSigningKeyPresent = defineRule({
  id: 'jwks.signing-key.present',
  title: 'Set holds a key that verifies signatures',
  severity: 'info',
  spec: 'OIDC Discovery §3 ; OIDC Core §10.1',
  profiles: { oidc: 'error' },
  scope: 'set',
  run: ({ keys }) => {
    // An empty set is jwks.doc.empty's finding.
    if (keys.length === 0) return SKIP;
    if (keys.some(canVerify)) return [];
    return [
      {
        message:
          'the set holds no asymmetric key usable to verify signatures (use absent or "sig", key_ops absent or with "verify", kty RSA, EC, OKP Ed25519/Ed448 or AKP, and a key that imports)',
        pointer: '/keys',
        expected: 'at least one signature verification key',
        actual: `${keys.length} element(s), none usable for verification`,
      },
    ];
  },
});
