/**
 * What changed between two JWK Sets. Key identity is the RFC 7638 thumbprint, `kid` is a label (a kid can be
 * reused with new material, RFC 7517 §4.5), so keys are matched by thumbprint and the kid is compared alongside.
 * The rotation state uses the JWTShield vocabulary (shared/research/monitoring-anchors.md §3).
 */
import { isRecord, isStringArray } from '../json/guards.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import { privateMaterialIn } from './redact.js';
import { jwkThumbprint } from './thumbprint.js';
import type { KeySummary } from './types.js';

/** Hex digits kept of the SHA-256 that stands in for a key without a thumbprint, or for an `x5c` chain. */
const CONTENT_ID_HEX = 32;
const CONTENT_ID_PREFIX = 'content:';

/** What the history keeps of one element of `keys`: identity and the members a diff compares. No private values. */
export interface KeyView {
  /** Position in the document as first seen. */
  readonly index: number;
  /** The RFC 7638 thumbprint, or `content:<hex>` (SHA-256 of the element's canonical JSON) when none can be computed. */
  readonly id: string;
  readonly thumbprint?: string;
  readonly kid?: string;
  readonly kty?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly crv?: string;
  /** RSA modulus bits, or the curve's field size (from the engine's key summary). */
  readonly bits?: number;
  readonly keyOps?: readonly string[];
  /** SHA-256 prefix of the canonical `x5c` array, when there is one (a changed chain is a metadata change). */
  readonly x5c?: string;
  /** Where private or symmetric material is, as in KeyFacts.privateMembers (never values). */
  readonly privateMembers: readonly string[];
}

export const METADATA_MEMBERS = ['alg', 'use', 'key_ops', 'x5c', 'kid'] as const;
export type MetadataMember = (typeof METADATA_MEMBERS)[number];

export const ROTATION_STATES = ['no_change', 'safe_overlap', 'overlap', 'disjoint'] as const;
/**
 * `no_change`: same key material; `safe_overlap`: every old key kept and new ones added; `overlap`: some old keys
 * dropped while others stay; `disjoint`: nothing shared.
 */
export type RotationState = (typeof ROTATION_STATES)[number];

export interface KidReuse {
  readonly kid: string;
  readonly before: KeyView;
  readonly after: KeyView;
}

export interface MaterialReuse {
  readonly before: KeyView;
  readonly after: KeyView;
}

export interface MetadataChange {
  readonly before: KeyView;
  readonly after: KeyView;
  readonly members: readonly MetadataMember[];
}

export interface JwksDiff {
  /** Keys whose material is new (one view per identity). */
  readonly added: readonly KeyView[];
  /** Keys whose material is gone. */
  readonly removed: readonly KeyView[];
  /** A kid that now names different material. */
  readonly kidReused: readonly KidReuse[];
  /** Material that is still (or again) published, under a kid it did not have before. */
  readonly materialReused: readonly MaterialReuse[];
  /** Same material, different alg / use / key_ops / x5c, or a kid that appeared or disappeared. */
  readonly metadataChanged: readonly MetadataChange[];
  readonly rotationState: RotationState;
}

/**
 * The views of the elements of a set's `keys` array (the first `limit` of them). `summaries` (the engine's, by
 * index) supply what needs key import, such as the RSA modulus size, and what the engine worked out already. Computed from the document before
 * redaction, so an `oct` key keeps its RFC 7638 thumbprint; the view itself holds no private value.
 */
export function keyViewsOf(
  jwks: unknown,
  summaries: readonly KeySummary[] = [],
  limit: number = Number.POSITIVE_INFINITY,
): KeyView[] {
  const all: unknown = isRecord(jwks) ? jwks['keys'] : undefined;
  if (!Array.isArray(all)) return [];
  const keys = all.length > limit ? all.slice(0, limit) : all;
  const byIndex = new Map<number, KeySummary>();
  for (const summary of summaries) byIndex.set(summary.index, summary);
  return keys.map((key: unknown, index) => {
    const summary = byIndex.get(index);
    return keyViewOf(key, index, summary);
  });
}

/**
 * `summary`: the engine's for this key, when it made one: its bits, RFC 7638 thumbprint and private scan, which are
 * then not worked out again.
 */
export function keyViewOf(key: unknown, index: number, summary?: KeySummary): KeyView {
  const privateMembers = summary?.privateMembers ?? privateMaterialIn(key);
  if (!isRecord(key)) return { index, id: contentId(key), privateMembers };
  const bits = summary?.bits;
  const thumbprint = summary?.thumbprint ?? jwkThumbprint(key);
  const str = (name: string): string | undefined => {
    const member = key[name];
    return typeof member === 'string' ? member : undefined;
  };
  const keyOps = key['key_ops'];
  const x5c = key['x5c'];
  const kid = str('kid');
  const kty = str('kty');
  const alg = str('alg');
  const use = str('use');
  const crv = str('crv');
  return {
    index,
    id: thumbprint ?? contentId(key),
    ...(thumbprint !== undefined && { thumbprint }),
    ...(kid !== undefined && { kid }),
    ...(kty !== undefined && { kty }),
    ...(alg !== undefined && { alg }),
    ...(use !== undefined && { use }),
    ...(crv !== undefined && { crv }),
    ...(bits !== undefined && { bits }),
    ...(isStringArray(keyOps) && { keyOps: [...keyOps] }),
    ...(x5c !== undefined && { x5c: sha256Hex(canonicalJson(x5c)).slice(0, CONTENT_ID_HEX) }),
    privateMembers,
  };
}

export function diffKeys(before: readonly KeyView[], after: readonly KeyView[]): JwksDiff {
  const beforeById = firstById(before);
  const afterById = firstById(after);
  const added = [...afterById.values()].filter((view) => !beforeById.has(view.id));
  const removed = [...beforeById.values()].filter((view) => !afterById.has(view.id));

  const beforeByKid = groupByKid(before);
  const kidReused: KidReuse[] = [];
  for (const view of after) {
    if (view.kid === undefined) continue;
    const previous = beforeByKid.get(view.kid);
    if (previous === undefined || previous.some((p) => p.id === view.id)) continue;
    if (kidReused.some((r) => r.kid === view.kid && r.after.id === view.id)) continue;
    kidReused.push({ kid: view.kid, before: previous[0] ?? view, after: view });
  }

  const materialReused: MaterialReuse[] = [];
  const metadataChanged: MetadataChange[] = [];
  for (const [id, view] of afterById) {
    const previous = beforeById.get(id);
    if (previous === undefined) continue;
    const previousKids = new Set(before.filter((b) => b.id === id && b.kid !== undefined).map((b) => b.kid));
    if (view.kid !== undefined && previousKids.size > 0 && !previousKids.has(view.kid)) {
      materialReused.push({ before: previous, after: view });
    }
    const members = changedMetadata(previous, view);
    if (members.length > 0) metadataChanged.push({ before: previous, after: view, members });
  }

  return {
    added,
    removed,
    kidReused,
    materialReused,
    metadataChanged,
    rotationState: rotationState(new Set(beforeById.keys()), new Set(afterById.keys())),
  };
}

/** Classifies a change of key material by the identities before and after. */
export function rotationState(before: ReadonlySet<string>, after: ReadonlySet<string>): RotationState {
  let kept = 0;
  for (const id of before) if (after.has(id)) kept++;
  if (kept === before.size && before.size === after.size) return 'no_change';
  if (kept === before.size) return 'safe_overlap';
  if (kept === 0) return 'disjoint';
  return 'overlap';
}

function changedMetadata(before: KeyView, after: KeyView): MetadataMember[] {
  const members: MetadataMember[] = [];
  if (before.alg !== after.alg) members.push('alg');
  if (before.use !== after.use) members.push('use');
  if (!sameSet(before.keyOps, after.keyOps)) members.push('key_ops');
  if (before.x5c !== after.x5c) members.push('x5c');
  // A renamed kid is material reuse; a kid that appears or disappears is a label change.
  if ((before.kid === undefined) !== (after.kid === undefined)) members.push('kid');
  return members;
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((v, i) => v === right[i]);
}

function firstById(views: readonly KeyView[]): Map<string, KeyView> {
  const byId = new Map<string, KeyView>();
  for (const view of views) if (!byId.has(view.id)) byId.set(view.id, view);
  return byId;
}

function groupByKid(views: readonly KeyView[]): Map<string, KeyView[]> {
  const byKid = new Map<string, KeyView[]>();
  for (const view of views) {
    if (view.kid === undefined) continue;
    const group = byKid.get(view.kid);
    if (group === undefined) byKid.set(view.kid, [view]);
    else group.push(view);
  }
  return byKid;
}

function contentId(value: unknown): string {
  return `${CONTENT_ID_PREFIX}${sha256Hex(canonicalJson(value ?? null)).slice(0, CONTENT_ID_HEX)}`;
}
