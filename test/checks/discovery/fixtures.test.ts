// The realistic documents against the whole discovery group: what each one is known to get wrong, and nothing else.
import { describe, expect, it } from 'vitest';
import { discoveryRules } from '../../../src/checks/discovery/index.js';
import type { DiscoveryInput, Rule } from '../../../src/checks/types.js';
import { evaluate, googleInput, keycloakInput, oauthInput } from './helpers.js';

const rules = discoveryRules.filter((rule): rule is Rule<'discovery'> => rule.scope === 'discovery');

function firing(input: DiscoveryInput): string[] {
  return rules.flatMap((rule) => {
    const outcome = evaluate(rule, input);
    return outcome === 'skip' ? [] : outcome.map((o) => `${o.ruleId} ${o.severity} ${o.pointer}`);
  });
}

describe('realistic discovery documents', () => {
  it('finds only the PKCE "plain" method in Google\'s OpenID configuration', () => {
    expect(firing(googleInput())).toEqual(['disc.pkce warning /code_challenge_methods_supported/0']);
  });

  it('finds nothing in a hardened Keycloak realm configuration', () => {
    expect(firing(keycloakInput())).toEqual([]);
  });

  it('finds nothing in an RFC 8414 document for an issuer with a path', () => {
    expect(firing(oauthInput())).toEqual([]);
  });

  it('skips the OpenID-only rules for an RFC 8414 document', () => {
    const skipped = rules.filter((rule) => evaluate(rule, oauthInput()) === 'skip').map((r) => r.id);
    expect(skipped).toEqual(
      expect.arrayContaining(['disc.id-token-alg.rs256', 'disc.subject-types', 'disc.response-types']),
    );
  });

  it('exports every discovery rule with scope discovery', () => {
    expect(rules).toHaveLength(discoveryRules.length);
  });

  it('never throws on metadata of the wrong JSON types', () => {
    const hostile: Record<string, unknown> = {};
    const values: unknown[] = [null, 42, true, 'x', [], [1, null, {}], { a: 1 }];
    const names = [
      'issuer',
      'jwks_uri',
      'token_endpoint',
      'scopes_supported',
      'mtls_endpoint_aliases',
      'ui_locales_supported',
      'code_challenge_methods_supported',
      'response_types_supported',
      'id_token_signing_alg_values_supported',
      'grant_types_supported',
    ];
    for (const value of values) {
      for (const name of names) hostile[name] = value;
      for (const rule of rules) {
        expect(() => evaluate(rule, googleInput({ ...hostile }))).not.toThrow();
      }
    }
  });
});
