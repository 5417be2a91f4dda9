// Under FAPI 2.0 the ID Token and client-assertion algorithm lists offer at least one of PS256, ES256 or EdDSA
// with Ed25519 (FAPI 2.0 SP §5.4.1 item 1.2). The discovery half of `profile.fapi2.algs`; the key half is a key rule.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { clipField, listOf, pointerTo, stringValues } from './support.js';

const LISTS = ['id_token_signing_alg_values_supported', 'token_endpoint_auth_signing_alg_values_supported'] as const;
/** FAPI 2.0 SP §5.4.1 item 1.2; `Ed25519` is the fully-specified name of EdDSA with Ed25519 (RFC 9864). */
const FAPI2_ALGS = ['PS256', 'ES256', 'EdDSA', 'Ed25519'];

export const fapi2AlgsDiscovery = defineRule({
  id: 'profile.fapi2.algs',
  title: 'FAPI 2.0: advertised signing algorithms include PS256, ES256 or EdDSA',
  severity: 'error',
  spec: 'FAPI 2.0 SP §5.4.1 item 1.2',
  profiles: { core: 'off', oidc: 'off', fapi1: 'off', shc: 'off', fapi2: 'error' },
  scope: 'discovery',
  run: ({ doc }) => {
    const present = LISTS.filter((list) => stringValues(doc, list) !== undefined);
    if (present.length === 0) return SKIP;
    const findings: FindingDraft[] = [];
    for (const list of present) {
      const algs = stringValues(doc, list) ?? [];
      if (algs.some((alg) => FAPI2_ALGS.includes(alg))) continue;
      findings.push({
        message: `"${list}" offers none of ${listOf(FAPI2_ALGS)}; FAPI 2.0 permits only these for signatures`,
        pointer: pointerTo(list),
        expected: `one of ${FAPI2_ALGS.join(', ')}`,
        actual: clipField(algs.join(' ')),
      });
    }
    return findings;
  },
});
