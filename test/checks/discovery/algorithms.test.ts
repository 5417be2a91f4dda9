import { describe, expect, it } from 'vitest';
import { discAlgNone } from '../../../src/checks/discovery/alg-none.js';
import { discAlgRegistered } from '../../../src/checks/discovery/alg-registered.js';
import { fapi1AlgsDiscovery, fapi2AlgsDiscovery } from '../../../src/checks/discovery/profile-algs.js';
import { discIdTokenAlgRs256 } from '../../../src/checks/discovery/id-token-alg-rs256.js';
import { evaluate, googleDoc, googleInput, keycloakDoc, keycloakInput, oauthInput, severities } from './helpers.js';

describe('disc.id-token-alg.rs256', () => {
  it('passes an OpenID Provider that lists RS256', () => {
    expect(severities(discIdTokenAlgRs256, googleInput())).toEqual([]);
  });

  it('flags an OpenID Provider that signs ID Tokens with ES256 only', () => {
    const doc = { ...googleDoc(), id_token_signing_alg_values_supported: ['ES256'] };
    expect(evaluate(discIdTokenAlgRs256, googleInput(doc))).toEqual([
      { ruleId: 'disc.id-token-alg.rs256', severity: 'error', pointer: '/id_token_signing_alg_values_supported' },
    ]);
  });

  it('is off under FAPI 2.0, which forbids RS256, and FAPI 1.0, which asks for PS256 or ES256 instead', () => {
    const doc = { ...googleDoc(), id_token_signing_alg_values_supported: ['PS256'] };
    expect(evaluate(discIdTokenAlgRs256, googleInput(doc, { profile: 'fapi2' }))).toBe('skip');
    expect(evaluate(discIdTokenAlgRs256, googleInput(doc, { profile: 'fapi1' }))).toBe('skip');
    expect(severities(discIdTokenAlgRs256, googleInput(doc, { profile: 'oidc' }))).toEqual(['error']);
  });

  it('skips RFC 8414 metadata', () => {
    expect(evaluate(discIdTokenAlgRs256, oauthInput())).toBe('skip');
  });
});

describe('disc.alg.none', () => {
  it('passes lists without none (userinfo may offer it)', () => {
    expect(severities(discAlgNone, keycloakInput())).toEqual([]);
  });

  it('flags none for client authentication as an error', () => {
    const doc = { ...keycloakDoc(), token_endpoint_auth_signing_alg_values_supported: ['RS256', 'none'] };
    expect(evaluate(discAlgNone, keycloakInput(doc))).toEqual([
      { ruleId: 'disc.alg.none', severity: 'error', pointer: '/token_endpoint_auth_signing_alg_values_supported/1' },
    ]);
  });

  it('flags "None" in the introspection list: case variants are the classic bypass', () => {
    const doc = { ...keycloakDoc(), introspection_endpoint_auth_signing_alg_values_supported: ['None'] };
    expect(severities(discAlgNone, keycloakInput(doc))).toEqual(['error']);
  });

  it('warns about none for ID Tokens under oidc, and makes it an error under FAPI', () => {
    const doc = { ...googleDoc(), id_token_signing_alg_values_supported: ['RS256', 'none'] };
    expect(severities(discAlgNone, googleInput(doc))).toEqual(['warning']);
    expect(severities(discAlgNone, googleInput(doc, { profile: 'fapi1' }))).toEqual(['error']);
    expect(severities(discAlgNone, googleInput(doc, { profile: 'fapi2' }))).toEqual(['error']);
  });
});

describe('disc.alg.registered', () => {
  it('passes lists of registered algorithms of the right kind', () => {
    expect(severities(discAlgRegistered, keycloakInput())).toEqual([]);
  });

  it.each([
    ['id_token_signing_alg_values_supported', ['RS256', 'RSA256'], '/id_token_signing_alg_values_supported/1'],
    ['id_token_signing_alg_values_supported', ['RSA-OAEP'], '/id_token_signing_alg_values_supported/0'],
    [
      'request_object_encryption_alg_values_supported',
      ['A256GCM'],
      '/request_object_encryption_alg_values_supported/0',
    ],
    ['userinfo_encryption_enc_values_supported', ['A256CBC'], '/userinfo_encryption_enc_values_supported/0'],
    ['dpop_signing_alg_values_supported', ['ES256', 'ESP256'], '/dpop_signing_alg_values_supported/1'],
  ])('notes %s listing %j', (name, values, pointer) => {
    expect(evaluate(discAlgRegistered, keycloakInput({ ...keycloakDoc(), [name]: values }))).toEqual([
      { ruleId: 'disc.alg.registered', severity: 'info', pointer },
    ]);
  });
});

describe('profile.fapi2.algs (discovery half)', () => {
  const fapiDoc = () => ({
    ...keycloakDoc(),
    id_token_signing_alg_values_supported: ['PS256', 'ES256'],
    token_endpoint_auth_signing_alg_values_supported: ['PS256', 'ES256', 'EdDSA'],
  });

  it('passes lists that offer a FAPI 2.0 algorithm', () => {
    expect(severities(fapi2AlgsDiscovery, keycloakInput(fapiDoc(), { profile: 'fapi2' }))).toEqual([]);
  });

  it('flags an ID Token list offering RS256 only under fapi2', () => {
    const doc = { ...fapiDoc(), id_token_signing_alg_values_supported: ['RS256'] };
    expect(evaluate(fapi2AlgsDiscovery, keycloakInput(doc, { profile: 'fapi2' }))).toEqual([
      { ruleId: 'profile.fapi2.algs', severity: 'error', pointer: '/id_token_signing_alg_values_supported' },
    ]);
  });

  it('flags a client-assertion list offering neither PS256, ES256 nor EdDSA', () => {
    const doc = { ...fapiDoc(), token_endpoint_auth_signing_alg_values_supported: ['RS256', 'HS256'] };
    expect(severities(fapi2AlgsDiscovery, keycloakInput(doc, { profile: 'fapi2' }))).toEqual(['error']);
  });

  it.each(['core', 'oidc', 'fapi1', 'shc'] as const)('is off under %s', (profile) => {
    const doc = { ...fapiDoc(), id_token_signing_alg_values_supported: ['RS256'] };
    expect(evaluate(fapi2AlgsDiscovery, keycloakInput(doc, { profile }))).toBe('skip');
  });
});

describe('profile.fapi1.algs, the discovery part', () => {
  const fapi1Doc = (algs: string[]) => ({ ...keycloakDoc(), id_token_signing_alg_values_supported: algs });

  it('passes an ID Token list that offers PS256 or ES256, with or without RS256', () => {
    expect(severities(fapi1AlgsDiscovery, keycloakInput(fapi1Doc(['ES256']), { profile: 'fapi1' }))).toEqual([]);
    expect(severities(fapi1AlgsDiscovery, keycloakInput(fapi1Doc(['RS256', 'PS256']), { profile: 'fapi1' }))).toEqual(
      [],
    );
  });

  it('flags an ID Token list offering neither PS256 nor ES256 under fapi1', () => {
    expect(evaluate(fapi1AlgsDiscovery, keycloakInput(fapi1Doc(['RS256', 'EdDSA']), { profile: 'fapi1' }))).toEqual([
      { ruleId: 'profile.fapi1.algs', severity: 'error', pointer: '/id_token_signing_alg_values_supported' },
    ]);
  });

  it.each(['core', 'oidc', 'fapi2', 'shc'] as const)('is off under %s', (profile) => {
    expect(evaluate(fapi1AlgsDiscovery, keycloakInput(fapi1Doc(['RS256']), { profile }))).toBe('skip');
  });
});
