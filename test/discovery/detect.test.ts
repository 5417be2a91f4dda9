import { describe, expect, it } from 'vitest';
import { detectDiscoveryFlavour, detectDocumentKind } from '../../src/discovery/index.js';

describe('detectDocumentKind', () => {
  it.each([
    [{ keys: [] }, 'jwks'],
    [{ keys: [{ kty: 'RSA' }], issuer: 'https://a.example' }, 'jwks'],
    [{ issuer: 'https://a.example' }, 'discovery'],
    [{ jwks_uri: 'https://a.example/jwks' }, 'discovery'],
    [{ issuer: null }, 'discovery'],
  ])('reads %j as %s', (value, kind) => {
    expect(detectDocumentKind(value)).toBe(kind);
  });

  it.each([[null], [[]], ['{"keys":[]}'], [42], [{}], [{ kid: 'x' }], [[{ keys: [] }]]])(
    'recognises nothing in %j',
    (value) => {
      expect(detectDocumentKind(value)).toBeUndefined();
    },
  );

  it('does not see members inherited from Object.prototype', () => {
    expect(detectDocumentKind(JSON.parse('{"constructor": 1}'))).toBeUndefined();
  });
});

describe('detectDiscoveryFlavour', () => {
  it('takes a document with OpenID-only metadata for an OpenID Provider', () => {
    expect(detectDiscoveryFlavour({ issuer: 'https://a.example', subject_types_supported: ['public'] })).toBe('openid');
  });

  it('takes a document without OpenID-only metadata for an RFC 8414 authorization server', () => {
    expect(detectDiscoveryFlavour({ issuer: 'https://a.example', response_types_supported: ['code'] })).toBe('oauth');
  });
});
