/**
 * What a key says it is for, read from `use`, `key_ops`, `alg` and the OKP curve, on top of the IANA algorithm
 * table in src/jwks/algorithms.ts. Shared by the algorithm, set and profile rules so they classify keys alike.
 */
import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  EC_CURVE_NAMES,
  OKP_CURVE_NAMES,
  OKP_KEY_AGREEMENT_CURVES,
  OKP_SIGNATURE_CURVES,
  algorithmInfo,
  type AlgorithmInfo,
  type AlgorithmUse,
  type KeyType,
} from '../../jwks/algorithms.js';
import type { KeyFacts } from '../../jwks/types.js';
import { ENCRYPTION_KEY_OPS, SIGNATURE_KEY_OPS, isKeyType } from '../support.js';

/**
 * A JWE "enc" value as a key's `alg` (a key used directly, as with `dir`) is a symmetric content-encryption key;
 * the shared table only lists key-management algorithms, so it is completed here.
 */
const CONTENT_ENCRYPTION_INFO: AlgorithmInfo = { use: 'enc', kty: ['oct'], symmetric: true };

/** The registry entry for a key's `alg`, content-encryption values included; undefined for `none` and unknown. */
export function keyAlgorithmInfo(alg: string): AlgorithmInfo | undefined {
  const info = algorithmInfo(alg);
  if (info !== undefined) return info;
  return CONTENT_ENCRYPTION_ALGORITHMS.includes(alg) ? CONTENT_ENCRYPTION_INFO : undefined;
}

/** Curves a key type can carry (RFC 7518 §6.2.1.1, RFC 8812 §3, RFC 8037 §2). */
export function curvesOf(kty: KeyType): readonly string[] {
  if (kty === 'EC') return EC_CURVE_NAMES;
  if (kty === 'OKP') return OKP_CURVE_NAMES;
  return [];
}

/** The curves `info` allows on a key of type `kty` (ECDH-ES lists EC and OKP curves together). */
export function allowedCurves(info: AlgorithmInfo, kty: KeyType): readonly string[] | undefined {
  if (info.crv === undefined) return undefined;
  const ofKty = curvesOf(kty);
  return info.crv.filter((crv) => ofKty.includes(crv));
}

/** Whether the key's kty (and curve, where the algorithm restricts it) can carry the algorithm. */
export function algorithmFitsKey(info: AlgorithmInfo, key: KeyFacts): boolean {
  if (!isKeyType(key.kty) || !info.kty.includes(key.kty)) return false;
  const curves = allowedCurves(info, key.kty);
  return curves === undefined || (key.crv !== undefined && curves.includes(key.crv));
}

/**
 * What the key declares it is for, from every source the catalogue names (`jwks.use.required-when-mixed`):
 * `use`, `key_ops`, the family of `alg`, and the OKP curve (Ed* sign, X* agree keys; RFC 8037 §3). AKP keys are
 * ML-DSA signature keys (RFC 9964). Empty when nothing says.
 */
export function declaredPurposes(key: KeyFacts): ReadonlySet<AlgorithmUse> {
  const purposes = new Set<AlgorithmUse>();
  if (key.object === undefined) return purposes;
  if (key.use === 'sig' || key.use === 'enc') purposes.add(key.use);
  for (const op of key.keyOps ?? []) {
    if (SIGNATURE_KEY_OPS.includes(op)) purposes.add('sig');
    if (ENCRYPTION_KEY_OPS.includes(op)) purposes.add('enc');
  }
  const info = key.alg === undefined ? undefined : keyAlgorithmInfo(key.alg);
  if (info !== undefined) purposes.add(info.use);
  if (key.kty === 'OKP' && key.crv !== undefined) {
    if (OKP_SIGNATURE_CURVES.includes(key.crv)) purposes.add('sig');
    if (OKP_KEY_AGREEMENT_CURVES.includes(key.crv)) purposes.add('enc');
  }
  if (key.kty === 'AKP') purposes.add('sig');
  return purposes;
}

/**
 * Whether a verifier would take this key for a signature: it declares `sig`, or it declares nothing at all
 * (a key with no `use`, `key_ops` or `alg` is accepted for any operation its type allows).
 */
export function mayVerifySignatures(key: KeyFacts): boolean {
  const purposes = declaredPurposes(key);
  return purposes.has('sig') || purposes.size === 0;
}

/** The JSON objects among the elements of `keys` (the document rules report the others). */
export function objectKeys(keys: readonly KeyFacts[]): readonly KeyFacts[] {
  return keys.filter((key) => key.object !== undefined);
}

/** The JSON-object keys that have an RFC 7638 thumbprint, grouped by it in the set's order. */
export function groupByThumbprint(keys: readonly KeyFacts[]): Map<string, KeyFacts[]> {
  return groupBy(objectKeys(keys), (key) => key.thumbprint);
}

/** Groups items by a string label, keeping the set's order; items without a label are left out. */
export function groupBy<T>(items: readonly T[], label: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = label(item);
    if (name === undefined) continue;
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [item]);
    else group.push(item);
  }
  return groups;
}
