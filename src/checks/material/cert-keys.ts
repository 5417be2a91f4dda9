/**
 * What a certificate's public key is, in JWK terms: its kty, curve and the public members, read through
 * node:crypto (JWK export) or, for RSASSA-PSS keys that node cannot export as a JWK, from the SPKI DER.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { rsaPublicIntegers } from './der.js';

export interface CertKey {
  /** JWK kty of the certificate's key, or undefined for a key type JOSE has no JWK form for. */
  readonly kty: 'RSA' | 'EC' | 'OKP' | undefined;
  /** node's asymmetricKeyType ('rsa', 'rsa-pss', 'ec', 'ed25519', …), for messages. */
  readonly type: string;
  /** JWK curve name for EC and OKP keys, when known. */
  readonly crv: string | undefined;
  /** Public members as bytes (n, e / x, y / x), when they could be read. */
  readonly members: Readonly<Record<string, Uint8Array>> | undefined;
  readonly keyObject: KeyObject;
}

/** OpenSSL curve names → JWK crv (RFC 7518 §6.2.1.1, RFC 8812 §3). */
const OPENSSL_CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1',
};
const OKP_TYPES: Readonly<Record<string, string>> = {
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  x25519: 'X25519',
  x448: 'X448',
};

function lookup(table: Readonly<Record<string, string>>, name: string | undefined): string | undefined {
  return name !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** How messages name a certificate key: "RSA", "RSASSA-PSS", "EC P-256", "Ed25519", or node's type name. */
export function describeCertKey(certKey: CertKey): string {
  if (certKey.type === 'rsa') return 'RSA';
  if (certKey.type === 'rsa-pss') return 'RSASSA-PSS';
  if (certKey.kty === 'EC') return `EC ${certKey.crv ?? '(unknown curve)'}`;
  return certKey.crv ?? certKey.type;
}

/**
 * Several rules read the same leaf's key, and node builds a new KeyObject (and JWK export) on every call, so the
 * answer is kept per certificate object; it goes away with the KeyFacts that hold the certificate.
 */
const certKeyCache = new WeakMap<X509Certificate, CertKey | null>();

/** The certificate's key, or undefined when node cannot give it (never throws). */
export function certificateKey(cert: X509Certificate): CertKey | undefined {
  const cached = certKeyCache.get(cert);
  if (cached !== undefined) return cached ?? undefined;
  const computed = readCertificateKey(cert);
  certKeyCache.set(cert, computed ?? null);
  return computed;
}

function readCertificateKey(cert: X509Certificate): CertKey | undefined {
  let keyObject: KeyObject;
  try {
    keyObject = cert.publicKey;
  } catch {
    return undefined;
  }
  const type = keyObject.asymmetricKeyType ?? 'unknown';
  if (type === 'rsa' || type === 'rsa-pss') {
    return { kty: 'RSA', type, crv: undefined, members: rsaMembers(keyObject), keyObject };
  }
  if (type === 'ec') {
    const crv = lookup(OPENSSL_CURVES, keyObject.asymmetricKeyDetails?.namedCurve);
    return { kty: 'EC', type, crv, members: jwkMembers(keyObject, ['x', 'y']), keyObject };
  }
  const okpCurve = lookup(OKP_TYPES, type);
  if (okpCurve !== undefined) {
    return { kty: 'OKP', type, crv: okpCurve, members: jwkMembers(keyObject, ['x']), keyObject };
  }
  return { kty: undefined, type, crv: undefined, members: undefined, keyObject };
}

function rsaMembers(keyObject: KeyObject): Record<string, Uint8Array> | undefined {
  const fromJwk = jwkMembers(keyObject, ['n', 'e']);
  if (fromJwk !== undefined) return fromJwk;
  // node exports no JWK for RSASSA-PSS keys (ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE); the SPKI carries the same n, e.
  try {
    return rsaPublicIntegers(new Uint8Array(keyObject.export({ type: 'spki', format: 'der' })));
  } catch {
    return undefined;
  }
}

function jwkMembers(keyObject: KeyObject, names: readonly string[]): Record<string, Uint8Array> | undefined {
  let jwk: unknown;
  try {
    jwk = keyObject.export({ format: 'jwk' });
  } catch {
    return undefined;
  }
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const members: Record<string, Uint8Array> = {};
  for (const name of names) {
    const value: unknown = Object.hasOwn(jwk, name) ? Reflect.get(jwk, name) : undefined;
    if (typeof value !== 'string') return undefined;
    members[name] = new Uint8Array(Buffer.from(value, 'base64url'));
  }
  return members;
}
