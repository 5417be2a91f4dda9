import { describe, expect, it } from 'vitest';
import {
  classifyTargetUrl,
  hasWellKnownPath,
  isJwksPath,
  oauthMetadataUrl,
  openidConfigurationUrl,
  wellKnownUrl,
} from '../../src/discovery/index.js';

describe('openidConfigurationUrl (OIDC Discovery §4)', () => {
  it.each([
    ['https://accounts.google.com', 'https://accounts.google.com/.well-known/openid-configuration'],
    ['https://accounts.google.com/', 'https://accounts.google.com/.well-known/openid-configuration'],
    ['https://sso.example.com/realms/demo', 'https://sso.example.com/realms/demo/.well-known/openid-configuration'],
    ['https://tenant.auth0.com/', 'https://tenant.auth0.com/.well-known/openid-configuration'],
    [
      'https://login.example.com/tenant/v2.0/',
      'https://login.example.com/tenant/v2.0/.well-known/openid-configuration',
    ],
    ['https://idp.example.com:8443/x', 'https://idp.example.com:8443/x/.well-known/openid-configuration'],
  ])('appends the well-known string to %s with its terminating slash removed', (issuer, expected) => {
    expect(openidConfigurationUrl(issuer)).toBe(expected);
    expect(wellKnownUrl(issuer, 'openid')).toBe(expected);
  });

  it.each([
    'not a url',
    '/relative/path',
    'https://a.example/?x=1',
    'https://a.example/#f',
    'https://a.example?',
    'ftp://a.example',
  ])('builds nothing from %s, which cannot be an issuer', (issuer) => {
    expect(openidConfigurationUrl(issuer)).toBeUndefined();
  });
});

describe('oauthMetadataUrl (RFC 8414 §3)', () => {
  it.each([
    ['https://as.example.com', 'https://as.example.com/.well-known/oauth-authorization-server'],
    ['https://as.example.com/', 'https://as.example.com/.well-known/oauth-authorization-server'],
    ['https://as.example.com/tenant-a', 'https://as.example.com/.well-known/oauth-authorization-server/tenant-a'],
    ['https://as.example.com/tenant-a/', 'https://as.example.com/.well-known/oauth-authorization-server/tenant-a'],
    ['https://as.example.com/a/b', 'https://as.example.com/.well-known/oauth-authorization-server/a/b'],
  ])('inserts the well-known string between the host and the path of %s', (issuer, expected) => {
    expect(oauthMetadataUrl(issuer)).toBe(expected);
    expect(wellKnownUrl(issuer, 'oauth')).toBe(expected);
  });
});

describe('classifyTargetUrl', () => {
  it.each([
    // [target, kind, expected issuer(s) of the candidates, candidate flavours]
    [
      'https://accounts.google.com/.well-known/openid-configuration',
      'discovery',
      ['https://accounts.google.com'],
      ['openid'],
    ],
    [
      'https://sso.example.com/realms/demo/.well-known/openid-configuration',
      'discovery',
      ['https://sso.example.com/realms/demo'],
      ['openid'],
    ],
    [
      'https://as.example.com/.well-known/oauth-authorization-server',
      'discovery',
      ['https://as.example.com'],
      ['oauth'],
    ],
    [
      'https://as.example.com/.well-known/oauth-authorization-server/tenant-a',
      'discovery',
      ['https://as.example.com/tenant-a'],
      ['oauth'],
    ],
    // The non-conforming appended form is still a discovery URL, so disc.url.well-known can report it.
    [
      'https://sso.example.com/realms/demo/.well-known/oauth-authorization-server',
      'discovery',
      ['https://sso.example.com/realms/demo'],
      ['oauth'],
    ],
    [
      'https://accounts.google.com',
      'issuer-or-jwks',
      ['https://accounts.google.com', 'https://accounts.google.com'],
      ['openid', 'oauth'],
    ],
    [
      'https://tenant.auth0.com/',
      'issuer-or-jwks',
      ['https://tenant.auth0.com/', 'https://tenant.auth0.com/'],
      ['openid', 'oauth'],
    ],
    [
      'https://sso.example.com/realms/demo',
      'issuer-or-jwks',
      ['https://sso.example.com/realms/demo', 'https://sso.example.com/realms/demo'],
      ['openid', 'oauth'],
    ],
    [
      'https://login.example.com/tenant/v2.0/',
      'issuer-or-jwks',
      ['https://login.example.com/tenant/v2.0/', 'https://login.example.com/tenant/v2.0/'],
      ['openid', 'oauth'],
    ],
  ] as const)('classifies %s as %s', (target, kind, issuers, flavours) => {
    const result = classifyTargetUrl(target);
    expect(result.kind).toBe(kind);
    expect(result.candidates.map((c) => c.expectedIssuer)).toEqual(issuers);
    expect(result.candidates.map((c) => c.flavour)).toEqual(flavours);
  });

  it('tries the OpenID discovery URL of a bare issuer before the RFC 8414 one', () => {
    const result = classifyTargetUrl('https://as.example.com/tenant-a');
    expect(result.candidates.map((c) => c.discoveryUrl)).toEqual([
      'https://as.example.com/tenant-a/.well-known/openid-configuration',
      'https://as.example.com/.well-known/oauth-authorization-server/tenant-a',
    ]);
  });

  it('keeps the discovery URL itself as the only candidate of a discovery URL', () => {
    const url = 'https://as.example.com/.well-known/oauth-authorization-server/tenant-a';
    expect(classifyTargetUrl(url).candidates.map((c) => c.discoveryUrl)).toEqual([url]);
  });

  it.each([
    'https://www.googleapis.com/oauth2/v3/certs',
    'https://sso.example.com/realms/demo/protocol/openid-connect/certs',
    'https://login.microsoftonline.com/common/discovery/v2.0/keys',
    'https://tenant.auth0.com/.well-known/jwks.json',
    'https://example.okta.com/oauth2/v1/keys',
    'https://appleid.apple.com/auth/keys',
    'https://as.example.com/jwks',
    'https://as.example.com/JWKS.json',
    'https://login.microsoftonline.com/common/discovery/keys?appid=abc',
  ])('classifies %s as a JWKS URL by its path or query', (target) => {
    const result = classifyTargetUrl(target);
    expect(result.kind).toBe('jwks');
    expect(result.candidates).toEqual([]);
  });

  it.each(['https://', 'not a url', 'mailto:someone@example.com', 'file:///etc/passwd'])(
    'reports %s as invalid rather than throwing',
    (target) => {
      expect(classifyTargetUrl(target).kind).toBe('invalid');
    },
  );

  it('keeps a query on a discovery URL (Azure AD B2C policies) and still derives the issuer from the path', () => {
    const result = classifyTargetUrl(
      'https://t.b2clogin.com/t.onmicrosoft.com/v2.0/.well-known/openid-configuration?p=B2C_1_signin',
    );
    expect(result.kind).toBe('discovery');
    expect(result.candidates[0]?.expectedIssuer).toBe('https://t.b2clogin.com/t.onmicrosoft.com/v2.0');
    expect(result.candidates[0]?.discoveryUrl).toContain('?p=B2C_1_signin');
  });

  it('lower-cases the host of the expected issuer as the fetcher will request it', () => {
    expect(classifyTargetUrl('https://Accounts.Google.com').candidates[0]?.expectedIssuer).toBe(
      'https://accounts.google.com',
    );
  });
});

describe('path helpers', () => {
  it('recognises the RFC 8414 well-known form only at a segment boundary', () => {
    expect(hasWellKnownPath(new URL('https://a.example/.well-known/oauth-authorization-server/x'), 'oauth')).toBe(true);
    expect(hasWellKnownPath(new URL('https://a.example/.well-known/oauth-authorization-serverx'), 'oauth')).toBe(false);
    expect(hasWellKnownPath(new URL('https://a.example/x/.well-known/oauth-authorization-server'), 'oauth')).toBe(
      false,
    );
    expect(hasWellKnownPath(new URL('https://a.example/x/.well-known/openid-configuration'), 'openid')).toBe(true);
  });

  it('does not take an issuer path such as /keycloak for a JWKS path', () => {
    expect(isJwksPath('/keycloak')).toBe(false);
    expect(isJwksPath('/realms/keys-team')).toBe(false);
    expect(isJwksPath('/certs/')).toBe(true);
  });
});
