/**
 * Per-entry analysis of a key's `x5c` (RFC 7517 §4.7): decoding, node:crypto's parse, and the plain facts the X.509
 * rules read (validity dates, the certificate's key in JWK terms, keyUsage, whether the next entry certifies it,
 * the thumbprints). The X509Certificate and KeyObject handles live only inside `analyzeCertificates`: each holds
 * ~12 KB of native memory, and the engine keeps the facts of every distinct key it has seen.
 */
import { X509Certificate, hash, type KeyObject } from 'node:crypto';
import { decodeBase64Url } from './base64url.js';
import { certificateKeyUsage, rsaPublicIntegers, type KeyUsageBit } from './der.js';
import { packBytes } from './pack.js';
import type { CertDigests, CertFacts, CertKey, CertificateFacts, ChainLink } from './types.js';

/** RFC 4648 §4: standard alphabet, padded to a multiple of 4, no whitespace (RFC 7517 §4.7). */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** OpenSSL curve names → JWK crv (RFC 7518 §6.2.1.1, RFC 8812 §3). */
const OPENSSL_CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1',
};
/** node asymmetricKeyType → JWK crv of an OKP key (RFC 8037 §2). */
const OKP_TYPES: Readonly<Record<string, string>> = {
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  x25519: 'X25519',
  x448: 'X448',
};

/** An x5c entry as decoded: its facts so far, and the parsed certificate while the analysis lasts. */
interface DecodedEntry {
  readonly index: number;
  readonly problem: string | undefined;
  readonly digests: CertDigests | undefined;
  readonly der: Uint8Array | undefined;
  readonly x509: X509Certificate | undefined;
}

/** One CertFacts per element of `x5c` (none when it is not an array). Never throws. */
export function analyzeCertificates(x5c: unknown): CertFacts[] {
  if (!Array.isArray(x5c)) return [];
  // Every entry is parsed before any facts are built: the chain link of x5c[i] needs x5c[i + 1].
  const entries = x5c.map((entry: unknown, index) => decodeEntry(entry, index));
  return entries.map(({ index, problem, digests, der, x509 }) => {
    const cert =
      x509 === undefined || der === undefined ? undefined : certificateFacts(x509, der, entries[index + 1]?.x509);
    return { index, problem, digests, cert };
  });
}

function decodeEntry(entry: unknown, index: number): DecodedEntry {
  const none = { digests: undefined, der: undefined, x509: undefined };
  if (typeof entry !== 'string') return { index, problem: `not a string (${jsonType(entry)})`, ...none };
  let problem: string | undefined;
  let der: Uint8Array | undefined;
  if (STANDARD_BASE64.test(entry)) {
    der = Buffer.from(entry, 'base64');
  } else {
    // Lenient fallback (base64url, whitespace, missing padding) so key-match and validity can still run.
    der = decodeBase64Url(entry).bytes;
    problem = `not standard base64 (RFC 7517 §4.7): ${describeBase64Problem(entry)}`;
  }
  if (der === undefined || der.length === 0) return { index, problem: problem ?? 'empty certificate', ...none };
  const digests = digestsOf(der);
  try {
    return { index, problem, digests, der, x509: new X509Certificate(der) };
  } catch (error) {
    const notCertificate = `not a DER certificate: ${errorMessage(error)}`;
    return { index, problem: problem ?? notCertificate, digests, der, x509: undefined };
  }
}

function digestsOf(der: Uint8Array): CertDigests {
  return {
    sha1: hash('sha1', der, 'hex'),
    sha256: hash('sha256', der, 'hex'),
  };
}

function certificateFacts(x509: X509Certificate, der: Uint8Array, next: X509Certificate | undefined): CertificateFacts {
  return {
    notBefore: epochMs(x509.validFrom),
    notAfter: epochMs(x509.validTo),
    key: certificateKey(x509),
    keyUsage: sharedKeyUsage(certificateKeyUsage(der)),
    issuedByNext: chainLink(x509, next),
  };
}

/** One shared set per combination of keyUsage bits: a fleet has a few combinations and thousands of certificates. */
const keyUsages = new Map<string, ReadonlySet<KeyUsageBit>>();

function sharedKeyUsage(
  usage: ReadonlySet<KeyUsageBit> | null | undefined,
): ReadonlySet<KeyUsageBit> | null | undefined {
  if (usage === null || usage === undefined) return usage;
  const id = [...usage].join(',');
  let shared = keyUsages.get(id);
  if (shared === undefined) {
    shared = usage;
    keyUsages.set(id, shared);
  }
  return shared;
}

function epochMs(date: string): number | undefined {
  const ms = new Date(date).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether `issuer` issued and signed `cert` (RFC 7517 §4.7); undefined when there is no parsed next entry. */
function chainLink(cert: X509Certificate, issuer: X509Certificate | undefined): ChainLink | undefined {
  if (issuer === undefined) return undefined;
  try {
    if (!cert.checkIssued(issuer)) return 'issuer-mismatch';
    return cert.verify(issuer.publicKey) ? 'certified' : 'signature-invalid';
  } catch {
    return 'unverifiable';
  }
}

function lookup(table: Readonly<Record<string, string>>, name: string | undefined): string | undefined {
  return name !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** The certificate's key in JWK terms, or undefined when node cannot give it (never throws). */
function certificateKey(cert: X509Certificate): CertKey | undefined {
  let keyObject: KeyObject;
  try {
    keyObject = cert.publicKey;
  } catch {
    return undefined;
  }
  const type = keyObject.asymmetricKeyType ?? 'unknown';
  if (type === 'rsa' || type === 'rsa-pss') {
    return { kty: 'RSA', type, crv: undefined, members: rsaMembers(keyObject) };
  }
  if (type === 'ec') {
    const crv = lookup(OPENSSL_CURVES, keyObject.asymmetricKeyDetails?.namedCurve);
    return { kty: 'EC', type, crv, members: jwkMembers(keyObject, ['x', 'y']) };
  }
  const okpCurve = lookup(OKP_TYPES, type);
  if (okpCurve !== undefined) {
    return { kty: 'OKP', type, crv: okpCurve, members: jwkMembers(keyObject, ['x']) };
  }
  return { kty: undefined, type, crv: undefined, members: undefined };
}

function rsaMembers(keyObject: KeyObject): Record<string, Uint8Array> | undefined {
  const fromJwk = jwkMembers(keyObject, ['n', 'e']);
  if (fromJwk !== undefined) return fromJwk;
  // node exports no JWK for RSASSA-PSS keys (ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE); the SPKI carries the same n, e.
  try {
    const integers = rsaPublicIntegers(new Uint8Array(keyObject.export({ type: 'spki', format: 'der' })));
    // Copied out, so the facts do not keep the whole SPKI buffer alive.
    return integers === undefined ? undefined : membersOf(['n', 'e'], [integers.n, integers.e]);
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
  const parts: Uint8Array[] = [];
  for (const name of names) {
    const value: unknown = Object.hasOwn(jwk, name) ? Reflect.get(jwk, name) : undefined;
    if (typeof value !== 'string') return undefined;
    parts.push(Buffer.from(value, 'base64url'));
  }
  return membersOf(names, parts);
}

/** Named members over one exact-size buffer (see pack.ts). */
function membersOf(names: readonly string[], parts: readonly Uint8Array[]): Record<string, Uint8Array> {
  const members: Record<string, Uint8Array> = {};
  packBytes(parts).forEach((bytes, i) => {
    const name = names[i];
    if (name !== undefined) members[name] = bytes;
  });
  return members;
}

/** Why an x5c entry is not standard base64, in the order a producer would fix it. */
function describeBase64Problem(entry: string): string {
  if (/\s/.test(entry)) return 'contains whitespace or line breaks';
  if (/[-_]/.test(entry)) return "uses the base64url alphabet ('-' or '_')";
  if (/^[A-Za-z0-9+/]*=*$/.test(entry)) return 'padding is missing or wrong';
  return 'contains characters outside the base64 alphabet';
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
