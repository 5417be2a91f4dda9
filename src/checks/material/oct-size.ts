// Private-key mode only: a symmetric key k must be long enough for its alg. HS256/384/512 need at least
// 256/384/512 bits (RFC 7518 §3.2); AES key wrap and AES-GCM key wrap need exactly 128/192/256 (§4.4, §4.7).
// Published sets never get here meaningfully: jwk.private.symmetric reports any oct key in them.
import { SKIP, defineRule } from '../types.js';
import { isKty, memberBytes } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

const BITS_PER_OCTET = 8;

/** Minimum key bits per HMAC alg (RFC 7518 §3.2: a key of the same size as the hash output or larger). */
const HMAC_MIN_BITS: Readonly<Record<string, number>> = { HS256: 256, HS384: 384, HS512: 512 };
/** Exact key bits per AES key-management alg (RFC 7518 §4.4, §4.7). */
const AES_EXACT_BITS: Readonly<Record<string, number>> = {
  A128KW: 128,
  A192KW: 192,
  A256KW: 256,
  A128GCMKW: 128,
  A192GCMKW: 192,
  A256GCMKW: 256,
};

function lookup(table: Readonly<Record<string, number>>, alg: string): number | undefined {
  return Object.hasOwn(table, alg) ? table[alg] : undefined;
}

export const octSize = defineRule({
  id: 'jwk.oct.size',
  title: 'Symmetric key k is long enough for its alg (private-key mode)',
  severity: 'error',
  spec: 'RFC 7518 §3.2, §4.4, §4.7',
  scope: 'key',
  run({ key, options }) {
    if (!options.privateKeyMode || !isKty(key, 'oct') || key.alg === undefined) return SKIP;
    const k = memberBytes(key, 'k');
    if (k === undefined) return SKIP;
    // Only the length of k is ever read or reported, never its value.
    const bits = k.length * BITS_PER_OCTET;
    const pointer = memberPointer(key, 'k');
    const minimum = lookup(HMAC_MIN_BITS, key.alg);
    if (minimum !== undefined) {
      if (bits >= minimum) return [];
      return [
        {
          message: `symmetric ${keyLabel(key)} has a ${bits}-bit k; ${key.alg} needs a key of at least ${minimum} bits (RFC 7518 §3.2)`,
          pointer,
          expected: `>= ${minimum} bits`,
          actual: `${bits} bits`,
        },
      ];
    }
    const exact = lookup(AES_EXACT_BITS, key.alg);
    if (exact === undefined) return SKIP;
    if (bits === exact) return [];
    return [
      {
        message: `symmetric ${keyLabel(key)} has a ${bits}-bit k; ${key.alg} needs a key of exactly ${exact} bits (RFC 7518 §4.4, §4.7)`,
        pointer,
        expected: `${exact} bits`,
        actual: `${bits} bits`,
      },
    ];
  },
});
