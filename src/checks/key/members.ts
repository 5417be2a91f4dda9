/**
 * Member tables and small helpers shared by the key rules: which key types exist, which members each one
 * requires and registers (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2, RFC 9964), and the key_ops registry.
 */
import type { KeyType } from '../../jwks/algorithms.js';
import type { KeyFacts } from '../../jwks/types.js';

export const KNOWN_KEY_TYPES: readonly KeyType[] = ['RSA', 'EC', 'OKP', 'oct', 'AKP'];

export function isKnownKeyType(kty: string | undefined): kty is KeyType {
  return KNOWN_KEY_TYPES.some((known) => known === kty);
}

/** Members a key of each type must carry (RFC 7518 §6.2.1, §6.3.1, §6.4.1; RFC 8037 §2; RFC 9964). */
export const REQUIRED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  oct: ['k'],
  AKP: ['alg', 'pub'],
};

/** Members registered for every key type (RFC 7517 §4.1-§4.9; `ext` from W3C WebCrypto, IANA-registered). */
export const COMMON_MEMBERS: readonly string[] = [
  'kty',
  'use',
  'key_ops',
  'alg',
  'kid',
  'x5u',
  'x5c',
  'x5t',
  'x5t#S256',
  'ext',
];

/** Public members registered per key type; private ones are listed in PRIVATE_MEMBERS (jwk.private.* owns them). */
export const TYPE_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  oct: [],
  AKP: ['pub'],
};

/** The "JSON Web Key Operations" registry (RFC 7517 §4.3, §8.3). */
export const KEY_OPERATIONS: readonly string[] = [
  'sign',
  'verify',
  'encrypt',
  'decrypt',
  'wrapKey',
  'unwrapKey',
  'deriveKey',
  'deriveBits',
];

/** Operations that need the private (or secret) key: on a key of a published set they hint at a private export. */
export const PRIVATE_KEY_OPERATIONS: readonly string[] = ['sign', 'decrypt', 'unwrapKey'];

/** Operations that agree with each `use` value (RFC 7517 §4.3: "use" and "key_ops" MUST be consistent). */
export const OPERATIONS_BY_USE: Readonly<Record<string, readonly string[]>> = {
  sig: ['sign', 'verify'],
  enc: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'deriveKey', 'deriveBits'],
};

/** Longest member value or name quoted in a message; longer ones are cut (the pointer locates them). */
const MAX_QUOTED_CHARS = 64;

/** A JSON pointer to member `name` of the key (RFC 6901 escaping). */
export function memberPointer(key: KeyFacts, name: string): string {
  return `${key.pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** A public value or member name for `actual`/`expected`: cut when long. */
export function cut(value: string): string {
  return value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}…` : value;
}

/** A public value or member name for a message: JSON-quoted (control characters escaped), cut when long. */
export function quote(value: string): string {
  return JSON.stringify(cut(value));
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function hasMember(object: Readonly<Record<string, unknown>>, name: string): boolean {
  return Object.hasOwn(object, name);
}
