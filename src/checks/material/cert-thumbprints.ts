/**
 * The two certificate thumbprint members (RFC 7517 §4.8, §4.9) and the "hex-encoded digest" mistake seen in the
 * wild (e.g. wso2 product-is #19876): a hex string of the digest, either as is or base64url-encoded.
 */
import type { DecodedMember } from '../../jwks/types.js';

export interface ThumbprintMember {
  readonly name: 'x5t' | 'x5t#S256';
  /** node:crypto hash name. */
  readonly hash: 'sha1' | 'sha256';
  /** The digest's name in messages. */
  readonly digest: 'SHA-1' | 'SHA-256';
  readonly octets: number;
  readonly spec: string;
}

export const THUMBPRINT_MEMBERS: readonly ThumbprintMember[] = [
  { name: 'x5t', hash: 'sha1', digest: 'SHA-1', octets: 20, spec: 'RFC 7517 §4.8' },
  { name: 'x5t#S256', hash: 'sha256', digest: 'SHA-256', octets: 32, spec: 'RFC 7517 §4.9' },
];

const HEX_DIGITS = /^[0-9a-fA-F]+$/;
const HEX_CHARS_PER_OCTET = 2;

/** The digest in lower-case hex when `value` is the hex form of a digest of `octets` octets, else undefined. */
export function hexEncodedDigest(
  value: string,
  decoded: DecodedMember | undefined,
  octets: number,
): string | undefined {
  const hexLength = octets * HEX_CHARS_PER_OCTET;
  if (value.length === hexLength && HEX_DIGITS.test(value)) return value.toLowerCase();
  const bytes = decoded?.bytes;
  if (bytes?.length !== hexLength) return undefined;
  const text = Buffer.from(bytes).toString('latin1');
  return HEX_DIGITS.test(text) ? text.toLowerCase() : undefined;
}
