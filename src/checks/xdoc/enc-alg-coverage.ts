// Every asymmetric algorithm advertised for encrypting request objects to the server has a published key to
// encrypt to (OIDC Discovery §3: the JWK Set MAY hold the server's encryption keys ; OIDC Core §10.2).
import { listOf } from '../discovery/support.js';
import { defineRule, type FindingDraft } from '../types.js';
import { advertisedAlgorithms } from './advertised.js';
import { asymmetricAlgorithm, keyServes } from './support.js';
import { quote } from '../support.js';

/** Lists of algorithms clients use to encrypt *to the server* (the other encryption lists use the client's keys). */
const REQUEST_ENCRYPTION_LISTS = ['request_object_encryption_alg_values_supported'] as const;

export const xdocEncAlgCoverage = defineRule({
  id: 'xdoc.enc-alg-coverage',
  title: 'Every advertised request encryption algorithm has an encryption key',
  severity: 'warning',
  spec: 'OIDC Discovery §3 ; OIDC Core §10.2',
  scope: 'xdoc',
  run: ({ discovery, keys }) => {
    const findings: FindingDraft[] = [];
    for (const { alg, pointer, lists } of advertisedAlgorithms(discovery, REQUEST_ENCRYPTION_LISTS)) {
      const info = asymmetricAlgorithm(alg, 'enc');
      if (info === undefined || keys.some((key) => keyServes(key, alg, 'enc'))) continue;
      const kind = info.crv === undefined ? info.kty.join('/') : `${info.kty.join('/')} (${info.crv.join(', ')})`;
      findings.push({
        message: `${listOf(lists)} ${lists.length === 1 ? 'advertises' : 'advertise'} ${quote(alg)}, but the JWK Set has no ${kind} key with use "enc" (or no use) for it; clients cannot encrypt request objects that way`,
        pointer,
        expected: `a ${kind} encryption key for ${alg}`,
      });
    }
    return findings;
  },
});
