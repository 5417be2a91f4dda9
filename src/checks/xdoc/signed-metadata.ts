// If `signed_metadata` is present, it is a JWS verifiable with a key from `jwks_uri`, its `iss` is the issuer,
// and its claims agree with the plain values (RFC 8414 §2.1; where they differ, the signed values win, so a
// difference means clients that verify see another configuration than clients that do not).
import { publicKeyOf } from '../../jwks/key-facts.js';
import type { KeyFacts } from '../../jwks/types.js';
import { clipField, has, listOf, member, pointerTo, stringMember } from '../discovery/support.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { decodeCompactJws, isVerifiableAlgorithm, verifyJws, type DecodedJws } from './jws.js';
import { keyServes } from './support.js';
import { quote } from '../support.js';

const MEMBER = 'signed_metadata';
/** JWT claims that describe the statement itself rather than the server (RFC 7519 §4.1). */
const STATEMENT_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);

/** Structural equality of two parsed JSON values (member order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((k) => Object.hasOwn(b, k) && jsonEqual(Reflect.get(a, k), Reflect.get(b, k)))
  );
}

/**
 * Keys worth trying: those a client would use for `alg` (kty, crv, use, alg, key_ops; see keyServes), narrowed
 * to the header's kid when it names one.
 */
function candidateKeys(jws: DecodedJws, alg: string, keys: readonly KeyFacts[]): readonly KeyFacts[] {
  const kid = jws.header['kid'];
  const usable = keys.filter((key) => key.imported !== undefined && keyServes(key, alg, 'sig'));
  return typeof kid === 'string' ? usable.filter((key) => key.kid === kid) : usable;
}

function verification(jws: DecodedJws, keys: readonly KeyFacts[]): string | undefined {
  const alg = jws.header['alg'];
  if (typeof alg !== 'string') return 'has no "alg" in its JOSE header';
  if (!isVerifiableAlgorithm(alg)) {
    return `uses alg ${quote(alg)}, which no public key in a JWK Set can verify (RFC 8414 §2.1 expects a signature verifiable with the jwks_uri keys)`;
  }
  const candidates = candidateKeys(jws, alg, keys);
  const kid = jws.header['kid'];
  if (candidates.length === 0) {
    return typeof kid === 'string'
      ? `names kid ${quote(kid)}, which no usable key in the JWK Set has`
      : 'cannot be checked: the JWK Set has no usable key';
  }
  // Facts keep no KeyObject (native memory per key); the few candidates are imported again, here only.
  const verified = candidates.some((key) => {
    const publicKey = publicKeyOf(key);
    return publicKey !== undefined && verifyJws(alg, publicKey, jws.signingInput, jws.signature);
  });
  return verified
    ? undefined
    : `does not verify with ${typeof kid === 'string' ? `the key ${quote(kid)}` : 'any key'} of the JWK Set (alg ${quote(alg)})`;
}

export const discSignedMetadata = defineRule({
  id: 'disc.signed-metadata',
  title: 'Signed metadata verifies and agrees with the plain metadata',
  severity: 'warning',
  spec: 'RFC 8414 §2.1',
  scope: 'xdoc',
  run: ({ discovery, keys }) => {
    if (!has(discovery, MEMBER)) return SKIP;
    const pointer = pointerTo(MEMBER);
    const token = member(discovery, MEMBER);
    if (typeof token !== 'string') return SKIP; // disc.types reports the type.
    const jws = decodeCompactJws(token);
    if ('problem' in jws) return [{ message: `"${MEMBER}" ${jws.problem}`, pointer }];

    const findings: FindingDraft[] = [];
    const problem = verification(jws, keys);
    if (problem !== undefined) findings.push({ message: `"${MEMBER}" ${problem}`, pointer });

    const issuer = stringMember(discovery, 'issuer');
    const iss = jws.payload['iss'];
    if (typeof iss !== 'string') {
      findings.push({ message: `"${MEMBER}" has no "iss" claim; it MUST name the issuer`, pointer });
    } else if (issuer !== undefined && iss !== issuer) {
      findings.push({
        message: `"${MEMBER}" is issued by ${quote(iss)}, not by the issuer ${quote(issuer)}`,
        pointer,
        expected: clipField(issuer),
        actual: clipField(iss),
      });
    }

    const differing = Object.keys(jws.payload).filter(
      (name) =>
        !STATEMENT_CLAIMS.has(name) && has(discovery, name) && !jsonEqual(jws.payload[name], member(discovery, name)),
    );
    if (differing.length > 0) {
      findings.push({
        message: `"${MEMBER}" gives other values than the plain metadata for ${listOf(differing)}; clients that verify it will use the signed values`,
        pointer,
      });
    }
    return findings;
  },
});
