/**
 * The input of the "Change over time" rules: what the history store knows about a provider at one poll. Built by
 * src/history from stored rows, so the rules stay pure: no SQL, no clock (times are epoch milliseconds, judged
 * against `now`).
 */
import type { KeyView } from '../../jwks/diff.js';
import type { RuleEnv } from '../types.js';

/** One distinct content a provider served: the key set plus the discovery facts that make it up. */
export interface HistoryContent {
  /** Hex SHA-256 of the canonical (order-insensitive) redacted JWKS. */
  readonly hash: string;
  readonly keys: readonly KeyView[];
  /** Discovery `issuer` and `jwks_uri` served alongside, when the provider has a discovery document. */
  readonly issuer?: string;
  readonly jwksUri?: string;
  /** When this content was first seen in the observation it belongs to, and last seen. */
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
  /** The JWKS response's validators as last observed with this content (RFC 9110 §8.8). */
  readonly etag?: string;
  readonly lastModified?: string;
}

/**
 * The latest confirmed change: `from` was the confirmed content, `to` is the content confirmed since. `at` is
 * when `to` was first seen (the debounce confirms later, but the change happened then).
 */
export interface HistoryTransition {
  readonly from: HistoryContent;
  readonly to: HistoryContent;
  readonly at: number;
  /**
   * Set on the poll that confirms the change: it is judged then however long ago `at` was (a change confirmed after
   * flapping, or polled less often than the hold window, must still be reported once).
   */
  readonly confirmedNow?: boolean;
}

/** One (key material, kid) pairing the provider has published, from the key inventory. */
export interface InventoryKey {
  /** KeyView.id: the RFC 7638 thumbprint, or a content id. */
  readonly id: string;
  readonly kid?: string;
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
  /** Set when the pairing is no longer published. */
  readonly removedAt?: number;
}

/** Responses alternating between contents (replicas out of sync), as the recorder's debounce saw them. */
export interface FlapState {
  /** When the current episode started. */
  readonly startedAt: number;
  /** When a content last came back after another one was seen. */
  readonly lastFlapAt: number;
  /** Distinct contents seen within the flap window. */
  readonly contents: number;
  /** Keys (by material and kid) that some of the newest of those contents have and others lack. */
  readonly unstableKeys: readonly KeyView[];
}

export interface HistorySettings {
  /** Longest lifetime of a token signed by the provider (default 1 h). */
  readonly tokenLifetimeSeconds: number;
  /** How long verifiers cache the set (default 10 min, the jose and jwks-rsa default). */
  readonly clientCacheSeconds: number;
  /** `rotation.key-age`: the policy window for an unchanged signing key set. */
  readonly keyAgeMaxDays: number;
  /** A content that comes back within this window after another was seen is flapping. */
  readonly flapWindowSeconds: number;
}

export interface HistoryInput extends RuleEnv {
  readonly settings: HistorySettings;
  /** The confirmed content: what the provider publishes, flapping and unconfirmed changes aside. */
  readonly current: HistoryContent;
  /** The latest confirmed change, if any content was confirmed before `current` (absent for a baseline). */
  readonly transition: HistoryTransition | undefined;
  /** The last two distinct observations, consecutive in time (for validators); `previous` absent at first. */
  readonly observed: { readonly latest: HistoryContent; readonly previous: HistoryContent | undefined };
  /** Every (key, kid) pairing published so far, including those of `current`. */
  readonly inventory: readonly InventoryKey[];
  /** Present while responses alternate between contents, or did within the flap window. */
  readonly flapping: FlapState | undefined;
}
