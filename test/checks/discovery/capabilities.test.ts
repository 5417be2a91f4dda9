import { describe, expect, it } from 'vitest';
import { canonicalCasing, discLocales, isWellFormedLanguageTag } from '../../../src/checks/discovery/locales.js';
import { discPkce } from '../../../src/checks/discovery/pkce.js';
import { discResponseTypes } from '../../../src/checks/discovery/response-types.js';
import { discScopes } from '../../../src/checks/discovery/scopes.js';
import { discSubjectTypes } from '../../../src/checks/discovery/subject-types.js';
import {
  evaluate,
  googleDoc,
  googleInput,
  keycloakDoc,
  keycloakInput,
  oauthDoc,
  oauthInput,
  severities,
} from './helpers.js';

describe('disc.subject-types', () => {
  it('passes public and pairwise subject types', () => {
    expect(severities(discSubjectTypes, googleInput())).toEqual([]);
    expect(severities(discSubjectTypes, keycloakInput())).toEqual([]);
  });

  it('flags a list with neither public nor pairwise', () => {
    expect(
      evaluate(discSubjectTypes, googleInput({ ...googleDoc(), subject_types_supported: ['Public', 'anonymous'] })),
    ).toEqual([{ ruleId: 'disc.subject-types', severity: 'error', pointer: '/subject_types_supported' }]);
  });
});

describe('disc.response-types', () => {
  it('passes OpenID response types in any token order ("token id_token")', () => {
    expect(
      severities(discResponseTypes, googleInput({ ...googleDoc(), response_types_supported: ['token id_token'] })),
    ).toEqual([]);
  });

  it('flags an OpenID Provider offering only the OAuth "token" response type', () => {
    expect(evaluate(discResponseTypes, googleInput({ ...googleDoc(), response_types_supported: ['token'] }))).toEqual([
      { ruleId: 'disc.response-types', severity: 'error', pointer: '/response_types_supported' },
    ]);
  });

  it('passes a dynamic OpenID Provider offering code, id_token and "id_token token"', () => {
    expect(severities(discResponseTypes, keycloakInput())).toEqual([]);
  });

  it('warns when a provider with dynamic registration lacks the Dynamic OP response types', () => {
    const doc = { ...keycloakDoc(), response_types_supported: ['code'] };
    expect(severities(discResponseTypes, keycloakInput(doc))).toEqual(['warning']);
  });

  it('skips RFC 8414 metadata', () => {
    expect(evaluate(discResponseTypes, oauthInput())).toBe('skip');
  });
});

describe('disc.scopes', () => {
  it('passes well-formed scopes that include openid', () => {
    expect(severities(discScopes, keycloakInput())).toEqual([]);
    expect(severities(discScopes, oauthInput())).toEqual([]);
  });

  it('flags a scope that is not a scope-token as an error', () => {
    const doc = { ...googleDoc(), scopes_supported: ['openid', 'read write', 'a"b'] };
    expect(evaluate(discScopes, googleInput(doc))).toEqual([
      { ruleId: 'disc.scopes', severity: 'error', pointer: '/scopes_supported/1' },
      { ruleId: 'disc.scopes', severity: 'error', pointer: '/scopes_supported/2' },
    ]);
  });

  it('warns when an OpenID Provider does not list openid, but not an authorization server', () => {
    expect(severities(discScopes, googleInput({ ...googleDoc(), scopes_supported: ['email'] }))).toEqual(['warning']);
    expect(severities(discScopes, oauthInput({ ...oauthDoc(), scopes_supported: ['email'] }))).toEqual([]);
  });

  it('notes a document without scopes_supported', () => {
    const doc = googleDoc();
    delete doc['scopes_supported'];
    expect(evaluate(discScopes, googleInput(doc))).toEqual([{ ruleId: 'disc.scopes', severity: 'info', pointer: '' }]);
  });
});

describe('disc.locales', () => {
  it('passes well-formed tags in canonical casing', () => {
    expect(severities(discLocales, oauthInput())).toEqual([]);
    const doc = {
      ...oauthDoc(),
      ui_locales_supported: [
        'de',
        'zh-Hant-TW',
        'sr-Latn',
        'es-419',
        'en-GB-oed',
        'x-private',
        'de-CH-1901',
        'en-a-bbb-x-a-ccc',
      ],
    };
    expect(severities(discLocales, oauthInput(doc))).toEqual([]);
  });

  it('warns about malformed tags', () => {
    const doc = { ...oauthDoc(), ui_locales_supported: ['en_US', 'english'], claims_locales_supported: ['fr-'] };
    expect(evaluate(discLocales, oauthInput(doc))).toEqual([
      { ruleId: 'disc.locales', severity: 'warning', pointer: '/ui_locales_supported/0' },
      { ruleId: 'disc.locales', severity: 'warning', pointer: '/claims_locales_supported/0' },
    ]);
  });

  it('warns about tags that are not canonically cased', () => {
    const doc = { ...oauthDoc(), ui_locales_supported: ['en-us', 'ZH-hant'] };
    expect(severities(discLocales, oauthInput(doc))).toEqual(['warning', 'warning']);
  });

  it.each([
    ['en-us', 'en-US'],
    ['ZH-HANT-tw', 'zh-Hant-TW'],
    ['EN-A-BB-X-CC', 'en-a-bb-x-cc'],
    ['sgn-be-fr', 'sgn-BE-FR'],
  ])('canonicalises the casing of %s to %s', (tag, canonical) => {
    expect(isWellFormedLanguageTag(tag)).toBe(true);
    expect(canonicalCasing(tag)).toBe(canonical);
  });
});

describe('disc.pkce', () => {
  it('passes S256 only', () => {
    expect(severities(discPkce, keycloakInput())).toEqual([]);
  });

  it('warns about the plain method (Google still lists it)', () => {
    expect(evaluate(discPkce, googleInput())).toEqual([
      { ruleId: 'disc.pkce', severity: 'warning', pointer: '/code_challenge_methods_supported/0' },
    ]);
  });

  it('warns when PKCE is not advertised, or not with S256, or not as an array', () => {
    const absent = keycloakDoc();
    delete absent['code_challenge_methods_supported'];
    expect(severities(discPkce, keycloakInput(absent))).toEqual(['warning']);
    expect(
      severities(discPkce, keycloakInput({ ...keycloakDoc(), code_challenge_methods_supported: ['plain'] })),
    ).toEqual(['warning', 'warning']);
    expect(severities(discPkce, keycloakInput({ ...keycloakDoc(), code_challenge_methods_supported: 'S256' }))).toEqual(
      ['warning'],
    );
  });

  it('skips a server without an authorization endpoint', () => {
    const doc = oauthDoc();
    delete doc['authorization_endpoint'];
    delete doc['code_challenge_methods_supported'];
    expect(evaluate(discPkce, oauthInput(doc))).toBe('skip');
  });
});
