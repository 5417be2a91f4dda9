/**
 * The result of reading a document's bytes as JSON. `JSON.parse` alone is not enough: it keeps one of two
 * duplicate member names silently, and a deep document must yield a finding, never a stack overflow.
 */
export interface ParsedDocument {
  /** Size of the input in bytes. */
  readonly bytes: number;
  /** True when `value` holds the parsed document. */
  readonly ok: boolean;
  /** The parsed value (undefined when !ok). Treat as `unknown` until a guard narrows it. */
  readonly value: unknown;
  /** The bytes start with a UTF-8 byte order mark (it is skipped for parsing). */
  readonly bom: boolean;
  /** Offset of the first invalid UTF-8 sequence, if any (the document is then not parsed). */
  readonly invalidUtf8At: number | undefined;
  /** Why the text is not JSON, if it is not: message and byte offset. */
  readonly syntaxError: { readonly message: string; readonly offset: number } | undefined;
  /** Set when nesting exceeds the limit; the document is then not parsed. */
  readonly tooDeep: { readonly limit: number; readonly offset: number } | undefined;
  /** Member names that occur more than once in one object, with the pointer of that object. */
  readonly duplicateMembers: readonly DuplicateMember[];
  /**
   * The occurrences of those members that JSON.parse dropped (it keeps the last), with their values, which a
   * parser keeping the first would see. Empty unless there are duplicates. May hold private key material: never
   * store or log these.
   */
  readonly shadowedValues: readonly ShadowedValue[];
  /** Deepest nesting seen (1 = a flat object or array; 0 = a scalar). */
  readonly maxDepth: number;
}

export interface DuplicateMember {
  /** JSON pointer of the object holding the duplicate ('' = the top level). */
  readonly pointer: string;
  readonly name: string;
}

/** An earlier occurrence of a duplicate member name, which JSON.parse dropped. */
export interface ShadowedValue {
  /** JSON pointer of the member (the same as the occurrence that won). */
  readonly pointer: string;
  readonly name: string;
  readonly value: unknown;
}
