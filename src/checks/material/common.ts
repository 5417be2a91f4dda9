/**
 * Small helpers shared by the key-material and X.509 rules: member access on the raw key, pointers, labels for
 * messages, and big-endian integer handling. Nothing here ever sees or returns a private member's value.
 */
import { childPointer } from '../../json/pointer.js';
import type { KeyFacts } from '../../jwks/types.js';

/** Longest kid quoted in a message; longer ones are cut (jwk.kid.type reports their length). */
const MAX_LABEL_KID_CHARS = 64;

export function hasMember(key: KeyFacts, name: string): boolean {
  return key.object !== undefined && Object.hasOwn(key.object, name);
}

export function memberValue(key: KeyFacts, name: string): unknown {
  return key.object !== undefined && Object.hasOwn(key.object, name) ? key.object[name] : undefined;
}

/** True when the element is a JSON object whose `kty` is `kty` (the per-kty rules skip every other key). */
export function isKty(key: KeyFacts, kty: string): boolean {
  return key.object !== undefined && key.kty === kty;
}

export function memberPointer(key: KeyFacts, ...tokens: readonly (string | number)[]): string {
  return tokens.reduce<string>((pointer, token) => childPointer(pointer, token), key.pointer);
}

/** How messages name a key: by kid when it has one, else by its place in the set. */
export function keyLabel(key: KeyFacts): string {
  if (key.kid === undefined) return `key ${key.pointer}`;
  const kid = key.kid.length > MAX_LABEL_KID_CHARS ? `${key.kid.slice(0, MAX_LABEL_KID_CHARS)}…` : key.kid;
  return `key ${JSON.stringify(kid)}`;
}

/** Decoded bytes of a public base64url member (only when it is a string that decodes). */
export function memberBytes(key: KeyFacts, name: string): Uint8Array | undefined {
  return key.decoded[name]?.bytes;
}

export function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let first = 0;
  while (first < bytes.length && bytes[first] === 0) first += 1;
  return bytes.subarray(first);
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Equal as unsigned integers (leading zero octets do not count; jwk.base64urluint.minimal reports them). */
export function integersEqual(a: Uint8Array, b: Uint8Array): boolean {
  return bytesEqual(stripLeadingZeros(a), stripLeadingZeros(b));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A date as messages show it: ISO 8601, day precision. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
