/**
 * Helpers every rule group shares: member access and pointers on one key, how messages name keys and quote
 * remote strings, and the key type and key_ops registries (RFC 7517 §4.1, §4.3). Nothing here ever sees or
 * returns a private member's value.
 */
import { childPointer } from '../json/pointer.js';
import type { KeyType } from '../jwks/algorithms.js';
import type { KeyFacts } from '../jwks/types.js';
import type { FindingDraft } from './types.js';

/** Key types JOSE registers (RFC 7518 §6.1, RFC 8037 §2, RFC 9964). */
export const KEY_TYPES: readonly KeyType[] = ['RSA', 'EC', 'OKP', 'oct', 'AKP'];

/** RFC 7517 §4.3 operations by the family they belong to. */
export const SIGNATURE_KEY_OPS: readonly string[] = ['sign', 'verify'];
export const ENCRYPTION_KEY_OPS: readonly string[] = [
  'encrypt',
  'decrypt',
  'wrapKey',
  'unwrapKey',
  'deriveKey',
  'deriveBits',
];

/** Longest remote string quoted in a message; remote values can be megabytes long (the pointer locates them). */
const MAX_QUOTED_CHARS = 64;

export function isKeyType(kty: string | undefined): kty is KeyType {
  return KEY_TYPES.some((known) => known === kty);
}

/** Whether the element is a JSON object with an own member `name`. */
export function hasMember(key: KeyFacts, name: string): boolean {
  return key.object !== undefined && Object.hasOwn(key.object, name);
}

/** A JSON pointer into the key: its member `name`, and deeper tokens (RFC 6901 escaping). */
export function memberPointer(key: KeyFacts, ...tokens: readonly (string | number)[]): string {
  return tokens.reduce<string>((pointer, token) => childPointer(pointer, token), key.pointer);
}

/** A remote string cut to a readable length, for `expected`/`actual` and messages. */
export function clip(value: string, maxChars: number = MAX_QUOTED_CHARS): string {
  return value.length > maxChars ? `${value.slice(0, maxChars)}…` : value;
}

/** A remote string for a message: cut, then JSON-quoted (control characters escaped). */
export function quote(value: string): string {
  return JSON.stringify(clip(value));
}

/** How messages name a key: by kid when it has one, else by its place in the set. */
export function keyLabel(key: KeyFacts): string {
  return key.kid === undefined ? `key ${key.pointer}` : `key ${quote(key.kid)}`;
}

/** The identity fields of a finding about one key (the engine fills these itself only for key rules). */
export function keyIdentity(key: {
  readonly kid?: string | undefined;
  readonly thumbprint?: string | undefined;
}): Pick<FindingDraft, 'kid' | 'thumbprint'> {
  return {
    ...(key.kid === undefined ? {} : { kid: key.kid }),
    ...(key.thumbprint === undefined ? {} : { thumbprint: key.thumbprint }),
  };
}
