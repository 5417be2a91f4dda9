// REQUIRED metadata is present: the OpenID Provider list of OIDC Discovery §3, or the authorization server list
// of RFC 8414 §2, with their conditions (token endpoint unless implicit-only; RFC 8414 authorization endpoint
// unless no grant uses it).
import { defineRule, type DiscoveryFlavour, type FindingDraft } from '../types.js';
import { has, isImplicitOnly, stringValues, type Metadata } from './support.js';

/** Grant types that send the user agent to the authorization endpoint (RFC 6749 §4.1, §4.2). */
const AUTHORIZATION_ENDPOINT_GRANTS = ['authorization_code', 'implicit'];

interface Requirement {
  readonly name: string;
  /** When the requirement applies; always when absent. */
  readonly applies?: (doc: Metadata) => boolean;
  readonly unless?: string;
}

const notImplicitOnly = (doc: Metadata): boolean => !isImplicitOnly(doc);

/** RFC 8414 §2: omitted `grant_types_supported` means ["authorization_code", "implicit"]. */
const usesAuthorizationEndpoint = (doc: Metadata): boolean => {
  const grants = stringValues(doc, 'grant_types_supported');
  return grants === undefined || grants.some((g) => AUTHORIZATION_ENDPOINT_GRANTS.includes(g));
};

export const REQUIRED_METADATA: Readonly<Record<DiscoveryFlavour, readonly Requirement[]>> = {
  openid: [
    { name: 'issuer' },
    { name: 'authorization_endpoint' },
    { name: 'token_endpoint', applies: notImplicitOnly, unless: 'only the implicit flow is offered' },
    { name: 'jwks_uri' },
    { name: 'response_types_supported' },
    { name: 'subject_types_supported' },
    { name: 'id_token_signing_alg_values_supported' },
  ],
  oauth: [
    { name: 'issuer' },
    {
      name: 'authorization_endpoint',
      applies: usesAuthorizationEndpoint,
      unless: 'no supported grant type uses it',
    },
    { name: 'token_endpoint', applies: notImplicitOnly, unless: 'only the implicit grant is offered' },
    { name: 'response_types_supported' },
  ],
};

const FLAVOUR_NAME: Readonly<Record<DiscoveryFlavour, string>> = {
  openid: 'OpenID Provider metadata (OIDC Discovery §3)',
  oauth: 'authorization server metadata (RFC 8414 §2)',
};

export const discRequired = defineRule({
  id: 'disc.required',
  title: 'Required metadata is present',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 8414 §2',
  scope: 'discovery',
  run: ({ doc, flavour }) => {
    const findings: FindingDraft[] = [];
    for (const { name, applies, unless } of REQUIRED_METADATA[flavour]) {
      // A present value of the wrong type (null included) is `disc.types`' finding.
      if (has(doc, name)) continue;
      if (applies !== undefined && !applies(doc)) continue;
      const condition = unless === undefined ? '' : ` unless ${unless}`;
      findings.push({
        message: `"${name}" is missing; ${FLAVOUR_NAME[flavour]} REQUIRES it${condition}`,
        pointer: '',
        expected: `"${name}" present`,
      });
    }
    return findings;
  },
});
