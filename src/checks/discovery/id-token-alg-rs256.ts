// An OpenID Provider lists RS256 in `id_token_signing_alg_values_supported` (OIDC Discovery §3: "RS256 MUST be
// included"). Off under FAPI 2.0, which forbids RS256 (FAPI 2.0 SP §5.4.1), and under FAPI 1.0, whose JWS "shall
// use PS256 or ES256" (Part 2 §8.6): there `profile.fapi1.algs` asks for those instead, as the OpenID conformance
// suite's FAPI 1.0 tests do in place of this requirement.
import { SKIP, defineRule } from '../types.js';
import { pointerTo, stringValues } from './support.js';

const LIST = 'id_token_signing_alg_values_supported';

export const discIdTokenAlgRs256 = defineRule({
  id: 'disc.id-token-alg.rs256',
  title: 'ID Token signing algorithms include RS256',
  severity: 'error',
  spec: 'OIDC Discovery §3',
  profiles: { fapi1: 'off', fapi2: 'off' },
  scope: 'discovery',
  run: ({ doc, flavour }) => {
    const algs = stringValues(doc, LIST);
    // Absence and wrong types are `disc.required`'s and `disc.types`' findings.
    if (flavour !== 'openid' || algs === undefined) return SKIP;
    if (algs.includes('RS256')) return [];
    return [
      {
        message: `"${LIST}" does not include "RS256"; every OpenID Provider must support RS256 for ID Tokens`,
        pointer: pointerTo(LIST),
        expected: 'RS256 listed',
      },
    ];
  },
});
