/**
 * Per-key analysis: everything key, set and material rules read about one element of `keys`, computed once.
 * Order follows the catalogue's pipeline: raw scan for private members first (whatever the kty), then string
 * members, lenient base64url decoding, the RFC 7638 thumbprint, and node:crypto's import of the public members
 * as a second opinion. A pure function of its input (the engine caches it by content hash); never throws.
 */
import { X509Certificate, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isRecord, ownMember, stringMember } from '../json/guards.js';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { jwkThumbprint } from './thumbprint.js';
import {
  PRIVATE_MEMBERS,
  PUBLIC_BINARY_MEMBERS,
  type CertFacts,
  type DecodedMember,
  type KeyFacts,
  type KeySummary,
  type PrivateMember,
} from './types.js';

/** Base64url members of the "oth" (other primes) entries (RFC 7518 §6.3.2.7). */
const OTHER_PRIME_MEMBERS = ['r', 'd', 't'] as const;
/** Private members whose value is a base64url string ("oth" is an array of objects). */
const PRIVATE_STRING_MEMBERS = PRIVATE_MEMBERS.filter((name) => name !== 'oth');
/** Public members node:crypto needs to import each key type (RFC 7518 §6.2.1, §6.3.1; RFC 8037 §2). */
const IMPORT_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
};
/** Binary members node reads; lenient spellings are re-encoded before import (see importPublicKey). */
const IMPORT_BINARY_MEMBERS: ReadonlySet<string> = new Set(['n', 'e', 'x', 'y']);
/** RFC 4648 §4: standard alphabet, padded to a multiple of 4, no whitespace (RFC 7517 §4.7). */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BITS_PER_OCTET = 8;
/** Field sizes in bits per kty and curve (FIPS 186-5 / SEC 2 for EC; RFC 7748 §4 for Curve25519 and Curve448). */
const CURVE_FIELD_BITS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  EC: { 'P-256': 256, 'P-384': 384, 'P-521': 521, secp256k1: 256 },
  OKP: { Ed25519: 255, X25519: 255, Ed448: 448, X448: 448 },
};

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function analyzeKey(value: unknown, index: number): KeyFacts {
  const pointer = `/keys/${index}`;
  if (!isRecord(value)) {
    return { index, pointer, value, object: undefined, privateMembers: [], decoded: {}, certs: [] };
  }
  const object = value;
  // Raw scan before anything else: a key of an unknown type must not hide a private member.
  const privateMembers: PrivateMember[] = PRIVATE_MEMBERS.filter((name) => Object.hasOwn(object, name));

  const kty = stringMember(object, 'kty');
  const kid = stringMember(object, 'kid');
  const alg = stringMember(object, 'alg');
  const use = stringMember(object, 'use');
  const crv = stringMember(object, 'crv');
  const keyOpsValue = ownMember(object, 'key_ops');
  const keyOps =
    Array.isArray(keyOpsValue) && keyOpsValue.every((op): op is string => typeof op === 'string')
      ? [...keyOpsValue]
      : undefined;

  const decoded = decodeMembers(object);
  const thumbprint = jwkThumbprint(object);
  const imported = kty === undefined ? undefined : importPublicKey(object, kty, decoded);
  const rsaBits = kty === 'RSA' ? integerBits(decoded['n']?.bytes) : undefined;
  const certs = analyzeCertificates(ownMember(object, 'x5c'));

  // Plain properties rather than conditional spreads: object spread is ~40x slower than a literal on Node 20's
  // V8, and this runs for every key of every changed document.
  return {
    index,
    pointer,
    value,
    object,
    kty,
    kid,
    alg,
    use,
    crv,
    keyOps,
    privateMembers,
    decoded,
    thumbprint,
    publicKey: imported?.publicKey,
    importError: imported?.importError,
    rsaBits,
    certs,
  };
}

function decodeMembers(object: Readonly<Record<string, unknown>>): Partial<Record<string, DecodedMember>> {
  const decoded: Partial<Record<string, DecodedMember>> = {};
  for (const name of [...PUBLIC_BINARY_MEMBERS, ...PRIVATE_STRING_MEMBERS]) {
    const value = ownMember(object, name);
    if (typeof value === 'string') decoded[name] = decodeBase64Url(value);
  }
  const oth = ownMember(object, 'oth');
  if (Array.isArray(oth)) {
    oth.forEach((prime: unknown, i) => {
      if (!isRecord(prime)) return;
      for (const name of OTHER_PRIME_MEMBERS) {
        const value = ownMember(prime, name);
        // Keyed by the pointer below the key ("oth/0/r") so rules can point at the entry.
        if (typeof value === 'string') decoded[`oth/${i}/${name}`] = decodeBase64Url(value);
      }
    });
  }
  return decoded;
}

/**
 * node:crypto's opinion of the public members only (private members are never handed to it). Attempted when
 * the kty is one node imports and every member it needs is a string that decodes; an off-curve EC point or a
 * malformed key is refused, and the refusal is recorded.
 */
function importPublicKey(
  object: Readonly<Record<string, unknown>>,
  kty: string,
  decoded: Readonly<Partial<Record<string, DecodedMember>>>,
): { publicKey?: KeyObject; importError?: string } {
  const names = Object.hasOwn(IMPORT_MEMBERS, kty) ? IMPORT_MEMBERS[kty] : undefined;
  if (names === undefined) return {};
  const publicJwk: Record<string, string> = { kty };
  for (const name of names) {
    if (IMPORT_BINARY_MEMBERS.has(name)) {
      const decodedMember = decoded[name];
      if (decodedMember?.bytes === undefined) return {};
      const value = stringMember(object, name);
      // A strict value is passed as published; a lenient one is re-encoded so node judges the key, not the spelling.
      publicJwk[name] = decodedMember.strict && value !== undefined ? value : encodeBase64Url(decodedMember.bytes);
    } else {
      const value = stringMember(object, name);
      if (value === undefined) return {};
      publicJwk[name] = value;
    }
  }
  try {
    const jwk: JsonWebKey = publicJwk;
    return { publicKey: createPublicKey({ key: jwk, format: 'jwk' }) };
  } catch (error) {
    return { importError: errorMessage(error) };
  }
}

/** Bit length of a big-endian unsigned integer, leading zero octets ignored (RFC 7518 §2 Base64urlUInt). */
export function integerBits(bytes: Uint8Array | undefined): number | undefined {
  if (bytes === undefined) return undefined;
  let first = 0;
  while (first < bytes.length && bytes[first] === 0) first += 1;
  const top = bytes[first];
  if (top === undefined) return 0;
  return (bytes.length - first - 1) * BITS_PER_OCTET + (32 - Math.clz32(top));
}

function analyzeCertificates(x5c: unknown): CertFacts[] {
  if (!Array.isArray(x5c)) return [];
  return x5c.map((entry: unknown, index) => analyzeCertificate(entry, index));
}

function analyzeCertificate(entry: unknown, index: number): CertFacts {
  if (typeof entry !== 'string') {
    return { index, der: undefined, cert: undefined, problem: `not a string (${jsonType(entry)})` };
  }
  let problem: string | undefined;
  let der: Uint8Array | undefined;
  if (STANDARD_BASE64.test(entry)) {
    der = new Uint8Array(Buffer.from(entry, 'base64'));
  } else {
    // Lenient fallback (base64url, whitespace, missing padding) so key-match and validity can still run.
    der = decodeBase64Url(entry).bytes;
    problem = `not standard base64 (RFC 7517 §4.7): ${describeBase64Problem(entry)}`;
  }
  if (der === undefined || der.length === 0) {
    return { index, der, cert: undefined, problem: problem ?? 'empty certificate' };
  }
  try {
    const cert = new X509Certificate(der);
    return { index, der, cert, problem };
  } catch (error) {
    return { index, der, cert: undefined, problem: problem ?? `not a DER certificate: ${errorMessage(error)}` };
  }
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

export function summarizeKey(facts: KeyFacts): KeySummary {
  const bits = keyBits(facts);
  const certNotAfter = leafNotAfter(facts);
  return {
    index: facts.index,
    kid: facts.kid,
    kty: facts.kty,
    bits,
    crv: facts.crv,
    alg: facts.alg,
    use: facts.use,
    thumbprint: facts.thumbprint,
    certNotAfter,
    privateMembers: [...facts.privateMembers],
  };
}

function keyBits(facts: KeyFacts): number | undefined {
  if (facts.kty === 'RSA') return facts.rsaBits;
  if (facts.kty === undefined || facts.crv === undefined || !Object.hasOwn(CURVE_FIELD_BITS, facts.kty))
    return undefined;
  const curves = CURVE_FIELD_BITS[facts.kty];
  return curves !== undefined && Object.hasOwn(curves, facts.crv) ? curves[facts.crv] : undefined;
}

function leafNotAfter(facts: KeyFacts): string | undefined {
  const leaf = facts.certs[0]?.cert;
  if (leaf === undefined) return undefined;
  const notAfter = new Date(leaf.validTo);
  return Number.isNaN(notAfter.getTime()) ? undefined : notAfter.toISOString();
}
