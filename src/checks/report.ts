import type { KeySummary } from '../jwks/types.js';
import type { DocumentKind, Finding, Profile } from './types.js';

/** One fetched or read document, as the report shows it. */
export interface DocumentFacts {
  readonly kind: DocumentKind;
  /** The URL fetched (final, after redirects) or the file path. */
  readonly source: string;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly bytes: number;
}

/** The verdict on one target: every finding, the key summary, and which rules could not be evaluated. */
export interface CheckReport {
  readonly kind: DocumentKind;
  readonly profile: Profile;
  readonly findings: readonly Finding[];
  readonly keys: readonly KeySummary[];
  /** Rule ids not evaluated because their input was absent (not a pass, not a failure). */
  readonly skippedRules: readonly string[];
  readonly documents: readonly DocumentFacts[];
  /**
   * The JWKS was read and is JSON (`jwksValue` then holds it). Known without parsing: an unchanged poll checks this
   * and never reads `jwksValue`, which may be a getter that parses on first read.
   */
  readonly jwksParsed: boolean;
  /** The JWKS value as parsed, when there was one; may hold private members, so redact before storing or showing. */
  readonly jwksValue?: unknown;
  /** The discovery document as parsed, when there was one. */
  readonly discoveryValue?: unknown;
}
