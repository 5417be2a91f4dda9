// Asserts the RSA public exponent is an odd integer >= 3 (RFC 8017 §3.1: e = 1 or even e makes the key
// broken) and reports odd values other than the ubiquitous 65537 (FIPS 186-5 wants 2^16 < e < 2^256).
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { bytesToBigInt, isKty, memberBytes, stripLeadingZeros } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

const USUAL_EXPONENT = 65537n;
/** FIPS 186-5 §A.1.1: 2^16 < e < 2^256. */
const FIPS_MIN_EXCLUSIVE = 1n << 16n;
const FIPS_MAX_EXCLUSIVE = 1n << 256n;
/** Longest exponent shown in decimal; larger ones are described by size. */
const MAX_SHOWN_DIGITS = 24;

export const rsaExponent = defineRule({
  id: 'jwk.rsa.exponent',
  title: 'RSA public exponent is an odd integer of at least 3, usually 65537',
  severity: 'error',
  spec: 'RFC 8017 §3.1 ; FIPS 186-5 §A.1.1',
  scope: 'key',
  run({ key }) {
    if (!isKty(key, 'RSA')) return SKIP;
    const bytes = memberBytes(key, 'e');
    if (bytes === undefined) return SKIP;
    const e = bytesToBigInt(bytes);
    const shown = describe(e, stripLeadingZeros(bytes).length);
    const pointer = memberPointer(key, 'e');
    const broken = (message: string): FindingDraft => ({
      message,
      pointer,
      expected: 'an odd integer >= 3',
      actual: shown,
    });
    if (e === 0n)
      return [broken(`RSA exponent e of ${keyLabel(key)} is 0; e must be an odd integer >= 3 (RFC 8017 §3.1)`)];
    if (e === 1n) {
      return [
        broken(
          `RSA exponent e of ${keyLabel(key)} is 1, so "signatures" are the message itself; e must be an odd integer >= 3 (RFC 8017 §3.1)`,
        ),
      ];
    }
    if (e % 2n === 0n) {
      return [
        broken(
          `RSA exponent e of ${keyLabel(key)} is even (${shown}); e must be odd, or no private exponent exists (RFC 8017 §3.1)`,
        ),
      ];
    }
    if (e === USUAL_EXPONENT) return [];
    const fips = e > FIPS_MIN_EXCLUSIVE && e < FIPS_MAX_EXCLUSIVE ? '' : '; FIPS 186-5 requires 2^16 < e < 2^256';
    return [
      {
        message: `RSA exponent e of ${keyLabel(key)} is ${shown}, not the usual 65537${fips}`,
        pointer,
        severity: 'info',
        expected: '65537',
        actual: shown,
      },
    ];
  },
});

function describe(e: bigint, octets: number): string {
  const decimal = e.toString();
  return decimal.length <= MAX_SHOWN_DIGITS ? decimal : `a ${octets}-octet integer`;
}
