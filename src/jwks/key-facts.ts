/**
 * Per-key analysis: everything key, set and material rules read about one element of `keys`, computed once.
 * Order follows the catalogue's pipeline: raw scan for private members first (whatever the kty), then string
 * members, lenient base64url decoding, the RFC 7638 thumbprint, and node:crypto's import of the public members
 * as a second opinion. A pure function of its input (the engine caches it by content hash); never throws.
 * The facts are plain data: node:crypto handles (KeyObject, X509Certificate) are used here and let go, since the
 * engine keeps the facts of every distinct key of the fleet and each handle holds ~12 KB of native memory.
 */
import { createPublicKey, hash, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isRecord, ownMember, stringMember } from '../json/guards.js';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { analyzeCertificates } from './certificate.js';
import { packBytes } from './pack.js';
import { privateMaterialIn, redactJwks } from './redact.js';
import { jwkThumbprint } from './thumbprint.js';
import {
  PRIVATE_MEMBERS,
  PUBLIC_BINARY_MEMBERS,
  type DecodedMember,
  type ImportedKey,
  type KeyFacts,
  type KeySummary,
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
const BITS_PER_OCTET = 8;
/** Field sizes in bits per kty and curve (FIPS 186-5 / SEC 2 for EC; RFC 7748 §4 for Curve25519 and Curve448). */
const CURVE_FIELD_BITS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  EC: { 'P-256': 256, 'P-384': 384, 'P-521': 521, secp256k1: 256 },
  OKP: { Ed25519: 255, X25519: 255, Ed448: 448, X448: 448 },
};

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * SHA-256 (base64) of the element's JSON serialisation: equal for equal content as parsed (member order included),
 * so it identifies the facts `analyzeKey` would compute, apart from the index. A cache key that is short whatever
 * the size of the key.
 */
export function keyContentHash(value: unknown): string {
  // JSON.stringify gives undefined for undefined (a sparse array's hole); the hash still needs a string.
  return hash('sha256', JSON.stringify(value) ?? 'undefined', 'base64');
}

/** Pointers of the first keys, shared by the facts of every document (facts are kept for a whole fleet). */
const SHARED_POINTERS: readonly string[] = Array.from({ length: 16 }, (_, i) => `/keys/${i}`);
const NO_PRIVATE_MEMBERS: readonly string[] = Object.freeze([]);

function pointerOf(index: number): string {
  return SHARED_POINTERS[index] ?? `/keys/${index}`;
}

/**
 * `privateValues`: 'redacted' (a published set) or 'kept' (private-key mode, where the private members are what is
 * judged).
 */
export function analyzeKey(value: unknown, index: number, privateValues: 'redacted' | 'kept' = 'redacted'): KeyFacts {
  const pointer = pointerOf(index);
  // Raw scan before anything else: a key of an unknown type (or one published as a string) must not hide a private
  // value.
  const found = privateMaterialIn(value);
  const privateMembers = found.length === 0 ? NO_PRIVATE_MEMBERS : found;
  // What rules, summaries and messages read of the key: a copy with each private value replaced by its marker, so
  // none can quote one, wherever it sat (a PEM private key in "kid", a private JWK as text in "alg"). The material
  // checks (decoding, the thumbprint, node's import, certificates) read the key as published: they quote no values.
  const shown = found.length === 0 || privateValues === 'kept' ? value : redactJwks(value).value;
  if (!isRecord(shown) || !isRecord(value)) {
    return { index, pointer, value: shown, object: undefined, privateMembers, decoded: {}, certs: [] };
  }
  const object = shown;
  const published = value;

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

  const decoded = decodeMembers(published);
  const thumbprint = jwkThumbprint(published);
  const imported = kty === undefined ? undefined : importPublicKey(published, kty, decoded);
  const rsaBits = kty === 'RSA' ? integerBits(decoded['n']?.bytes) : undefined;
  const certs = analyzeCertificates(ownMember(published, 'x5c'));

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
    imported: imported?.imported,
    importError: imported?.importError,
    rsaBits,
    certs,
  };
}

/**
 * The facts of a key found at another index: only the index and the pointer depend on where the key sits. A spread,
 * unlike analyzeKey's literal: it runs only when a changed document has a known key at a new place, and it carries
 * any fact added to KeyFacts later.
 */
export function atIndex(facts: KeyFacts, index: number): KeyFacts {
  return { ...facts, index, pointer: pointerOf(index) };
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
  return packed(decoded);
}

/** The same members with their bytes in one buffer (see pack.ts: pool slices would pin freed memory). */
function packed(decoded: Partial<Record<string, DecodedMember>>): Partial<Record<string, DecodedMember>> {
  const names: string[] = [];
  const parts: Uint8Array[] = [];
  for (const [name, member] of Object.entries(decoded)) {
    if (member?.bytes === undefined) continue;
    names.push(name);
    parts.push(member.bytes);
  }
  const views = packBytes(parts);
  names.forEach((name, i) => {
    const member = decoded[name];
    const bytes = views[i];
    if (member === undefined || bytes === undefined) return;
    decoded[name] =
      member.problem === undefined
        ? { bytes, strict: member.strict }
        : { bytes, strict: member.strict, problem: member.problem };
  });
  return decoded;
}

/**
 * The public JWK node:crypto is given: the public members only (private members are never handed to it), when
 * the kty is one node imports and every member it needs is a string that decodes.
 */
function publicJwkOf(
  object: Readonly<Record<string, unknown>>,
  kty: string,
  decoded: Readonly<Partial<Record<string, DecodedMember>>>,
): JsonWebKey | undefined {
  const names = Object.hasOwn(IMPORT_MEMBERS, kty) ? IMPORT_MEMBERS[kty] : undefined;
  if (names === undefined) return undefined;
  const publicJwk: Record<string, string> = { kty };
  for (const name of names) {
    if (IMPORT_BINARY_MEMBERS.has(name)) {
      const decodedMember = decoded[name];
      if (decodedMember?.bytes === undefined) return undefined;
      const value = stringMember(object, name);
      // A strict value is passed as published; a lenient one is re-encoded so node judges the key, not the spelling.
      publicJwk[name] = decodedMember.strict && value !== undefined ? value : encodeBase64Url(decodedMember.bytes);
    } else {
      const value = stringMember(object, name);
      if (value === undefined) return undefined;
      publicJwk[name] = value;
    }
  }
  return publicJwk;
}

/**
 * node:crypto's opinion of the public members: an off-curve EC point or a malformed key is refused, and the
 * refusal is recorded. Only the key's type is kept, not the KeyObject (~12 KB of native memory each).
 */
function importPublicKey(
  object: Readonly<Record<string, unknown>>,
  kty: string,
  decoded: Readonly<Partial<Record<string, DecodedMember>>>,
): { imported?: ImportedKey; importError?: string } {
  const jwk = publicJwkOf(object, kty, decoded);
  if (jwk === undefined) return {};
  try {
    return { imported: importedKey(createPublicKey({ key: jwk, format: 'jwk' })) };
  } catch (error) {
    return { importError: errorMessage(error) };
  }
}

/** One shared ImportedKey per (type, curve): a fleet has a handful of combinations and tens of thousands of keys. */
const importedKeys = new Map<string, ImportedKey>();

function importedKey(keyObject: KeyObject): ImportedKey {
  const type = keyObject.asymmetricKeyType ?? 'unknown';
  const namedCurve = keyObject.asymmetricKeyDetails?.namedCurve;
  const id = `${type}/${namedCurve ?? ''}`;
  let shared = importedKeys.get(id);
  if (shared === undefined) {
    shared = Object.freeze({ type, namedCurve });
    importedKeys.set(id, shared);
  }
  return shared;
}

/**
 * The key imported again as a KeyObject, for a rule that must verify a signature with it (disc.signed-metadata);
 * undefined when analysis did not import it. The caller lets it go when done: facts never hold one.
 */
export function publicKeyOf(facts: KeyFacts): KeyObject | undefined {
  if (facts.imported === undefined || facts.object === undefined || facts.kty === undefined) return undefined;
  const jwk = publicJwkOf(facts.object, facts.kty, facts.decoded);
  if (jwk === undefined) return undefined;
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return undefined;
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
    // The shared empty list when there are none: summaries are kept for every key of every provider.
    privateMembers: facts.privateMembers.length === 0 ? NO_PRIVATE_MEMBERS : [...facts.privateMembers],
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
  const notAfter = facts.certs[0]?.cert?.notAfter;
  return notAfter === undefined ? undefined : new Date(notAfter).toISOString();
}
