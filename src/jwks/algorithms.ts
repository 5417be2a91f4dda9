/**
 * The IANA "JSON Web Signature and Encryption Algorithms" registry (RFC 7518 §7.1, RFC 8037, RFC 8812,
 * RFC 9864, RFC 9964) as data: which key type and curve each algorithm needs and what it is for.
 * Shared by the key rules (`jwk.alg.*`, `alg.*`), discovery rules (`disc.alg.registered`) and the cross-document
 * coverage rules (`xdoc.*`), so they all agree on one table.
 */

export type KeyType = 'RSA' | 'EC' | 'OKP' | 'oct' | 'AKP';
export type AlgorithmUse = 'sig' | 'enc';

export interface AlgorithmInfo {
  readonly use: AlgorithmUse;
  /** Key types that can carry this algorithm. */
  readonly kty: readonly KeyType[];
  /** Curves allowed, when the algorithm restricts them (EC and OKP). */
  readonly crv?: readonly string[];
  /** Needs a shared secret: has no place in a published set. */
  readonly symmetric: boolean;
}

const EC_CURVES = ['P-256', 'P-384', 'P-521'] as const;
const ECDH_CURVES = [...EC_CURVES, 'X25519', 'X448'] as const;

const sig = (kty: KeyType[], crv?: string[]): AlgorithmInfo =>
  crv === undefined ? { use: 'sig', kty, symmetric: kty.includes('oct') } : { use: 'sig', kty, crv, symmetric: false };
const enc = (kty: KeyType[], crv?: readonly string[]): AlgorithmInfo =>
  crv === undefined ? { use: 'enc', kty, symmetric: kty.includes('oct') } : { use: 'enc', kty, crv, symmetric: false };

/** JWS and JWE "alg" values (key management algorithms included). `none` is listed apart. */
export const ALGORITHMS: Readonly<Record<string, AlgorithmInfo>> = {
  HS256: sig(['oct']),
  HS384: sig(['oct']),
  HS512: sig(['oct']),
  RS256: sig(['RSA']),
  RS384: sig(['RSA']),
  RS512: sig(['RSA']),
  PS256: sig(['RSA']),
  PS384: sig(['RSA']),
  PS512: sig(['RSA']),
  ES256: sig(['EC'], ['P-256']),
  ES384: sig(['EC'], ['P-384']),
  ES512: sig(['EC'], ['P-521']),
  ES256K: sig(['EC'], ['secp256k1']),
  EdDSA: sig(['OKP'], ['Ed25519', 'Ed448']),
  Ed25519: sig(['OKP'], ['Ed25519']),
  Ed448: sig(['OKP'], ['Ed448']),
  'ML-DSA-44': sig(['AKP']),
  'ML-DSA-65': sig(['AKP']),
  'ML-DSA-87': sig(['AKP']),
  RSA1_5: enc(['RSA']),
  'RSA-OAEP': enc(['RSA']),
  'RSA-OAEP-256': enc(['RSA']),
  'RSA-OAEP-384': enc(['RSA']),
  'RSA-OAEP-512': enc(['RSA']),
  A128KW: enc(['oct']),
  A192KW: enc(['oct']),
  A256KW: enc(['oct']),
  dir: enc(['oct']),
  'ECDH-ES': enc(['EC', 'OKP'], ECDH_CURVES),
  'ECDH-ES+A128KW': enc(['EC', 'OKP'], ECDH_CURVES),
  'ECDH-ES+A192KW': enc(['EC', 'OKP'], ECDH_CURVES),
  'ECDH-ES+A256KW': enc(['EC', 'OKP'], ECDH_CURVES),
  A128GCMKW: enc(['oct']),
  A192GCMKW: enc(['oct']),
  A256GCMKW: enc(['oct']),
  'PBES2-HS256+A128KW': enc(['oct']),
  'PBES2-HS384+A192KW': enc(['oct']),
  'PBES2-HS512+A256KW': enc(['oct']),
};

/** JWE "enc" values (content encryption); these never belong on a key but appear in discovery metadata. */
export const CONTENT_ENCRYPTION_ALGORITHMS: readonly string[] = [
  'A128CBC-HS256',
  'A192CBC-HS384',
  'A256CBC-HS512',
  'A128GCM',
  'A192GCM',
  'A256GCM',
];

/** The unsecured JWS "algorithm" (RFC 7518 §3.6): registered, but never valid on a key. */
export const ALG_NONE = 'none';

export function algorithmInfo(alg: string): AlgorithmInfo | undefined {
  return Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg] : undefined;
}

export function isRegisteredAlgorithm(alg: string): boolean {
  return alg === ALG_NONE || Object.hasOwn(ALGORITHMS, alg) || CONTENT_ENCRYPTION_ALGORITHMS.includes(alg);
}

/** Curves per key type that this checker knows (RFC 7518 §6.2.1.1, RFC 8812 §3, RFC 8037 §2). */
export const EC_CURVE_NAMES: readonly string[] = [...EC_CURVES, 'secp256k1'];
export const OKP_CURVE_NAMES: readonly string[] = ['Ed25519', 'Ed448', 'X25519', 'X448'];
export const OKP_SIGNATURE_CURVES: readonly string[] = ['Ed25519', 'Ed448'];
export const OKP_KEY_AGREEMENT_CURVES: readonly string[] = ['X25519', 'X448'];
