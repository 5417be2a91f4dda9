// Every asymmetric algorithm advertised for signing ID Tokens, UserInfo, introspection and JARM responses has a
// published key that can verify it (OIDC Core §10.1: the signing key MUST be published in the JWK Set ; OIDC
// Discovery §3). RS256 is an error under OpenID profiles, where its support is a MUST; others are warnings.
import { listOf } from '../discovery/support.js';
import { defineRule, type FindingDraft, type Profile } from '../types.js';
import { advertisedAlgorithms } from './advertised.js';
import { asymmetricAlgorithm, keyServes } from './support.js';
import { quote } from '../support.js';

const SIGNING_LISTS = [
  'id_token_signing_alg_values_supported',
  'userinfo_signing_alg_values_supported',
  'introspection_signing_alg_values_supported',
  'authorization_signing_alg_values_supported',
] as const;
const MANDATORY_ALG = 'RS256';
const OPENID_PROFILES: readonly Profile[] = ['oidc', 'fapi1', 'fapi2'];

export const xdocSigAlgCoverage = defineRule({
  id: 'xdoc.sig-alg-coverage',
  title: 'Every advertised signing algorithm has a verification key',
  severity: 'warning',
  spec: 'OIDC Discovery §3 ; OIDC Core §10.1',
  scope: 'xdoc',
  run: ({ discovery, keys, profile }) => {
    const findings: FindingDraft[] = [];
    for (const { alg, pointer, lists } of advertisedAlgorithms(discovery, SIGNING_LISTS)) {
      // Symmetric algorithms use the client secret, `none` uses nothing, and unknown names are disc.alg.registered's.
      const info = asymmetricAlgorithm(alg, 'sig');
      if (info === undefined || keys.some((key) => keyServes(key, alg, 'sig'))) continue;
      const kind = info.crv === undefined ? info.kty.join('/') : `${info.kty.join('/')} ${info.crv.join('/')}`;
      findings.push({
        message: `${listOf(lists)} ${lists.length === 1 ? 'advertises' : 'advertise'} ${quote(alg)}, but the JWK Set has no ${kind} key that can verify it (use "sig" or absent, alg ${quote(alg)} or absent, key_ops "verify" or absent); tokens signed with it cannot be verified`,
        pointer,
        severity: alg === MANDATORY_ALG && OPENID_PROFILES.includes(profile) ? 'error' : 'warning',
        expected: `a ${kind} verification key for ${alg}`,
      });
    }
    return findings;
  },
});
