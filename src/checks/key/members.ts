/**
 * Member tables shared by the key rules: which members each key type requires and registers (RFC 7517 §4,
 * RFC 7518 §6, RFC 8037 §2, RFC 9964), and the key_ops registry.
 */
import { ENCRYPTION_KEY_OPS, SIGNATURE_KEY_OPS } from '../support.js';

/** Members a key of each type must carry (RFC 7518 §6.2.1, §6.3.1, §6.4.1; RFC 8037 §2; RFC 9964). */
export const REQUIRED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  oct: ['k'],
  AKP: ['alg', 'pub'],
};

/** Members registered for every key type (RFC 7517 §4.1-§4.9; `ext` from W3C WebCrypto, IANA-registered). */
export const COMMON_MEMBERS: readonly string[] = [
  'kty',
  'use',
  'key_ops',
  'alg',
  'kid',
  'x5u',
  'x5c',
  'x5t',
  'x5t#S256',
  'ext',
];

/** Public members registered per key type; private ones are listed in PRIVATE_MEMBERS (jwk.private.* owns them). */
export const TYPE_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  oct: [],
  AKP: ['pub'],
};

/** The "JSON Web Key Operations" registry (RFC 7517 §4.3, §8.3). */
export const KEY_OPERATIONS: readonly string[] = [...SIGNATURE_KEY_OPS, ...ENCRYPTION_KEY_OPS];

/** Operations that need the private (or secret) key: on a key of a published set they hint at a private export. */
export const PRIVATE_KEY_OPERATIONS: readonly string[] = ['sign', 'decrypt', 'unwrapKey'];

/** Operations that agree with each `use` value (RFC 7517 §4.3: "use" and "key_ops" MUST be consistent). */
export const OPERATIONS_BY_USE: Readonly<Record<string, readonly string[]>> = {
  sig: SIGNATURE_KEY_OPS,
  enc: ENCRYPTION_KEY_OPS,
};
