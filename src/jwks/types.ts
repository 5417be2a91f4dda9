import type { KeyObject, X509Certificate } from 'node:crypto';

/** Base64url-valued JWK members (RFC 7517/7518/8037, RFC 9964); private ones are decoded for size checks only. */
export const PUBLIC_BINARY_MEMBERS = ['n', 'e', 'x', 'y', 'pub', 'x5t', 'x5t#S256'] as const;
/** Private and symmetric members: finding them in a published set is an incident; their values never leave here. */
export const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const;
export type PrivateMember = (typeof PRIVATE_MEMBERS)[number];

/** How a base64url member decoded: leniently (so analysis can go on) with the strict verdict beside it. */
export interface DecodedMember {
  /** Decoded bytes, when the value could be decoded at all (padding, whitespace and '+/' tolerated). */
  readonly bytes: Uint8Array | undefined;
  /** Strict RFC 7515 §2 base64url: only A-Z a-z 0-9 - _, no padding, no whitespace, canonical final bits. */
  readonly strict: boolean;
  /** Why it is not strict, if it is not. */
  readonly problem?: 'padding' | 'whitespace' | 'standard-alphabet' | 'invalid';
}

export interface CertFacts {
  readonly index: number;
  /** Decoded DER, when the entry was standard base64 (or decodable leniently). */
  readonly der: Uint8Array | undefined;
  /** Why the entry is not acceptable: not a string, not standard base64, or not a DER certificate. */
  readonly problem?: string;
  /** The parsed certificate, when it parsed. */
  readonly cert: X509Certificate | undefined;
}

/** Everything rules need to know about one element of `keys`, computed once per distinct key content. */
export interface KeyFacts {
  readonly index: number;
  /** '/keys/<index>'. */
  readonly pointer: string;
  /** The element as parsed. */
  readonly value: unknown;
  /** The element, when it is a JSON object. */
  readonly object: Readonly<Record<string, unknown>> | undefined;
  /** These are set only when the member is a string (`jwk.members.types` reports the others). */
  readonly kty?: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly crv?: string;
  /** Set when `key_ops` is an array of strings. */
  readonly keyOps?: readonly string[];
  /** Names of private or symmetric members present, whatever the kty (raw scan, before any import). */
  readonly privateMembers: readonly PrivateMember[];
  /** Every base64url member present as a string (public and private), by member name. */
  readonly decoded: Readonly<Partial<Record<string, DecodedMember>>>;
  /** RFC 7638 SHA-256 thumbprint, base64url; absent when the required members are missing or not strings. */
  readonly thumbprint?: string;
  /** node:crypto's import of the public part, as a second opinion after the raw checks. */
  readonly publicKey?: KeyObject;
  /** Why node:crypto refused the key (absent when it imported, or when import was not attempted). */
  readonly importError?: string;
  /** RSA modulus bit length, from `n` without leading zero octets. */
  readonly rsaBits?: number;
  /** Parsed `x5c` entries (empty when there is no `x5c` array). */
  readonly certs: readonly CertFacts[];
}

/** The per-key line of a report: what a user sees in the key summary. No private values. */
export interface KeySummary {
  readonly index: number;
  readonly kid?: string;
  readonly kty?: string;
  /** RSA modulus bits, or the curve's field size for EC/OKP. */
  readonly bits?: number;
  readonly crv?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly thumbprint?: string;
  /** The leaf certificate's notAfter (ISO 8601), when `x5c` parsed. */
  readonly certNotAfter?: string;
  /** Names of private/symmetric members found on this key (never their values). */
  readonly privateMembers: readonly string[];
}
