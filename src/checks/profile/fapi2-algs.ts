// FAPI 2.0: signing keys use PS256, ES256 or EdDSA/Ed25519 with the Ed25519 curve only (FAPI 2.0 SP §5.4.1
// item 1.2). The key half of the row; the discovery half (id_token_signing_alg_values_supported and
// token_endpoint_auth_signing_alg_values_supported list one of them) is judged by the discovery rules.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { onlyUnder, signingAlgViolation, signingKeys, type SigningAlgPolicy } from './support.js';

const FAPI2_SIGNING: SigningAlgPolicy = {
  name: 'FAPI 2.0',
  permitted: ['PS256', 'ES256', 'EdDSA', 'Ed25519'],
  curves: { EdDSA: ['Ed25519'], Ed25519: ['Ed25519'] },
};

export const profileFapi2Algs = defineRule({
  id: 'profile.fapi2.algs',
  title: 'Signing keys use a FAPI 2.0 algorithm',
  severity: 'error',
  spec: 'FAPI 2.0 SP §5.4.1 item 1.2',
  profiles: onlyUnder('fapi2'),
  scope: 'set',
  run: ({ keys, profile }) => {
    if (profile !== 'fapi2' || keys.length === 0) return SKIP;
    return signingKeys(keys).flatMap((key): FindingDraft[] => {
      const violation = signingAlgViolation(FAPI2_SIGNING, key);
      return violation === undefined ? [] : [violation];
    });
  },
});
