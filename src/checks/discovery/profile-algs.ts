// The discovery halves of `profile.fapi1.algs` and `profile.fapi2.algs` (the key halves are key rules): under each
// FAPI profile the advertised signing algorithm lists offer at least one algorithm the profile permits.
import type { Profile } from '../types.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { clipField, listOf, pointerTo, stringValues } from './support.js';

interface AdvertisedAlgPolicy {
  readonly id: string;
  readonly title: string;
  readonly spec: string;
  readonly profile: Extract<Profile, 'fapi1' | 'fapi2'>;
  readonly name: string;
  readonly lists: readonly string[];
  readonly permitted: readonly string[];
}

function advertisedAlgsRule(policy: AdvertisedAlgPolicy) {
  const { id, title, spec, profile, name, lists, permitted } = policy;
  return defineRule({
    id,
    title,
    severity: 'error',
    spec,
    profiles: { core: 'off', oidc: 'off', fapi1: 'off', fapi2: 'off', shc: 'off', [profile]: 'error' },
    scope: 'discovery',
    run: ({ doc }) => {
      const present = lists.filter((list) => stringValues(doc, list) !== undefined);
      if (present.length === 0) return SKIP;
      const findings: FindingDraft[] = [];
      for (const list of present) {
        const algs = stringValues(doc, list) ?? [];
        if (algs.some((alg) => permitted.includes(alg))) continue;
        findings.push({
          message: `"${list}" offers none of ${listOf(permitted)}; ${name} permits only these for signatures`,
          pointer: pointerTo(list),
          expected: `one of ${permitted.join(', ')}`,
          actual: clipField(algs.join(' ')),
        });
      }
      return findings;
    },
  });
}

/**
 * FAPI 1.0 Part 2 §8.6: JWS "shall use PS256 or ES256". Only the ID Token list, as the OpenID conformance suite's
 * FAPI 1.0 test checks (CheckDiscEndpointIdTokenSigningAlgValuesSupportedContainsPS256OrES256, in place of the
 * RS256 requirement that `disc.id-token-alg.rs256` applies to other OpenID Providers).
 */
export const fapi1AlgsDiscovery = advertisedAlgsRule({
  id: 'profile.fapi1.algs',
  title: 'FAPI 1.0: advertised ID Token signing algorithms include PS256 or ES256',
  spec: 'FAPI 1.0 Part 2 §8.6',
  profile: 'fapi1',
  name: 'FAPI 1.0',
  lists: ['id_token_signing_alg_values_supported'],
  permitted: ['PS256', 'ES256'],
});

/** FAPI 2.0 SP §5.4.1 item 1.2; `Ed25519` is the fully-specified name of EdDSA with Ed25519 (RFC 9864). */
export const fapi2AlgsDiscovery = advertisedAlgsRule({
  id: 'profile.fapi2.algs',
  title: 'FAPI 2.0: advertised signing algorithms include PS256, ES256 or EdDSA',
  spec: 'FAPI 2.0 SP §5.4.1 item 1.2',
  profile: 'fapi2',
  name: 'FAPI 2.0',
  lists: ['id_token_signing_alg_values_supported', 'token_endpoint_auth_signing_alg_values_supported'],
  permitted: ['PS256', 'ES256', 'EdDSA', 'Ed25519'],
});
