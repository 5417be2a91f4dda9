/**
 * Compact JWS (RFC 7515 §7.1) verification with node:crypto, for `signed_metadata` (RFC 8414 §2.1). Covers the
 * asymmetric JWS algorithms of RFC 7518 §3.3-3.5, RFC 8812 and RFC 8037/9864. Pure, and never throws: a key of
 * the wrong type or a malformed signature is a failed verification.
 */
import { constants, verify, type KeyObject } from 'node:crypto';
import { isRecord } from '../../json/guards.js';

interface Verifier {
  /** Digest for node:crypto's verify; null for EdDSA, which hashes internally. */
  readonly hash: string | null;
  /** node:crypto asymmetricKeyType values that fit, with the named curve for EC. */
  readonly keyTypes: readonly string[];
  readonly curve?: string;
  readonly pss?: boolean;
  /** JWS ECDSA signatures are R || S (RFC 7518 §3.4), not DER. */
  readonly p1363?: boolean;
}

const VERIFIERS: Readonly<Record<string, Verifier>> = {
  RS256: { hash: 'sha256', keyTypes: ['rsa'] },
  RS384: { hash: 'sha384', keyTypes: ['rsa'] },
  RS512: { hash: 'sha512', keyTypes: ['rsa'] },
  PS256: { hash: 'sha256', keyTypes: ['rsa', 'rsa-pss'], pss: true },
  PS384: { hash: 'sha384', keyTypes: ['rsa', 'rsa-pss'], pss: true },
  PS512: { hash: 'sha512', keyTypes: ['rsa', 'rsa-pss'], pss: true },
  ES256: { hash: 'sha256', keyTypes: ['ec'], curve: 'prime256v1', p1363: true },
  ES384: { hash: 'sha384', keyTypes: ['ec'], curve: 'secp384r1', p1363: true },
  ES512: { hash: 'sha512', keyTypes: ['ec'], curve: 'secp521r1', p1363: true },
  ES256K: { hash: 'sha256', keyTypes: ['ec'], curve: 'secp256k1', p1363: true },
  EdDSA: { hash: null, keyTypes: ['ed25519', 'ed448'] },
  Ed25519: { hash: null, keyTypes: ['ed25519'] },
  Ed448: { hash: null, keyTypes: ['ed448'] },
};

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const COMPACT_PARTS = 3;

export interface DecodedJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

export function isVerifiableAlgorithm(alg: string): boolean {
  return Object.hasOwn(VERIFIERS, alg);
}

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Splits and decodes a compact JWS whose header and payload are JSON objects; a reason when it is not one. */
export function decodeCompactJws(token: string): DecodedJws | { readonly problem: string } {
  const parts = token.split('.');
  if (parts.length !== COMPACT_PARTS || !parts.every((p) => BASE64URL.test(p))) {
    return { problem: 'is not a compact JWS (three base64url segments separated by ".")' };
  }
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeJson(headerPart);
  if (!isRecord(header)) return { problem: 'has a JOSE header that is not a JSON object' };
  const payload = decodeJson(payloadPart);
  if (!isRecord(payload)) return { problem: 'has a payload that is not a JSON object of claims' };
  return {
    header,
    payload,
    signingInput: Buffer.from(`${headerPart}.${payloadPart}`, 'ascii'),
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

/** Whether `key` fits `alg` (type and curve) and verifies the signature over the signing input. */
export function verifyJws(alg: string, key: KeyObject, signingInput: Buffer, signature: Buffer): boolean {
  const verifier = Object.hasOwn(VERIFIERS, alg) ? VERIFIERS[alg] : undefined;
  if (verifier === undefined || key.type !== 'public') return false;
  if (key.asymmetricKeyType === undefined || !verifier.keyTypes.includes(key.asymmetricKeyType)) return false;
  if (verifier.curve !== undefined && key.asymmetricKeyDetails?.namedCurve !== verifier.curve) return false;
  try {
    return verify(
      verifier.hash,
      signingInput,
      {
        key,
        ...(verifier.pss === true && {
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        }),
        ...(verifier.p1363 === true && { dsaEncoding: 'ieee-p1363' as const }),
      },
      signature,
    );
  } catch {
    return false;
  }
}
