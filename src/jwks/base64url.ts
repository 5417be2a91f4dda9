/**
 * Lenient base64url decoding with a strict verdict (RFC 7515 §2, App. C): padding, whitespace and the standard
 * '+/' alphabet are tolerated so analysis can go on ("lenient parse, strict report"), and the verdict says what
 * was wrong. Non-canonical final bits (RFC 4648 §3.5) decode but are not strict.
 */
import type { DecodedMember } from './types.js';

const WHITESPACE = /\s/g;
const TRAILING_PADDING = /={1,2}$/;
const STANDARD_ALPHABET = /[+/]/;
const URL_ALPHABET_ONLY = /^[A-Za-z0-9_-]*$/;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A base64 group of 4 characters carries 3 octets; a lone final character carries fewer than 8 bits. */
const GROUP_CHARS = 4;
const IMPOSSIBLE_REMAINDER = 1;
/** Unused low bits of the last character, by length mod 4 (2 chars carry 8 of 12 bits, 3 carry 16 of 18). */
const UNUSED_BITS_MASK: Readonly<Record<number, number>> = { 2: 0b1111, 3: 0b11 };

export function decodeBase64Url(s: string): DecodedMember {
  // Fast path: the common, well-formed value needs one scan and one decode.
  if (URL_ALPHABET_ONLY.test(s)) {
    if (s.length % GROUP_CHARS === IMPOSSIBLE_REMAINDER) return { bytes: undefined, strict: false, problem: 'invalid' };
    const bytes = Buffer.from(s, 'base64url');
    return hasCanonicalFinalBits(s) ? { bytes, strict: true } : { bytes, strict: false, problem: 'invalid' };
  }
  const withoutWhitespace = s.replace(WHITESPACE, '');
  const hadWhitespace = withoutWhitespace.length !== s.length;
  const unpadded = withoutWhitespace.replace(TRAILING_PADDING, '');
  const hadPadding = unpadded.length !== withoutWhitespace.length;
  const hadStandardAlphabet = STANDARD_ALPHABET.test(unpadded);
  const urlForm = hadStandardAlphabet ? unpadded.replace(/\+/g, '-').replace(/\//g, '_') : unpadded;
  if (!URL_ALPHABET_ONLY.test(urlForm) || urlForm.length % GROUP_CHARS === IMPOSSIBLE_REMAINDER) {
    return { bytes: undefined, strict: false, problem: 'invalid' };
  }
  const bytes = Buffer.from(urlForm, 'base64url');
  if (hadStandardAlphabet) return { bytes, strict: false, problem: 'standard-alphabet' };
  if (hadPadding) return { bytes, strict: false, problem: 'padding' };
  return { bytes, strict: false, problem: hadWhitespace ? 'whitespace' : 'invalid' };
}

/** The unused bits of the last character must be zero, or two spellings decode to the same octets. */
function hasCanonicalFinalBits(urlForm: string): boolean {
  const mask = UNUSED_BITS_MASK[urlForm.length % GROUP_CHARS];
  if (mask === undefined) return true;
  return (BASE64URL_ALPHABET.indexOf(urlForm.charAt(urlForm.length - 1)) & mask) === 0;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
