/**
 * Whether a published key can serve an advertised algorithm, by the members a JOSE library consults before it
 * uses a key: kty and crv (the IANA table in src/jwks/algorithms.ts), `use`, `alg` and `key_ops` (RFC 7517 §4),
 * and node:crypto's import as the last word on the key material.
 */
import { algorithmInfo, type AlgorithmInfo } from '../../jwks/algorithms.js';
import type { KeyFacts } from '../../jwks/types.js';

/** RFC 7517 §4.3 operations a public key is put to, per purpose (the private-key halves never apply here). */
const PUBLIC_KEY_OPS: Readonly<Record<'sig' | 'enc', readonly string[]>> = {
  sig: ['verify'],
  enc: ['encrypt', 'wrapKey', 'deriveKey', 'deriveBits'],
};

/** Key types src/jwks/key-facts.ts hands to node:crypto. */
const IMPORTED_KEY_TYPES: readonly string[] = ['RSA', 'EC', 'OKP'];

/** The registry entry of an asymmetric algorithm for `purpose`; undefined for symmetric, unknown and `none`. */
export function asymmetricAlgorithm(alg: string, purpose: 'sig' | 'enc'): AlgorithmInfo | undefined {
  const info = algorithmInfo(alg);
  return info !== undefined && info.use === purpose && !info.symmetric ? info : undefined;
}

function fitsTypeAndCurve(info: AlgorithmInfo, key: KeyFacts): boolean {
  if (key.kty === undefined || !info.kty.some((kty) => kty === key.kty)) return false;
  return info.crv === undefined || (key.crv !== undefined && info.crv.includes(key.crv));
}

/**
 * A key a client would use for `alg`: matching kty and curve; `use` absent or the purpose; `alg` absent or equal;
 * `key_ops` absent or naming the public operation; and material node:crypto did not refuse. A member present
 * with a malformed value (e.g. `use: 1`) disqualifies the key, as it does in strict libraries.
 */
export function keyServes(key: KeyFacts, alg: string, purpose: 'sig' | 'enc'): boolean {
  const info = asymmetricAlgorithm(alg, purpose);
  const object = key.object;
  if (info === undefined || object === undefined || key.importError !== undefined) return false;
  // Key types node:crypto imports must have imported: a key missing `n` or `x` verifies nothing.
  if (key.kty !== undefined && IMPORTED_KEY_TYPES.includes(key.kty) && key.imported === undefined) return false;
  if (!fitsTypeAndCurve(info, key)) return false;
  if (Object.hasOwn(object, 'use') && key.use !== purpose) return false;
  if (Object.hasOwn(object, 'alg') && key.alg !== alg) return false;
  if (Object.hasOwn(object, 'key_ops')) {
    const ops = PUBLIC_KEY_OPS[purpose];
    if (key.keyOps === undefined || !key.keyOps.some((op) => ops.includes(op))) return false;
  }
  return true;
}
