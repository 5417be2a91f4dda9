/**
 * Redaction before storage: a published set MUST NOT hold private or symmetric key values (OIDC Discovery §3,
 * RFC 7517 §9.2), and when one does, the monitor must not become a second copy of the leak. Each private value is
 * replaced by a marker carrying a short SHA-256 fingerprint of it, so the same leak can be recognised again (and a
 * changed secret told apart) without keeping the secret.
 *
 * What counts as private is decided here, once, for storage and for the rules that report it (jwk.private.*):
 * - a private member (`d p q dp dq qi oth k priv`) in any letter case, or under its PKCS#1 / .NET name
 *   (`privateExponent`, `InverseQ`, …): serialisers that export RSAParameters write `D`, `DP`, `InverseQ`;
 * - a string holding a PEM private key, whatever member holds it;
 * - an `x5c` entry that is a private key's DER rather than a certificate's;
 * - a string holding JSON text that itself holds any of these (a key published as a string).
 * Values are redacted at every depth, not only in `keys[i]`: a key nested where no JWKS should hold one (a `keys`
 * object instead of an array, a wrapper object) must not slip past into the database.
 */
import { hash } from 'node:crypto';
import { PRIVATE_MEMBERS, type PrivateMember } from './types.js';
import { canonicalJson } from './canonical.js';

export const REDACTION_MARKER_PREFIX = '[redacted sha256:';
/** 48 bits: enough to tell leaks apart, far too few to help recover a secret. */
export const REDACTION_FINGERPRINT_HEX = 12;
/** Parsed documents are at most 64 deep; this only stops a cyclic value built in code. */
const MAX_REDACTION_DEPTH = 1_000;
/** Secret strings shorter than this are not scrubbed from free text: they would match ordinary words. */
export const MIN_SCRUBBED_SECRET_LENGTH = 8;

/** Private member names by their lower-case spelling: the registered names, and the PKCS#1 (RFC 8017 A.1.2) and
 * .NET RSAParameters names of the same values. */
const PRIVATE_MEMBER_NAMES: ReadonlyMap<string, PrivateMember> = new Map<string, PrivateMember>([
  ...PRIVATE_MEMBERS.map((name): [string, PrivateMember] => [name, name]),
  ['privateexponent', 'd'],
  ['prime1', 'p'],
  ['prime2', 'q'],
  ['exponent1', 'dp'],
  ['exponent2', 'dq'],
  ['coefficient', 'qi'],
  ['inverseq', 'qi'],
  ['otherprimeinfos', 'oth'],
]);
/** "-----BEGIN PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----", … */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const DER_SEQUENCE = 0x30;
const DER_INTEGER = 0x02;
const DER_LONG_LENGTH = 0x80;
/** Base64 characters enough for a DER header and the first element's tag (12 octets). */
const DER_HEADER_BASE64 = 16;
const MARKER_PATTERN = new RegExp(`^\\[redacted sha256:[0-9a-f]{${REDACTION_FINGERPRINT_HEX}}\\]$`);

export interface RedactedMember {
  /** JSON pointer of the value, e.g. '/keys/0/d' or '/keys/0/x5c/1'. */
  readonly pointer: string;
  /** The member name as published (or the array index), e.g. 'd', 'D', 'private_key', '1'. */
  readonly member: string;
  /** First hex digits of the SHA-256 of the value (the string, or the canonical JSON of a non-string). */
  readonly fingerprint: string;
}

export interface Redaction {
  /** A copy of the input with every private member replaced by its marker (the input is not modified). */
  readonly value: unknown;
  readonly members: readonly RedactedMember[];
  /**
   * The string values that were removed (including those nested in `oth`), for scrubbing free text such as
   * finding messages before they are stored. Never store or log these.
   */
  readonly removedValues: readonly string[];
}

/** The private member a member name stands for, whatever its letter case or spelling; undefined for others. */
export function privateMemberOf(name: string): PrivateMember | undefined {
  return PRIVATE_MEMBER_NAMES.get(name.toLowerCase());
}

/**
 * Pointers, relative to `value` and without the leading '/', of every private value inside it (e.g. 'd', 'D',
 * 'x5c/0', 'jwk/d'), its own members first in document order; [''] when `value` is itself a string holding private
 * material.
 */
export function privateMaterialIn(value: unknown): string[] {
  if (typeof value === 'string') return isPrivateText(value) ? [''] : [];
  return walk(value).members.map((m) => m.pointer.slice(1));
}

export function isRedactionMarker(value: unknown): boolean {
  return typeof value === 'string' && MARKER_PATTERN.test(value);
}

export function redactionMarker(value: unknown): string {
  return markerOf(fingerprintOf(value));
}

function markerOf(fingerprint: string): string {
  return `${REDACTION_MARKER_PREFIX}${fingerprint}]`;
}

type Container = unknown[] | Record<string, unknown>;

interface Frame {
  readonly source: object;
  readonly target: Container;
  readonly pointer: string;
  /** The member name this array or object is the value of ('' at the top). */
  readonly name: string;
  readonly depth: number;
}

/** Redacts every private value of a JWK Set (or of any JSON value). Already-redacted markers stay as they are. */
export function redactJwks(value: unknown): Redaction {
  const redaction = walk(value);
  redaction.members.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  return redaction;
}

/** The redaction, with the members in walk order: an object's own members first, in document order. */
function walk(value: unknown): { value: unknown; members: RedactedMember[]; removedValues: string[] } {
  const members: RedactedMember[] = [];
  const removedValues: string[] = [];
  if (typeof value === 'string' && !isRedactionMarker(value) && isPrivateText(value)) {
    // The whole document is a private key as a JSON string.
    const fingerprint = fingerprintOf(value);
    return {
      value: markerOf(fingerprint),
      members: [{ pointer: '', member: '', fingerprint }],
      removedValues: [value],
    };
  }
  if (typeof value !== 'object' || value === null) return { value, members, removedValues };

  const root: Container = Array.isArray(value) ? [] : {};
  const stack: Frame[] = [{ source: value, target: root, pointer: '', name: '', depth: 0 }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.depth >= MAX_REDACTION_DEPTH)
      throw new TypeError(`redactJwks: nesting deeper than ${MAX_REDACTION_DEPTH}`);
    const entries: [string, unknown][] = Array.isArray(frame.source)
      ? frame.source.map((element: unknown, i): [string, unknown] => [String(i), element])
      : Object.entries(frame.source);
    for (const [name, child] of entries) {
      const inArray = Array.isArray(frame.source);
      if (!inArray && !isRedactionMarker(name) && isPrivateText(name)) {
        // A private key as a member's name: the name is the secret, so the member is kept under its marker, and its
        // value with it (whatever it holds, it sits under a private key).
        const fingerprint = fingerprintOf(name);
        const marker = markerOf(fingerprint);
        members.push({ pointer: `${frame.pointer}/${escapePointerToken(marker)}`, member: marker, fingerprint });
        removedValues.push(name);
        collectStrings(child, removedValues);
        put(frame.target, marker, redactionMarker(child));
        continue;
      }
      const pointer = `${frame.pointer}/${escapePointerToken(name)}`;
      let copy: unknown = child;
      if (isRedactionMarker(child)) {
        // already redacted: kept as it is
      } else if (
        (!inArray && privateMemberOf(name) !== undefined) ||
        (typeof child === 'string' &&
          (isPrivateText(child) || (inArray && frame.name === 'x5c' && isPrivateKeyDer(child))))
      ) {
        const fingerprint = fingerprintOf(child);
        copy = markerOf(fingerprint);
        members.push({ pointer, member: name, fingerprint });
        collectStrings(child, removedValues);
      } else if (typeof child === 'object' && child !== null) {
        const target: Container = Array.isArray(child) ? [] : {};
        stack.push({ source: child, target, pointer, name, depth: frame.depth + 1 });
        copy = target;
      }
      put(frame.target, name, copy);
    }
  }
  return { value: root, members, removedValues };
}

/**
 * Replaces every occurrence of a removed secret value in free text by its marker. Defence in depth: rules never
 * put private values in messages, but a stored message is a copy, so the recorder scrubs before writing.
 */
export function scrubSecrets(text: string, removedValues: readonly string[]): string {
  let out = text;
  for (const secret of removedValues) {
    if (secret.length < MIN_SCRUBBED_SECRET_LENGTH) continue;
    let marker: string | undefined;
    for (const form of quotedForms(secret)) {
      if (!out.includes(form)) continue;
      marker ??= redactionMarker(secret);
      out = out.split(form).join(marker);
    }
  }
  return out;
}

/**
 * A secret as free text may quote it: as it is, JSON-escaped (a PEM's line breaks as "\n"), as a pointer token
 * ("/" as "~1"), and both.
 */
function quotedForms(secret: string): Set<string> {
  const json = JSON.stringify(secret).slice(1, -1);
  return new Set([secret, json, escapePointerToken(secret), escapePointerToken(json)]);
}

/** A string that is private key material by its content: a PEM private key, or JSON text holding private values. */
function isPrivateText(value: string): boolean {
  if (value.includes('PRIVATE KEY-----') && PEM_PRIVATE_KEY.test(value)) return true;
  const first = value.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return false;
  }
  try {
    return walk(parsed).members.length > 0;
  } catch {
    // Nested past the walk's bound: text that deep is no key, and keeping it could keep one.
    return true;
  }
}

/**
 * Whether a base64 x5c entry is a private key's DER (PKCS#8, PKCS#1 or SEC1: a SEQUENCE whose first element is a
 * version INTEGER) rather than a certificate (a SEQUENCE whose first element is the tbsCertificate SEQUENCE).
 * Reads the header only: entries are checked on every changed document, and parsing a certificate costs ~0.2 ms.
 */
function isPrivateKeyDer(base64: string): boolean {
  const der = Buffer.from(base64.slice(0, DER_HEADER_BASE64), 'base64');
  if (der[0] !== DER_SEQUENCE || der.length < 2) return false;
  const lengthOctet = der[1] ?? 0;
  const firstElement = 2 + (lengthOctet & DER_LONG_LENGTH ? lengthOctet & ~DER_LONG_LENGTH : 0);
  return der[firstElement] === DER_INTEGER;
}

function fingerprintOf(value: unknown): string {
  const text = typeof value === 'string' ? value : canonicalJson(value ?? null);
  return hash('sha256', text, 'hex').slice(0, REDACTION_FINGERPRINT_HEX);
}

function put(target: Container, name: string, value: unknown): void {
  if (Array.isArray(target)) {
    target.push(value);
    return;
  }
  // A member named "__proto__" (JSON.parse makes it an own property) must stay data, not become a prototype.
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

function collectStrings(value: unknown, out: string[]): void {
  const stack: unknown[] = [value];
  for (let budget = 0, v = stack.pop(); v !== undefined && budget < 100_000; v = stack.pop(), budget++) {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (typeof v === 'object' && v !== null) stack.push(...Object.values(v));
  }
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
