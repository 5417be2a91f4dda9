import { describe, expect, it } from 'vitest';
import { discDocObject } from '../../../src/checks/discovery/doc-object.js';
import { discIssuerMatch, nearMiss } from '../../../src/checks/discovery/issuer-match.js';
import { discIssuerPresent } from '../../../src/checks/discovery/issuer-present.js';
import { discIssuerSyntax, issuerProblems } from '../../../src/checks/discovery/issuer-syntax.js';
import { discUrlWellKnown } from '../../../src/checks/discovery/url-well-known.js';
import type { DocumentInput } from '../../../src/checks/types.js';
import type { ParsedDocument } from '../../../src/json/types.js';
import { env } from '../../helpers/inputs.js';
import {
  GOOGLE_URL,
  KEYCLOAK_URL,
  OAUTH_URL,
  evaluate,
  googleDoc,
  googleInput,
  keycloakDoc,
  keycloakInput,
  oauthDoc,
  oauthInput,
  severities,
} from './helpers.js';

function documentInput(document: 'jwks' | 'discovery', value: unknown, ok = true): DocumentInput {
  const parsed: ParsedDocument = {
    bytes: 2,
    ok,
    value: ok ? value : undefined,
    bom: false,
    invalidUtf8At: undefined,
    syntaxError: ok ? undefined : { message: 'Unexpected end', offset: 1 },
    tooDeep: undefined,
    duplicateMembers: [],
    shadowedValues: [],
    maxDepth: 1,
  };
  return { ...env(), document, parsed, privateValues: [] };
}

describe('disc.doc.object', () => {
  it('passes a discovery document that is a JSON object', () => {
    expect(severities(discDocObject, documentInput('discovery', googleDoc()))).toEqual([]);
  });

  it.each([[[]], [null], ['https://a.example'], [42]])('flags a discovery document that is %j', (value) => {
    expect(evaluate(discDocObject, documentInput('discovery', value))).toEqual([
      { ruleId: 'disc.doc.object', severity: 'error', pointer: '' },
    ]);
  });

  it('skips a JWK Set and a document that is not JSON at all', () => {
    expect(evaluate(discDocObject, documentInput('jwks', []))).toBe('skip');
    expect(evaluate(discDocObject, documentInput('discovery', undefined, false))).toBe('skip');
  });
});

describe('disc.issuer.present', () => {
  it('passes a document that names its issuer', () => {
    expect(severities(discIssuerPresent, googleInput())).toEqual([]);
  });

  it.each([
    ['missing', undefined, ''],
    ['null', null, '/issuer'],
    ['a number', 42, '/issuer'],
    ['empty', '', '/issuer'],
  ])('flags an issuer that is %s', (_what, issuer, pointer) => {
    const doc = googleDoc();
    if (issuer === undefined) delete doc['issuer'];
    else doc['issuer'] = issuer;
    expect(evaluate(discIssuerPresent, googleInput(doc))).toEqual([
      { ruleId: 'disc.issuer.present', severity: 'error', pointer },
    ]);
  });
});

describe('disc.issuer.syntax', () => {
  it.each([
    'https://accounts.google.com',
    'https://sso.example.com/realms/demo',
    'https://tenant.auth0.com/',
    'https://[2001:db8::1]:8443/x',
  ])('passes the issuer %s', (issuer) => {
    expect(severities(discIssuerSyntax, googleInput({ ...googleDoc(), issuer }))).toEqual([]);
  });

  it.each([
    ['http://accounts.google.com', 'https'],
    ['https://a.example/?tenant=1', 'query'],
    ['https://a.example?', 'query'],
    ['https://a.example/#x', 'fragment'],
    ['https://user@a.example', 'userinfo'],
    ['https://a.example:70000', 'port'],
    ['https:/a.example', 'host'],
    ['accounts.google.com', 'absolute'],
  ])('flags the issuer %s (%s)', (issuer, problem) => {
    expect(evaluate(discIssuerSyntax, googleInput({ ...googleDoc(), issuer }))).toEqual([
      { ruleId: 'disc.issuer.syntax', severity: 'error', pointer: '/issuer' },
    ]);
    expect(issuerProblems(issuer).join(' ')).toContain(problem);
  });

  it('reports each problem of an issuer on its own', () => {
    expect(severities(discIssuerSyntax, googleInput({ ...googleDoc(), issuer: 'http://u@a.example/?q#f' }))).toEqual([
      'error',
      'error',
      'error',
      'error',
    ]);
  });

  it('leaves a missing issuer to disc.issuer.present', () => {
    const doc = googleDoc();
    delete doc['issuer'];
    expect(evaluate(discIssuerSyntax, googleInput(doc))).toBe('skip');
  });
});

describe('disc.issuer.match', () => {
  it('passes an issuer identical to the one the discovery URL was built from', () => {
    expect(severities(discIssuerMatch, googleInput())).toEqual([]);
    expect(severities(discIssuerMatch, keycloakInput())).toEqual([]);
    expect(severities(discIssuerMatch, oauthInput())).toEqual([]);
  });

  it('passes an issuer with a terminating slash, which builds the same discovery URL (Auth0)', () => {
    const input = googleInput(
      { ...googleDoc(), issuer: 'https://tenant.auth0.com/' },
      {
        discoveryUrl: 'https://tenant.auth0.com/.well-known/openid-configuration',
        expectedIssuer: 'https://tenant.auth0.com',
      },
    );
    expect(severities(discIssuerMatch, input)).toEqual([]);
  });

  it('flags a document that names another issuer (impersonation)', () => {
    const input = googleInput({ ...googleDoc(), issuer: 'https://evil.example' });
    expect(evaluate(discIssuerMatch, input)).toEqual([
      { ruleId: 'disc.issuer.match', severity: 'error', pointer: '/issuer' },
    ]);
  });

  it.each([
    ['https://Accounts.Google.com', ['case']],
    ['https://accounts.google.com:443', ['the default port']],
    ['https://ACCOUNTS.google.com:443/', ['a trailing slash', 'case', 'the default port']],
  ])('flags %s and names the near miss', (issuer, differences) => {
    expect(severities(discIssuerMatch, googleInput({ ...googleDoc(), issuer }))).toEqual(['error']);
    expect(nearMiss(issuer, 'https://accounts.google.com')).toEqual(differences);
  });

  it('flags a trailing-slash difference when the user named the issuer with its slash', () => {
    const input = googleInput(
      { ...googleDoc(), issuer: 'https://tenant.auth0.com' },
      { expectedIssuer: 'https://tenant.auth0.com/' },
    );
    expect(severities(discIssuerMatch, input)).toEqual(['error']);
    expect(nearMiss('https://tenant.auth0.com', 'https://tenant.auth0.com/')).toEqual(['a trailing slash']);
  });

  it('skips a document read from a file, where no issuer is expected', () => {
    expect(evaluate(discIssuerMatch, googleInput(googleDoc(), { expectedIssuer: undefined }))).toBe('skip');
  });
});

describe('disc.url.well-known', () => {
  it('passes the well-known URLs of both flavours', () => {
    expect(severities(discUrlWellKnown, googleInput())).toEqual([]);
    expect(severities(discUrlWellKnown, keycloakInput())).toEqual([]);
    expect(severities(discUrlWellKnown, oauthInput())).toEqual([]);
  });

  it('flags RFC 8414 metadata served with the well-known string appended to the issuer path', () => {
    const input = oauthInput(oauthDoc(), {
      discoveryUrl: 'https://as.example.com/tenant-a/.well-known/oauth-authorization-server',
    });
    expect(evaluate(discUrlWellKnown, input)).toEqual([
      { ruleId: 'disc.url.well-known', severity: 'error', pointer: '' },
    ]);
  });

  it('flags OpenID metadata served from a URL that is not a well-known URL', () => {
    const input = keycloakInput(keycloakDoc(), {
      discoveryUrl: 'https://sso.example.com/realms/demo/openid-configuration.json',
    });
    expect(severities(discUrlWellKnown, input)).toEqual(['error']);
  });

  it('flags a discovery URL carrying a query', () => {
    expect(severities(discUrlWellKnown, googleInput(googleDoc(), { discoveryUrl: `${GOOGLE_URL}?p=policy` }))).toEqual([
      'error',
    ]);
  });

  it('leaves a well-known URL built from another issuer to disc.issuer.match', () => {
    const input = keycloakInput(
      { ...keycloakDoc(), issuer: 'https://sso.example.com/realms/other' },
      { discoveryUrl: KEYCLOAK_URL },
    );
    expect(severities(discUrlWellKnown, input)).toEqual([]);
  });

  it('skips a file and a document whose issuer is unusable', () => {
    expect(evaluate(discUrlWellKnown, oauthInput(oauthDoc(), { discoveryUrl: undefined }))).toBe('skip');
    expect(evaluate(discUrlWellKnown, oauthInput({ ...oauthDoc(), issuer: 42 }, { discoveryUrl: OAUTH_URL }))).toBe(
      'skip',
    );
  });
});
