/**
 * Small helpers shared by the key-material and X.509 rules: member values on the raw key, big-endian integer
 * handling, dates for messages. Nothing here ever sees or returns a private member's value.
 */
import type { KeyFacts } from '../../jwks/types.js';
import { hasMember, keyLabel, memberPointer } from '../support.js';
import { SKIP, type FindingDraft, type Skip } from '../types.js';

export function memberValue(key: KeyFacts, name: string): unknown {
  return key.object !== undefined && Object.hasOwn(key.object, name) ? key.object[name] : undefined;
}

/** True when the element is a JSON object whose `kty` is `kty` (the per-kty rules skip every other key). */
export function isKty(key: KeyFacts, kty: string): boolean {
  return key.object !== undefined && key.kty === kty;
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

/** A key type whose `crv` names one of a fixed list of curves, and the spec that defines the list. */
export interface CurveFamily {
  readonly kty: 'EC' | 'OKP';
  readonly curves: readonly string[];
  /** Cited when crv is missing, e.g. 'RFC 8037 §2'. */
  readonly spec: string;
  /** Why another curve fails, for the message: 'which JOSE verifiers do not support'. */
  readonly unsupported: string;
  /** The other family, named in a hint when crv is one of its curves (an EC curve on an OKP key, …). */
  readonly sibling: { readonly kty: string; readonly curves: readonly string[]; readonly spec: string };
}

/**
 * The verdict of a `crv` check on a key of `family.kty`: an error when crv is missing, a finding when it names
 * another curve, SKIP for other key types and for a crv that is not a string (jwk.members.types reports it).
 */
export function curveFindings(key: KeyFacts, family: CurveFamily): FindingDraft[] | Skip {
  const { kty, curves, sibling } = family;
  if (!isKty(key, kty)) return SKIP;
  if (!hasMember(key, 'crv')) {
    return [
      {
        message: `${kty} ${keyLabel(key)} has no "crv"; an ${kty} key must name its curve (${family.spec})`,
        severity: 'error',
        expected: curves.join(', '),
      },
    ];
  }
  if (key.crv === undefined) return SKIP;
  if (curves.includes(key.crv)) return [];
  const hint = sibling.curves.includes(key.crv) ? ` (${key.crv} keys use kty "${sibling.kty}", ${sibling.spec})` : '';
  return [
    {
      message: `${kty} ${keyLabel(key)} uses curve ${JSON.stringify(key.crv)}, ${family.unsupported}${hint}; expected one of ${curves.join(', ')}`,
      pointer: memberPointer(key, 'crv'),
      expected: curves.join(', '),
      actual: key.crv,
    },
  ];
}
