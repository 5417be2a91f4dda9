import type { KeyUsageBit } from './der.js';

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
  /** Why the entry is not acceptable: not a string, not standard base64, or not a DER certificate. */
  readonly problem?: string;
  /**
   * Hex SHA-1 and SHA-256 of the entry's decoded bytes, when it decoded to at least one octet (parsed or not):
   * x5t and x5t#S256 are these digests of x5c[0] (RFC 7517 §4.8, §4.9).
   */
  readonly digests: CertDigests | undefined;
  /** What the certificate says, when the entry parsed as an X.509 certificate. */
  readonly cert: CertificateFacts | undefined;
}

export interface CertDigests {
  readonly sha1: string;
  readonly sha256: string;
}

/**
 * Plain facts read from a parsed certificate while analysing the key. No X509Certificate or KeyObject is kept:
 * each holds ~12 KB of native memory, and the engine keeps facts for every distinct key of the fleet.
 */
export interface CertificateFacts {
  /** notBefore and notAfter in epoch ms (RFC 5280 §4.1.2.5); undefined when node's date would not parse. */
  readonly notBefore: number | undefined;
  readonly notAfter: number | undefined;
  /** The certificate's public key in JWK terms; undefined when node cannot read it. */
  readonly key: CertKey | undefined;
  /**
   * The keyUsage bits (RFC 5280 §4.2.1.3): null when the certificate has no keyUsage extension, undefined
   * when the DER could not be walked.
   */
  readonly keyUsage: ReadonlySet<KeyUsageBit> | null | undefined;
  /** Whether the next x5c entry issued and signed this one (RFC 7517 §4.7); undefined when it did not parse or there is none. */
  readonly issuedByNext: ChainLink | undefined;
}

/**
 * How a certificate relates to the next one in x5c: certified (issuer name is the next subject and the signature
 * verifies with the next key), the names differ, the signature does not verify, or it could not be checked.
 */
export type ChainLink = 'certified' | 'issuer-mismatch' | 'signature-invalid' | 'unverifiable';

/** A certificate's public key in JWK terms: its kty, curve and public members. */
export interface CertKey {
  /** JWK kty of the certificate's key, or undefined for a key type JOSE has no JWK form for. */
  readonly kty: 'RSA' | 'EC' | 'OKP' | undefined;
  /** node's asymmetricKeyType ('rsa', 'rsa-pss', 'ec', 'ed25519', …), for messages. */
  readonly type: string;
  /** JWK curve name for EC and OKP keys, when known. */
  readonly crv: string | undefined;
  /** Public members as bytes (n, e / x, y / x), when they could be read. */
  readonly members: Readonly<Record<string, Uint8Array>> | undefined;
}

/** What node:crypto made of a key's public members when it imported them (the KeyObject itself is not kept). */
export interface ImportedKey {
  /** KeyObject.asymmetricKeyType: 'rsa', 'ec', 'ed25519', 'ed448', 'x25519' or 'x448'. */
  readonly type: string;
  /** OpenSSL name of an EC key's curve (asymmetricKeyDetails.namedCurve), e.g. 'prime256v1'. */
  readonly namedCurve: string | undefined;
}

/** Everything rules need to know about one element of `keys`, computed once per distinct key content. */
export interface KeyFacts {
  readonly index: number;
  /** '/keys/<index>'. */
  readonly pointer: string;
  /**
   * The element as parsed, with its private values replaced by redaction markers (src/jwks/redact.ts), so a rule
   * can quote any member; as published only in private-key mode.
   */
  readonly value: unknown;
  /** The element (as `value`), when it is a JSON object. */
  readonly object: Readonly<Record<string, unknown>> | undefined;
  /** These are set only when the member is a string (`jwk.members.types` reports the others). */
  readonly kty?: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly crv?: string;
  /** Set when `key_ops` is an array of strings. */
  readonly keyOps?: readonly string[];
  /**
   * Where the key holds private or symmetric material, whatever the kty (raw scan, before any import): member names
   * as published ('d', 'D', 'k') and pointers below the key ('x5c/0', 'jwk/d'); [''] for a string element that
   * holds a private key as JSON text. Never values. See src/jwks/redact.ts for what counts.
   */
  readonly privateMembers: readonly string[];
  /** Every base64url member present as a string (public and private), by member name. */
  readonly decoded: Readonly<Partial<Record<string, DecodedMember>>>;
  /** RFC 7638 SHA-256 thumbprint, base64url; absent when the required members are missing or not strings. */
  readonly thumbprint?: string;
  /**
   * node:crypto's import of the public part, as a second opinion after the raw checks (present when it imported).
   * Only its type is kept; `publicKeyOf` in key-facts.ts imports the key again when a rule must verify with it.
   */
  readonly imported?: ImportedKey;
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
  /** Where private/symmetric material was found on this key, as in KeyFacts (never values). */
  readonly privateMembers: readonly string[];
}
