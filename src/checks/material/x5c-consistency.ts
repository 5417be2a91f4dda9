// Asserts use/key_ops/alg agree with the x5c leaf certificate: the certificate's key algorithm (and curve) fits
// alg, and its keyUsage extension (when present) allows what use/key_ops/alg declare (RFC 7517 §4.6, §4.7;
// RFC 5280 §4.2.1.3). Extended key usage is not compared: it has no JOSE counterpart. A warning, since many real
// certificates are loose here.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { algorithmInfo } from '../../jwks/algorithms.js';
import type { KeyFacts } from '../../jwks/types.js';
import { describeCertKey, type CertKey } from './cert-keys.js';
import type { KeyUsageBit } from './der.js';
import { keyLabel, memberPointer } from '../support.js';

const SIGNATURE_OPS: readonly string[] = ['sign', 'verify'];
const ENCRYPTION_OPS: readonly string[] = ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'deriveKey', 'deriveBits'];
/** keyUsage bits that permit verifying signatures made with the key (RFC 5280 §4.2.1.3). */
const SIGNATURE_BITS: readonly KeyUsageBit[] = ['digitalSignature', 'nonRepudiation'];
/** RSA encryption keys transport content keys (keyEncipherment); EC and OKP ones agree on them (keyAgreement). */
const ENCRYPTION_BITS: Readonly<Record<string, readonly KeyUsageBit[]>> = {
  RSA: ['keyEncipherment', 'dataEncipherment'],
  EC: ['keyAgreement'],
  OKP: ['keyAgreement'],
};
/** RFC 4055 §1.2: an id-RSASSA-PSS key may only make PSS signatures. */
const PSS_ALG_PREFIX = 'PS';

export const x5cConsistency = defineRule({
  id: 'jwk.x5c.consistency',
  title:
    "use, key_ops and alg agree with the x5c leaf's key algorithm and keyUsage extension (extended key usage not compared)",
  severity: 'warning',
  spec: 'RFC 7517 §4.6, §4.7 ; RFC 5280 §4.2.1.3',
  scope: 'key',
  run({ key }) {
    const leaf = key.certs[0]?.cert;
    if (key.object === undefined || leaf === undefined) return SKIP;
    const certKey = leaf.key;
    if (certKey === undefined) return SKIP;
    return [...algorithmFindings(key, certKey), ...usageFindings(key, certKey, leaf.keyUsage)];
  },
});

function algorithmFindings(key: KeyFacts, certKey: CertKey): FindingDraft[] {
  const alg = key.alg;
  const info = alg === undefined ? undefined : algorithmInfo(alg);
  if (alg === undefined || info === undefined) return [];
  const pointer = memberPointer(key, 'alg');
  const finding = (problem: string, expected: string, actual: string): FindingDraft => ({
    message: `alg ${JSON.stringify(alg)} of ${keyLabel(key)} ${problem}; use, key_ops and alg must be consistent with the certificate (RFC 7517 §4.7)`,
    pointer,
    expected,
    actual,
  });
  if (certKey.kty === undefined || !info.kty.some((kty) => kty === certKey.kty)) {
    return [
      finding(
        `needs a key of type ${info.kty.join(' or ')} but x5c[0] certifies a key of type ${describeCertKey(certKey)}`,
        info.kty.join(' or '),
        describeCertKey(certKey),
      ),
    ];
  }
  if (info.crv !== undefined && certKey.crv !== undefined && !info.crv.includes(certKey.crv)) {
    return [
      finding(
        `needs curve ${info.crv.join(', ')} but x5c[0] certifies a key on ${certKey.crv}`,
        info.crv.join(', '),
        certKey.crv,
      ),
    ];
  }
  if (certKey.type === 'rsa-pss' && !alg.startsWith(PSS_ALG_PREFIX)) {
    return [
      finding(
        'is not a PSS algorithm but x5c[0] certifies an RSASSA-PSS key, which may only make PSS signatures (RFC 4055 §1.2)',
        'PS256, PS384 or PS512',
        alg,
      ),
    ];
  }
  return [];
}

function usageFindings(
  key: KeyFacts,
  certKey: CertKey,
  usage: ReadonlySet<KeyUsageBit> | null | undefined,
): FindingDraft[] {
  // No keyUsage extension (null) means no restriction; undefined means the DER could not be walked.
  if (usage === null || usage === undefined) return [];
  const info = key.alg === undefined ? undefined : algorithmInfo(key.alg);
  const ops = key.keyOps ?? [];
  const findings: FindingDraft[] = [];
  const declared = usage.size === 0 ? 'none' : [...usage].join(', ');
  const declaredBy = (purpose: 'sig' | 'enc', purposeOps: readonly string[]): string | undefined => {
    if (key.use === purpose) return 'use';
    if (ops.some((op) => purposeOps.includes(op))) return 'key_ops';
    if (info?.use === purpose) return 'alg';
    return undefined;
  };
  const signingMember = declaredBy('sig', SIGNATURE_OPS);
  if (signingMember !== undefined && !SIGNATURE_BITS.some((bit) => usage.has(bit))) {
    findings.push({
      message: `${keyLabel(key)} is declared for signatures (by ${signingMember}) but the keyUsage of x5c[0] does not include digitalSignature; the certificate must allow what the JWK declares (RFC 7517 §4.7, RFC 5280 §4.2.1.3)`,
      pointer: memberPointer(key, signingMember),
      expected: 'keyUsage digitalSignature',
      actual: `keyUsage ${declared}`,
    });
  }
  const encryptingMember = declaredBy('enc', ENCRYPTION_OPS);
  const encryptionBits = certKey.kty === undefined ? undefined : ENCRYPTION_BITS[certKey.kty];
  if (encryptingMember !== undefined && encryptionBits !== undefined && !encryptionBits.some((bit) => usage.has(bit))) {
    findings.push({
      message: `${keyLabel(key)} is declared for encryption (by ${encryptingMember}) but the keyUsage of x5c[0] does not include ${encryptionBits.join(' or ')}; the certificate must allow what the JWK declares (RFC 7517 §4.7, RFC 5280 §4.2.1.3)`,
      pointer: memberPointer(key, encryptingMember),
      expected: `keyUsage ${encryptionBits.join(' or ')}`,
      actual: `keyUsage ${declared}`,
    });
  }
  return findings;
}
