import { describe, expect, it } from 'vitest';
import { discEmptyArray } from '../../../src/checks/discovery/empty-array.js';
import { discEndpointsHttps } from '../../../src/checks/discovery/endpoints-https.js';
import { discJwksUriHttps } from '../../../src/checks/discovery/jwks-uri-https.js';
import { discTypes } from '../../../src/checks/discovery/metadata-types.js';
import { discRequired } from '../../../src/checks/discovery/required.js';
import { discUnknownMetadata } from '../../../src/checks/discovery/unknown-metadata.js';
import { REGISTERED_METADATA_NAMES } from '../../../src/discovery/metadata.js';
import {
  evaluate,
  googleDoc,
  googleInput,
  keycloakDoc,
  keycloakInput,
  oauthDoc,
  oauthInput,
  severities,
  type Doc,
} from './helpers.js';

function without(doc: Doc, ...names: string[]): Doc {
  const copy = { ...doc };
  for (const name of names) delete copy[name];
  return copy;
}

describe('disc.required', () => {
  it('passes complete OpenID and RFC 8414 documents', () => {
    expect(severities(discRequired, googleInput())).toEqual([]);
    expect(severities(discRequired, oauthInput())).toEqual([]);
  });

  it.each([
    'issuer',
    'authorization_endpoint',
    'token_endpoint',
    'jwks_uri',
    'response_types_supported',
    'subject_types_supported',
    'id_token_signing_alg_values_supported',
  ])('flags OpenID Provider metadata without %s', (name) => {
    expect(evaluate(discRequired, googleInput(without(googleDoc(), name)))).toEqual([
      { ruleId: 'disc.required', severity: 'error', pointer: '' },
    ]);
  });

  it('does not require a token endpoint of an implicit-only OpenID Provider', () => {
    const doc = { ...without(googleDoc(), 'token_endpoint'), response_types_supported: ['id_token', 'id_token token'] };
    expect(severities(discRequired, googleInput(doc))).toEqual([]);
  });

  it('requires only issuer, endpoints and response types of an authorization server (jwks_uri is optional)', () => {
    expect(severities(discRequired, oauthInput(without(oauthDoc(), 'jwks_uri')))).toEqual([]);
    expect(severities(discRequired, oauthInput(without(oauthDoc(), 'response_types_supported')))).toEqual(['error']);
  });

  it('does not require an authorization endpoint of a server whose grants never use it', () => {
    const doc = { ...without(oauthDoc(), 'authorization_endpoint'), grant_types_supported: ['client_credentials'] };
    expect(severities(discRequired, oauthInput(doc))).toEqual([]);
    // An omitted grant_types_supported means authorization_code and implicit (RFC 8414 §2).
    expect(
      severities(discRequired, oauthInput(without(oauthDoc(), 'authorization_endpoint', 'grant_types_supported'))),
    ).toEqual(['error']);
  });

  it('leaves a required member that is present but null to disc.types', () => {
    expect(severities(discRequired, googleInput({ ...googleDoc(), token_endpoint: null }))).toEqual([]);
    expect(severities(discTypes, googleInput({ ...googleDoc(), token_endpoint: null }))).toEqual(['error']);
  });
});

describe('disc.jwks_uri.https', () => {
  it('passes an https jwks_uri', () => {
    expect(severities(discJwksUriHttps, googleInput())).toEqual([]);
  });

  it.each([['http://www.googleapis.com/oauth2/v3/certs'], ['/oauth2/v3/certs'], [42], [['https://a.example/jwks']]])(
    'flags jwks_uri %j',
    (jwksUri) => {
      expect(evaluate(discJwksUriHttps, googleInput({ ...googleDoc(), jwks_uri: jwksUri }))).toEqual([
        { ruleId: 'disc.jwks_uri.https', severity: 'error', pointer: '/jwks_uri' },
      ]);
    },
  );

  it('skips a document without jwks_uri (disc.required reports it where it is required)', () => {
    expect(evaluate(discJwksUriHttps, oauthInput(without(oauthDoc(), 'jwks_uri')))).toBe('skip');
  });
});

describe('disc.endpoints.https', () => {
  it('passes a document whose endpoints, iframe and mTLS aliases are all https', () => {
    expect(severities(discEndpointsHttps, keycloakInput())).toEqual([]);
  });

  it('flags an http token endpoint', () => {
    expect(
      evaluate(
        discEndpointsHttps,
        googleInput({ ...googleDoc(), token_endpoint: 'http://oauth2.googleapis.com/token' }),
      ),
    ).toEqual([{ ruleId: 'disc.endpoints.https', severity: 'error', pointer: '/token_endpoint' }]);
  });

  it('flags an http endpoint of an extension it does not otherwise know', () => {
    expect(
      severities(discEndpointsHttps, googleInput({ ...googleDoc(), custom_endpoint: 'http://a.example/x' })),
    ).toEqual(['error']);
  });

  it('flags an http check_session_iframe, an http mTLS alias and a relative endpoint', () => {
    const doc = keycloakDoc();
    doc['check_session_iframe'] = 'http://sso.example.com/iframe';
    doc['mtls_endpoint_aliases'] = { token_endpoint: 'http://mtls.sso.example.com/token', 'a/b': 'https://ok.example' };
    doc['userinfo_endpoint'] = '/userinfo';
    const outcome = evaluate(discEndpointsHttps, keycloakInput(doc));
    expect(outcome).toEqual(
      expect.arrayContaining([
        { ruleId: 'disc.endpoints.https', severity: 'error', pointer: '/check_session_iframe' },
        { ruleId: 'disc.endpoints.https', severity: 'error', pointer: '/mtls_endpoint_aliases/token_endpoint' },
        { ruleId: 'disc.endpoints.https', severity: 'error', pointer: '/userinfo_endpoint' },
      ]),
    );
    expect(outcome).toHaveLength(3);
  });

  it('does not hold service_documentation, which is no endpoint, to https', () => {
    expect(severities(discEndpointsHttps, oauthInput())).toEqual([]);
  });
});

describe('disc.types', () => {
  it('passes documents whose registered metadata have their types', () => {
    expect(severities(discTypes, keycloakInput())).toEqual([]);
    expect(severities(discTypes, oauthInput())).toEqual([]);
  });

  it.each([
    ['scopes_supported', 'openid profile', '/scopes_supported'],
    ['scopes_supported', ['openid', 7], '/scopes_supported/1'],
    ['claims_parameter_supported', 'true', '/claims_parameter_supported'],
    ['userinfo_endpoint', 42, '/userinfo_endpoint'],
    ['op_policy_uri', 'not a url', '/op_policy_uri'],
    ['mtls_endpoint_aliases', ['https://a.example'], '/mtls_endpoint_aliases'],
    ['mtls_endpoint_aliases', { token_endpoint: 1 }, '/mtls_endpoint_aliases/token_endpoint'],
    ['signed_metadata', {}, '/signed_metadata'],
    ['request_authentication_methods_supported', [], '/request_authentication_methods_supported'],
  ])('flags %s = %j', (name, value, pointer) => {
    expect(evaluate(discTypes, googleInput({ ...googleDoc(), [name]: value }))).toEqual([
      { ruleId: 'disc.types', severity: 'error', pointer },
    ]);
  });

  it('leaves issuer and jwks_uri to their own rules and ignores unregistered metadata', () => {
    expect(severities(discTypes, googleInput({ ...googleDoc(), issuer: 1, jwks_uri: 2, x_custom: 3 }))).toEqual([]);
  });
});

describe('disc.unknown-metadata', () => {
  it('passes documents that use only registered metadata', () => {
    expect(severities(discUnknownMetadata, keycloakInput())).toEqual([]);
    expect(severities(discUnknownMetadata, googleInput())).toEqual([]);
  });

  it('notes metadata names outside the IANA registry', () => {
    const doc = { ...googleDoc(), cloud_instance_name: 'microsoftonline.com', 'a/b': 1 };
    expect(evaluate(discUnknownMetadata, googleInput(doc))).toEqual([
      { ruleId: 'disc.unknown-metadata', severity: 'info', pointer: '/cloud_instance_name' },
      { ruleId: 'disc.unknown-metadata', severity: 'info', pointer: '/a~1b' },
    ]);
  });

  it('notes a registered name written in another case', () => {
    expect(
      severities(discUnknownMetadata, googleInput({ ...googleDoc(), Token_Endpoint: 'https://a.example/t' })),
    ).toEqual(['info']);
  });

  it('knows the registry entries the specs behind OIDC, PAR, DPoP, JARM and CIBA registered', () => {
    expect(REGISTERED_METADATA_NAMES).toEqual(
      expect.arrayContaining([
        'pushed_authorization_request_endpoint',
        'dpop_signing_alg_values_supported',
        'authorization_signing_alg_values_supported',
        'backchannel_authentication_endpoint',
        'end_session_endpoint',
        'authorization_response_iss_parameter_supported',
      ]),
    );
  });
});

describe('disc.empty-array', () => {
  it('passes documents without empty arrays', () => {
    expect(severities(discEmptyArray, keycloakInput())).toEqual([]);
  });

  it('warns about an empty grant_types_supported', () => {
    expect(evaluate(discEmptyArray, googleInput({ ...googleDoc(), grant_types_supported: [] }))).toEqual([
      { ruleId: 'disc.empty-array', severity: 'warning', pointer: '/grant_types_supported' },
    ]);
  });
});
