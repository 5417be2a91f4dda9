// `none` is never offered for client authentication JWTs (OIDC Discovery §3 ; RFC 8414 §2: MUST NOT), and for
// ID Tokens only with care: allowed for flows without a front-channel ID Token (OIDC Discovery §3), forbidden
// by FAPI (FAPI 2.0 SP §5.4.1 item 1.3 ; FAPI 1.0 Part 2 §8.6).
import { ALG_NONE } from '../../jwks/algorithms.js';
import { defineRule, type FindingDraft, type Profile, type Severity } from '../types.js';
import { stringEntries } from './support.js';
import { quote } from '../support.js';

/** Lists in which `none` MUST NOT appear (OIDC Discovery §3 ; RFC 8414 §2). */
const FORBIDDEN_IN = [
  'token_endpoint_auth_signing_alg_values_supported',
  'revocation_endpoint_auth_signing_alg_values_supported',
  'introspection_endpoint_auth_signing_alg_values_supported',
] as const;
const ID_TOKEN_LIST = 'id_token_signing_alg_values_supported';
const FAPI_PROFILES: readonly Profile[] = ['fapi1', 'fapi2'];

export const discAlgNone = defineRule({
  id: 'disc.alg.none',
  title: 'Algorithm lists do not offer none',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 8414 §2 ; FAPI 2.0 SP §5.4.1 item 1.3 ; FAPI 1.0 Part 2 §8.6',
  scope: 'discovery',
  run: ({ doc, profile }) => {
    const findings: FindingDraft[] = [];
    // Case variants ("None") are flagged too: case-insensitive comparisons are the classic bypass.
    const noneIn = (list: string) => (stringEntries(doc, list) ?? []).filter((e) => e.value.toLowerCase() === ALG_NONE);
    for (const list of FORBIDDEN_IN) {
      for (const entry of noneIn(list)) {
        findings.push({
          message: `"${list}" offers ${quote(entry.value)}; an unsigned client assertion authenticates nobody, so "none" must not be listed`,
          pointer: entry.pointer,
          severity: 'error',
        });
      }
    }
    const idTokenSeverity: Severity = FAPI_PROFILES.includes(profile) ? 'error' : 'warning';
    for (const entry of noneIn(ID_TOKEN_LIST)) {
      findings.push({
        message:
          idTokenSeverity === 'error'
            ? `"${ID_TOKEN_LIST}" offers ${quote(entry.value)}; FAPI forbids unsigned ID Tokens`
            : `"${ID_TOKEN_LIST}" offers ${quote(entry.value)}; unsigned ID Tokens are only acceptable when no ID Token is returned from the authorization endpoint`,
        pointer: entry.pointer,
        severity: idTokenSeverity,
      });
    }
    return findings;
  },
});
