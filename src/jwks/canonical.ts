/**
 * Order-insensitive content identity of a JWK Set. Reordering keys or members is not a change (panva/wellknown
 * hashes JWKS with unordered arrays for the same reason), so the identity is the SHA-256 of a canonical JSON:
 * member names sorted at every level by UTF-16 code units (as RFC 8785 JCS sorts them), numbers and strings as
 * JSON.stringify writes them, and the elements of the top-level `keys` array sorted by their own canonical form.
 * Every other array keeps its order: `x5c` is leaf first (RFC 7517 §4.7).
 */
import { hash } from 'node:crypto';
import { isRecord } from '../json/guards.js';

/**
 * Far above the parser's nesting limit (64), so a parsed document never reaches it; a cyclic or absurdly deep
 * value built in code does, and is a caller bug (TypeError), never a stack overflow.
 */
export const MAX_CANONICAL_DEPTH = 1_000;

type Work = { readonly text: string } | { readonly value: unknown; readonly depth: number };

/** Canonical JSON of a JSON value (iterative: no recursion, whatever the depth). */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new TypeError('canonicalJson: undefined is not a JSON value');
  const out: string[] = [];
  const stack: Work[] = [{ value, depth: 0 }];
  for (let work = stack.pop(); work !== undefined; work = stack.pop()) {
    if ('text' in work) {
      out.push(work.text);
      continue;
    }
    const { value: v, depth } = work;
    if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') {
      out.push(JSON.stringify(v));
      continue;
    }
    if (typeof v !== 'object') throw new TypeError(`canonicalJson: a ${typeof v} is not a JSON value`);
    if (depth >= MAX_CANONICAL_DEPTH) throw new TypeError(`canonicalJson: nesting deeper than ${MAX_CANONICAL_DEPTH}`);
    // Pushed in reverse: the stack pops the opening bracket first.
    if (Array.isArray(v)) {
      stack.push({ text: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        const element: unknown = v[i];
        // JSON.stringify writes an undefined array element as null.
        stack.push(element === undefined ? { text: 'null' } : { value: element, depth: depth + 1 });
        if (i > 0) stack.push({ text: ',' });
      }
      stack.push({ text: '[' });
      continue;
    }
    if (!isRecord(v)) throw new TypeError('canonicalJson: not a JSON value');
    const record = v;
    const names = Object.keys(record)
      .filter((name) => record[name] !== undefined)
      .sort(compareCodeUnits);
    stack.push({ text: '}' });
    for (let i = names.length - 1; i >= 0; i--) {
      const name = names[i] ?? '';
      stack.push({ value: record[name], depth: depth + 1 });
      stack.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(name)}:` });
    }
    stack.push({ text: '{' });
  }
  return out.join('');
}

/**
 * Canonical JSON of a JWK Set with its `keys` elements sorted: two sets holding the same keys in any order, with
 * members in any order, have the same canonical form. A value that is not a set (no `keys` array) is still
 * canonicalised, so any document has an identity.
 */
export function canonicalJwksJson(jwks: unknown): string {
  if (!isRecord(jwks) || !Array.isArray(jwks['keys'])) return canonicalJson(jwks);
  const keys: readonly unknown[] = jwks['keys'];
  const sortedKeys = keys.map((key) => (key === undefined ? 'null' : canonicalJson(key))).sort(compareCodeUnits);
  const parts: string[] = [];
  for (const name of Object.keys(jwks).sort(compareCodeUnits)) {
    const member = jwks[name];
    if (member === undefined) continue;
    const text = name === 'keys' ? `[${sortedKeys.join(',')}]` : canonicalJson(member);
    parts.push(`${JSON.stringify(name)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/** Hex SHA-256 of the canonical JSON of a JWK Set: the content address of a snapshot. */
export function jwksContentHash(jwks: unknown): string {
  return sha256Hex(canonicalJwksJson(jwks));
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
