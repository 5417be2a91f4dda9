/**
 * Reading discovery metadata safely: every member is hostile `unknown` until narrowed, and only own members
 * count (a document cannot make `constructor` look present).
 */
import { ownMember } from '../../json/guards.js';
import { childPointer } from '../../json/pointer.js';
import { clip, quote } from '../support.js';

/** Longest remote string put in `expected` / `actual`. */
const MAX_FIELD_CHARS = 512;

export type Metadata = Readonly<Record<string, unknown>>;

export function has(doc: Metadata, name: string): boolean {
  return Object.hasOwn(doc, name);
}

export function member(doc: Metadata, name: string): unknown {
  return ownMember(doc, name);
}

export { stringMember } from '../../json/guards.js';

export interface ListEntry {
  readonly value: string;
  readonly pointer: string;
}

/** The string entries of an array member with their pointers; undefined when the member is not an array. */
export function stringEntries(doc: Metadata, name: string): readonly ListEntry[] | undefined {
  const value = ownMember(doc, name);
  if (!Array.isArray(value)) return undefined;
  const entries: ListEntry[] = [];
  value.forEach((entry: unknown, index) => {
    if (typeof entry === 'string') entries.push({ value: entry, pointer: childPointer(pointerTo(name), index) });
  });
  return entries;
}

/** The string values of an array member; undefined when the member is not an array. */
export function stringValues(doc: Metadata, name: string): readonly string[] | undefined {
  return stringEntries(doc, name)?.map((entry) => entry.value);
}

/** The pointer of a top-level member. */
export function pointerTo(name: string): string {
  return childPointer('', name);
}

/** Lists names for a message: `"a", "b" and "c"`. */
export function listOf(values: readonly string[]): string {
  const quoted = values.map(quote);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) ?? ''}`;
}

/** The space-separated tokens of a response type, as a set (their order does not matter; OAuth Multiple RT §5). */
export function responseTypeKey(responseType: string): string {
  return responseType
    .split(' ')
    .filter((t) => t !== '')
    .sort()
    .join(' ');
}

/**
 * Only the implicit flow is offered: the token endpoint is then optional (OIDC Discovery §3, RFC 8414 §2).
 * Read from `grant_types_supported` (only "implicit") or `response_types_supported` (no type includes "code").
 */
export function isImplicitOnly(doc: Metadata): boolean {
  const grants = stringValues(doc, 'grant_types_supported');
  if (grants !== undefined && grants.length > 0 && grants.every((g) => g === 'implicit')) return true;
  const responseTypes = stringValues(doc, 'response_types_supported');
  return (
    responseTypes !== undefined &&
    responseTypes.length > 0 &&
    responseTypes.every((rt) => !rt.split(' ').includes('code'))
  );
}

/** A remote value for `expected`/`actual`: cut to a bounded length (it is shown, not compared). */
export function clipField(value: string): string {
  return clip(value, MAX_FIELD_CHARS);
}
