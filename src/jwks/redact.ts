/**
 * Redaction before storage: a published set MUST NOT hold private or symmetric key values (OIDC Discovery §3,
 * RFC 7517 §9.2), and when one does, the monitor must not become a second copy of the leak. Each private member
 * (`d p q dp dq qi oth k priv`) is replaced by a marker carrying a short SHA-256 fingerprint of its value, so the
 * same leak can be recognised again (and a changed secret told apart) without keeping the secret.
 *
 * Members are redacted at every depth, not only in `keys[i]`: a key nested where no JWKS should hold one (a
 * `keys` object instead of an array, a wrapper object) must not slip past into the database.
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

const PRIVATE_MEMBER_SET: ReadonlySet<string> = new Set(PRIVATE_MEMBERS);
const MARKER_PATTERN = new RegExp(`^\\[redacted sha256:[0-9a-f]{${REDACTION_FINGERPRINT_HEX}}\\]$`);

export interface RedactedMember {
  /** JSON pointer of the member, e.g. '/keys/0/d'. */
  readonly pointer: string;
  readonly member: PrivateMember;
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

export function isPrivateMember(name: string): name is PrivateMember {
  return PRIVATE_MEMBER_SET.has(name);
}

export function isRedactionMarker(value: unknown): boolean {
  return typeof value === 'string' && MARKER_PATTERN.test(value);
}

export function redactionMarker(value: unknown): string {
  return `${REDACTION_MARKER_PREFIX}${fingerprintOf(value)}]`;
}

type Container = unknown[] | Record<string, unknown>;

interface Frame {
  readonly source: object;
  readonly target: Container;
  readonly pointer: string;
  readonly depth: number;
}

/** Redacts every private member of a JWK Set (or of any JSON value). Already-redacted markers stay as they are. */
export function redactJwks(value: unknown): Redaction {
  const members: RedactedMember[] = [];
  const removedValues: string[] = [];
  if (typeof value !== 'object' || value === null) return { value, members, removedValues };

  const root: Container = Array.isArray(value) ? [] : {};
  const stack: Frame[] = [{ source: value, target: root, pointer: '', depth: 0 }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.depth >= MAX_REDACTION_DEPTH)
      throw new TypeError(`redactJwks: nesting deeper than ${MAX_REDACTION_DEPTH}`);
    const entries: [string, unknown][] = Array.isArray(frame.source)
      ? frame.source.map((element: unknown, i): [string, unknown] => [String(i), element])
      : Object.entries(frame.source);
    for (const [name, child] of entries) {
      const pointer = `${frame.pointer}/${escapePointerToken(name)}`;
      let copy: unknown = child;
      if (!Array.isArray(frame.source) && isPrivateMember(name) && !isRedactionMarker(child)) {
        const fingerprint = fingerprintOf(child);
        copy = `${REDACTION_MARKER_PREFIX}${fingerprint}]`;
        members.push({ pointer, member: name, fingerprint });
        collectStrings(child, removedValues);
      } else if (typeof child === 'object' && child !== null) {
        const target: Container = Array.isArray(child) ? [] : {};
        stack.push({ source: child, target, pointer, depth: frame.depth + 1 });
        copy = target;
      }
      put(frame.target, name, copy);
    }
  }
  members.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  return { value: root, members, removedValues };
}

/**
 * Replaces every occurrence of a removed secret value in free text by its marker. Defence in depth: rules never
 * put private values in messages, but a stored message is a copy, so the recorder scrubs before writing.
 */
export function scrubSecrets(text: string, removedValues: readonly string[]): string {
  let out = text;
  for (const secret of removedValues) {
    if (secret.length < MIN_SCRUBBED_SECRET_LENGTH || !out.includes(secret)) continue;
    out = out.split(secret).join(redactionMarker(secret));
  }
  return out;
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
