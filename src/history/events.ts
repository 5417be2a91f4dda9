/**
 * Change events: one row per change (never per poll), written in the poll's transaction so the webhook outbox can
 * deliver them without losing any. Types are dotted lower-case; payloads are the `data` of a Standard Webhooks
 * message, hold no private key value, and stay well under the 20 KB payload budget (lists and texts are capped).
 */
import type { Finding, Severity } from '../checks/types.js';
import type { KeyView, RotationState } from '../jwks/diff.js';

export const EVENT_TYPES = [
  'key.added',
  'key.removed',
  'key.changed',
  'key.private_material',
  'rotation.detected',
  'rotation.flapping',
  'discovery.changed',
  'conformance.failed',
  'conformance.resolved',
  'provider.down',
  'provider.recovered',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Longest list carried in one payload (the count is always exact). */
export const MAX_LISTED = 10;
/**
 * Per-key events of one kind (key.added, key.removed, key.changed) per change, at most: beyond that the change is
 * one event of that kind listing the keys, so replacing a 60-key set is a handful of messages, not a page per key.
 */
export const KEY_EVENTS_PER_KIND = 3;
/** Longest free text (a message, a URL) carried in one payload. */
const MAX_TEXT_CHARS = 500;
/** Longest label (kid, kty, alg, use, pointer) carried in one payload: remote values can be megabytes long. */
const MAX_LABEL_CHARS = 128;

export interface ProviderRef {
  readonly id: number;
  readonly name: string;
  readonly url: string;
}

export interface KeyRef {
  readonly kid?: string;
  readonly thumbprint?: string;
  readonly kty?: string;
  readonly alg?: string;
  readonly use?: string;
}

interface Base {
  readonly provider: ProviderRef;
}

export interface KeyEventData extends Base {
  /** The key; for a grouped event (more than KEY_EVENTS_PER_KIND keys), the first of `keys`. */
  readonly key: KeyRef;
  /** Grouped event only: up to MAX_LISTED of the keys, and how many there are. */
  readonly keys?: readonly KeyRef[];
  readonly count?: number;
  /** Content hash of the snapshot where the change became confirmed, and its id (for /snapshots/:id and /diff). */
  readonly snapshot: string;
  readonly snapshotId?: number;
}

export interface KidChange {
  readonly kid: string;
  readonly before: KeyRef;
  readonly after: KeyRef;
}

export interface KeyChangedData extends Base, KidChange {
  /** Grouped event only (more than KEY_EVENTS_PER_KIND kids): up to MAX_LISTED of the changes, and their number. */
  readonly changes?: readonly KidChange[];
  readonly count?: number;
}

export interface PrivateMaterialData extends Base {
  /** Up to MAX_LISTED keys; `count` is the total. */
  readonly keys: readonly {
    readonly index: number;
    readonly kid?: string;
    readonly thumbprint?: string;
    readonly members: readonly string[];
  }[];
  readonly count: number;
}

export interface RotationData extends Base {
  readonly state: Exclude<RotationState, 'no_change'>;
  /** ISO time the new content was first seen. */
  readonly at: string;
  /** Content hashes of the snapshots before and after, and their ids (for /snapshots/:id and /diff). */
  readonly from: string;
  readonly to: string;
  readonly fromSnapshotId?: number;
  readonly toSnapshotId?: number;
  /** Up to MAX_LISTED keys each; the counts are the totals. */
  readonly added: readonly KeyRef[];
  readonly removed: readonly KeyRef[];
  readonly addedCount: number;
  readonly removedCount: number;
}

export interface FlappingData extends Base {
  readonly since: string;
  /** Distinct contents seen within the flap window. */
  readonly contents: number;
  /** Up to MAX_LISTED of those contents, newest first: hash and snapshot id. */
  readonly snapshots: readonly SnapshotRef[];
  /** Up to MAX_LISTED keys that some of those contents have and others lack, and how many there are. */
  readonly keys: readonly KeyRef[];
  readonly keyCount: number;
}

export interface SnapshotRef {
  readonly hash: string;
  /** Filled in when the event is stored (a snapshot first seen by this poll has no id before). */
  readonly snapshotId?: number;
}

export interface DiscoveryChangedData extends Base {
  readonly changes: readonly {
    readonly member: 'issuer' | 'jwks_uri';
    readonly before: string;
    readonly after: string;
  }[];
}

export interface ConformanceData extends Base {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly count: number;
  readonly findings: readonly {
    readonly message: string;
    readonly pointer: string;
    readonly kid?: string;
    readonly thumbprint?: string;
  }[];
}

export interface ProviderDownData extends Base {
  readonly error: { readonly code: string; readonly message?: string };
  readonly consecutiveFailures: number;
}

export interface ProviderRecoveredData extends Base {
  readonly consecutiveSuccesses: number;
}

export type ChangeEvent =
  | { readonly type: 'key.added' | 'key.removed'; readonly data: KeyEventData }
  | { readonly type: 'key.changed'; readonly data: KeyChangedData }
  | { readonly type: 'key.private_material'; readonly data: PrivateMaterialData }
  | { readonly type: 'rotation.detected'; readonly data: RotationData }
  | { readonly type: 'rotation.flapping'; readonly data: FlappingData }
  | { readonly type: 'discovery.changed'; readonly data: DiscoveryChangedData }
  | { readonly type: 'conformance.failed' | 'conformance.resolved'; readonly data: ConformanceData }
  | { readonly type: 'provider.down'; readonly data: ProviderDownData }
  | { readonly type: 'provider.recovered'; readonly data: ProviderRecoveredData };

export function keyRef(view: KeyView): KeyRef {
  return {
    ...(view.kid !== undefined && { kid: clipLabel(view.kid) }),
    ...(view.thumbprint !== undefined && { thumbprint: clipLabel(view.thumbprint) }),
    ...(view.kty !== undefined && { kty: clipLabel(view.kty) }),
    ...(view.alg !== undefined && { alg: clipLabel(view.alg) }),
    ...(view.use !== undefined && { use: clipLabel(view.use) }),
  };
}

/** A finding as a conformance event lists it. */
export type ConformanceFinding = Pick<Finding, 'ruleId' | 'severity' | 'message' | 'pointer' | 'kid' | 'thumbprint'>;

/** One conformance event per rule for `findings` of several rules, in the order the rules first appear. */
export function groupedConformanceEvents(
  type: 'conformance.failed' | 'conformance.resolved',
  provider: ProviderRef,
  findings: readonly ConformanceFinding[],
): ChangeEvent[] {
  const byRule = new Map<string, ConformanceFinding[]>();
  for (const f of findings) {
    const group = byRule.get(f.ruleId);
    if (group === undefined) byRule.set(f.ruleId, [f]);
    else group.push(f);
  }
  return [...byRule].map(([ruleId, group]) => conformanceEvent(type, provider, ruleId, group));
}

/** One conformance event for the findings of one rule (batched per poll). */
export function conformanceEvent(
  type: 'conformance.failed' | 'conformance.resolved',
  provider: ProviderRef,
  ruleId: string,
  findings: readonly Pick<Finding, 'severity' | 'message' | 'pointer' | 'kid' | 'thumbprint'>[],
): ChangeEvent {
  const severity = findings.some((f) => f.severity === 'error')
    ? 'error'
    : findings.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'info';
  return {
    type,
    data: {
      provider,
      ruleId,
      severity,
      count: findings.length,
      findings: findings.slice(0, MAX_LISTED).map((f) => ({
        message: clipText(f.message),
        pointer: clipLabel(f.pointer),
        ...(f.kid !== undefined && { kid: clipLabel(f.kid) }),
        ...(f.thumbprint !== undefined && { thumbprint: clipLabel(f.thumbprint) }),
      })),
    },
  };
}

export function clipText(text: string): string {
  return text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}…` : text;
}

export function clipLabel(text: string): string {
  return text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS)}…` : text;
}

/**
 * The event with the ids of the snapshots it names by hash added (`snapshotId`, `fromSnapshotId`, …), so a receiver
 * can open `/snapshots/:snapshotId` and `/diff?from=&to=` directly. Run when the event is stored: a snapshot first
 * seen by this poll gets its id then.
 */
export function withSnapshotIds(event: ChangeEvent, idOf: (hash: string) => number | undefined): ChangeEvent {
  switch (event.type) {
    case 'key.added':
    case 'key.removed': {
      const snapshotId = idOf(event.data.snapshot);
      return snapshotId === undefined ? event : { type: event.type, data: { ...event.data, snapshotId } };
    }
    case 'rotation.detected': {
      const fromSnapshotId = idOf(event.data.from);
      const toSnapshotId = idOf(event.data.to);
      return {
        type: event.type,
        data: {
          ...event.data,
          ...(fromSnapshotId !== undefined && { fromSnapshotId }),
          ...(toSnapshotId !== undefined && { toSnapshotId }),
        },
      };
    }
    case 'rotation.flapping':
      return {
        type: event.type,
        data: {
          ...event.data,
          snapshots: event.data.snapshots.map((ref) => {
            const snapshotId = idOf(ref.hash);
            return snapshotId === undefined ? ref : { ...ref, snapshotId };
          }),
        },
      };
    default:
      return event;
  }
}
