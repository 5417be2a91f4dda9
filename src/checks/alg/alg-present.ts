// A key pins its algorithm with `alg` (RFC 8725 §3.1: use each key with exactly one algorithm); for AKP keys
// `alg` is mandatory (RFC 9964).
import { SKIP, defineRule } from '../types.js';
import { hasMember } from '../support.js';

export const jwkAlgPresent = defineRule({
  id: 'jwk.alg.present',
  title: 'Key declares its algorithm',
  severity: 'info',
  spec: 'RFC 8725 §3.1 ; RFC 9964',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined) return SKIP;
    // A non-string alg is present; jwk.members.types reports its type.
    if (hasMember(key, 'alg')) return [];
    if (key.kty === 'AKP') {
      return [
        {
          message:
            'AKP key has no alg; RFC 9964 makes alg mandatory for AKP keys (it selects the ML-DSA parameter set)',
          severity: 'error',
          expected: 'alg ML-DSA-44, ML-DSA-65 or ML-DSA-87',
        },
      ];
    }
    return [
      {
        message: 'key has no alg; pinning alg on the key keeps it to exactly one algorithm (RFC 8725 §3.1)',
        expected: 'alg present',
      },
    ];
  },
});
