// A key's `alg` is a value of the IANA "JSON Web Signature and Encryption Algorithms" registry (RFC 7517 §4.4,
// RFC 7518 §7.1); consumers skip keys whose algorithm they do not know.
import { ALGORITHMS, CONTENT_ENCRYPTION_ALGORITHMS, isRegisteredAlgorithm } from '../../jwks/algorithms.js';
import { SKIP, defineRule } from '../types.js';
import { clip, memberPointer, quote } from '../support.js';

const REGISTERED_NAMES: readonly string[] = [...Object.keys(ALGORITHMS), ...CONTENT_ENCRYPTION_ALGORITHMS, 'none'];

/** The registered spelling of a value that differs only by case ("rs256"): names are case-sensitive. */
function registeredSpelling(alg: string): string | undefined {
  const lower = alg.toLowerCase();
  return REGISTERED_NAMES.find((name) => name.toLowerCase() === lower);
}

export const jwkAlgRegistered = defineRule({
  id: 'jwk.alg.registered',
  title: 'Key alg is a registered algorithm',
  severity: 'warning',
  spec: 'RFC 7517 §4.4 ; RFC 7518 §7.1',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.alg === undefined) return SKIP;
    if (isRegisteredAlgorithm(key.alg)) return [];
    const spelling = registeredSpelling(key.alg);
    const hint = spelling === undefined ? '' : ` (names are case-sensitive: did you mean ${quote(spelling)}?)`;
    return [
      {
        message: `alg ${quote(key.alg)} is not in the IANA JOSE algorithms registry${hint}; consumers skip keys whose alg they do not know`,
        pointer: memberPointer(key, 'alg'),
        expected: spelling ?? 'a registered algorithm (RFC 7518 §7.1, RFC 8037, RFC 9864, RFC 9964)',
        actual: clip(key.alg),
      },
    ];
  },
});
