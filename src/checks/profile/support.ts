/**
 * What the FAPI profile rules share: which keys are signing keys, whether a key's algorithm is on a profile's
 * list, and key sizes. Profile rules run as set rules so they can be switched off as a whole per profile.
 */
import type { KeyFacts } from '../../jwks/types.js';
import { algorithmFitsKey, keyAlgorithmInfo, mayVerifySignatures, objectKeys } from '../alg/support.js';
import type { FindingDraft, Profile, ProfileSeverity } from '../types.js';
import { clip, keyIdentity, keyLabel, memberPointer, quote } from '../support.js';

/**
 * Severities of a rule that applies under one profile only: 'off' everywhere else (set explicitly, since fapi1
 * and fapi2 would otherwise inherit the oidc entry).
 */
export function onlyUnder(profile: Profile): Readonly<Record<Profile, ProfileSeverity>> {
  return { core: 'off', oidc: 'off', fapi1: 'off', fapi2: 'off', shc: 'off', [profile]: 'error' };
}

const ASYMMETRIC_KEY_TYPES: readonly string[] = ['RSA', 'EC', 'OKP', 'AKP'];

/**
 * Asymmetric keys a verifier would take for signatures: declared for `sig`, or declaring nothing. Keys whose
 * `alg` is an encryption algorithm are left out even when `use` says otherwise (jwk.alg.use-match reports that);
 * symmetric keys have rules of their own (alg.symmetric, jwk.private.symmetric).
 */
export function signingKeys(keys: readonly KeyFacts[]): readonly KeyFacts[] {
  return objectKeys(keys).filter(
    (key) =>
      key.kty !== undefined &&
      ASYMMETRIC_KEY_TYPES.includes(key.kty) &&
      mayVerifySignatures(key) &&
      (key.alg === undefined || keyAlgorithmInfo(key.alg)?.use !== 'enc'),
  );
}

export interface SigningAlgPolicy {
  /** The profile's name in messages, e.g. 'FAPI 2.0'. */
  readonly name: string;
  readonly permitted: readonly string[];
  /** Curves a permitted algorithm is limited to beyond the registry (FAPI 2.0: EdDSA with Ed25519 only). */
  readonly curves?: Readonly<Record<string, readonly string[]>>;
}

function restrictedCurves(policy: SigningAlgPolicy, alg: string): readonly string[] | undefined {
  return policy.curves !== undefined && Object.hasOwn(policy.curves, alg) ? policy.curves[alg] : undefined;
}

function curveAllowed(policy: SigningAlgPolicy, alg: string, crv: string | undefined): boolean {
  const curves = restrictedCurves(policy, alg);
  return curves === undefined || (crv !== undefined && curves.includes(crv));
}

/** Whether some permitted algorithm can be used with the key as it stands (for keys without `alg`). */
function fitsSomePermitted(policy: SigningAlgPolicy, key: KeyFacts): boolean {
  return policy.permitted.some((alg) => {
    const info = keyAlgorithmInfo(alg);
    return info !== undefined && algorithmFitsKey(info, key) && curveAllowed(policy, alg, key.crv);
  });
}

/**
 * A finding when a signing key's algorithm is not on the policy's list, or (without `alg`) when no listed
 * algorithm fits the key's type and curve; undefined when the key complies.
 */
export function signingAlgViolation(policy: SigningAlgPolicy, key: KeyFacts): FindingDraft | undefined {
  const permitted = policy.permitted.join(', ');
  const crv = key.crv ?? '(none)';
  if (key.alg !== undefined) {
    if (!policy.permitted.includes(key.alg)) {
      return {
        message: `${keyLabel(key)} is a signing key with alg ${quote(key.alg)}; ${policy.name} permits only ${permitted}`,
        pointer: memberPointer(key, 'alg'),
        ...keyIdentity(key),
        expected: permitted,
        actual: clip(key.alg),
      };
    }
    if (!curveAllowed(policy, key.alg, key.crv)) {
      const curves = restrictedCurves(policy, key.alg)?.join(' or ') ?? '';
      return {
        message: `${keyLabel(key)} uses alg ${quote(key.alg)} with crv ${quote(crv)}; ${policy.name} permits it only with ${curves}`,
        pointer: memberPointer(key, 'crv'),
        ...keyIdentity(key),
        expected: `crv ${curves}`,
        actual: `crv ${clip(crv)}`,
      };
    }
    return undefined;
  }
  if (fitsSomePermitted(policy, key)) return undefined;
  const shape = `kty ${clip(key.kty ?? '(none)')}${key.crv === undefined ? '' : `, crv ${clip(key.crv)}`}`;
  return {
    message: `${keyLabel(key)} can be used for signatures (no use or alg restricts it), but none of the algorithms ${policy.name} permits (${permitted}) fits a key with ${shape}`,
    pointer: memberPointer(key, key.crv === undefined ? 'kty' : 'crv'),
    ...keyIdentity(key),
    expected: `a key usable with ${permitted}`,
    actual: shape,
  };
}

/** Field sizes in bits of the EC curves a JWK can name (FIPS 186-5 ; SEC 2). */
const EC_CURVE_BITS: Readonly<Record<string, number>> = {
  'P-256': 256,
  'P-384': 384,
  'P-521': 521,
  secp256k1: 256,
};
const BITS_PER_OCTET = 8;

/** An EC key's size: its curve's field size, or for a curve this checker does not know, the x coordinate's. */
function ecBits(key: KeyFacts): number | undefined {
  if (key.crv !== undefined && Object.hasOwn(EC_CURVE_BITS, key.crv)) return EC_CURVE_BITS[key.crv];
  const x = key.decoded['x']?.bytes;
  return x === undefined || x.length === 0 ? undefined : x.length * BITS_PER_OCTET;
}

export interface KeySizePolicy {
  readonly name: string;
  readonly rsaMinBits: number;
  readonly ecMinBits: number;
}

/** One finding per RSA or EC key below the policy's minimum (other key types have no size requirement here). */
export function keySizeFindings(policy: KeySizePolicy, keys: readonly KeyFacts[]): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const key of objectKeys(keys)) {
    if (key.kty === 'RSA' && key.rsaBits !== undefined && key.rsaBits < policy.rsaMinBits) {
      findings.push({
        message: `${keyLabel(key)} has a ${key.rsaBits}-bit RSA modulus; ${policy.name} requires at least ${policy.rsaMinBits} bits`,
        pointer: memberPointer(key, 'n'),
        ...keyIdentity(key),
        expected: `at least ${policy.rsaMinBits} bits`,
        actual: `${key.rsaBits} bits`,
      });
    }
    const bits = key.kty === 'EC' ? ecBits(key) : undefined;
    if (bits !== undefined && bits < policy.ecMinBits) {
      findings.push({
        message: `${keyLabel(key)} is a ${bits}-bit EC key; ${policy.name} requires at least ${policy.ecMinBits} bits`,
        pointer: memberPointer(key, 'crv'),
        ...keyIdentity(key),
        expected: `at least ${policy.ecMinBits} bits`,
        actual: `${bits} bits`,
      });
    }
  }
  return findings;
}
