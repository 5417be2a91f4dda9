import { beforeAll, describe, expect, it } from 'vitest';
import { xdocEncAlgCoverage } from '../../../src/checks/xdoc/enc-alg-coverage.js';
import { xdocJwksHost } from '../../../src/checks/xdoc/jwks-host.js';
import { xdocSigAlgCoverage } from '../../../src/checks/xdoc/sig-alg-coverage.js';
import { xdocUnadvertisedKeyAlg } from '../../../src/checks/xdoc/unadvertised-key-alg.js';
import { xdocRules } from '../../../src/checks/xdoc/index.js';
import type { Rule } from '../../../src/checks/types.js';
import { evaluate, googleDoc, keycloakDoc, oauthDoc, severities } from '../discovery/helpers.js';
import { ecKey, ed25519Key, rsaKey, xdocInput, type TestKey } from './helpers.js';

let rsa: TestKey;
let rsa2: TestKey;
let p256: TestKey;
let ed: TestKey;

beforeAll(() => {
  rsa = rsaKey();
  rsa2 = rsaKey();
  p256 = ecKey('P-256');
  ed = ed25519Key();
});

/** Google publishes two RSA signing keys, each with use "sig" and alg "RS256". */
const googleJwks = () => [
  { ...rsa.jwk, kid: 'g1', use: 'sig', alg: 'RS256' },
  { ...rsa2.jwk, kid: 'g2', use: 'sig', alg: 'RS256' },
];

describe('xdoc.sig-alg-coverage', () => {
  it('passes Google: RS256 advertised, two RS256 signing keys published', () => {
    expect(severities(xdocSigAlgCoverage, xdocInput(googleDoc(), googleJwks()))).toEqual([]);
  });

  it('passes a key without use, alg or key_ops, which can verify anything its type allows', () => {
    const doc = { ...googleDoc(), id_token_signing_alg_values_supported: ['RS256', 'PS256'] };
    expect(severities(xdocSigAlgCoverage, xdocInput(doc, [rsa.jwk]))).toEqual([]);
  });

  it('makes a missing RS256 key an error under oidc and a warning under core', () => {
    const jwks = [{ ...p256.jwk, kid: 'e1', use: 'sig', alg: 'ES256' }];
    expect(evaluate(xdocSigAlgCoverage, xdocInput(googleDoc(), jwks))).toEqual([
      { ruleId: 'xdoc.sig-alg-coverage', severity: 'error', pointer: '/id_token_signing_alg_values_supported/0' },
    ]);
    expect(severities(xdocSigAlgCoverage, xdocInput(googleDoc(), jwks, { profile: 'core' }))).toEqual(['warning']);
  });

  it('warns about each asymmetric algorithm Keycloak advertises without a key (it publishes only RS256)', () => {
    const jwks = [{ ...rsa.jwk, kid: 'rs', use: 'sig', alg: 'RS256' }];
    const outcome = severities(xdocSigAlgCoverage, xdocInput(keycloakDoc(), jwks));
    // PS384, RS384, EdDSA, ES384, ES256, ES512, PS256, PS512, RS512: one warning each, however many lists name them.
    expect(outcome).toEqual(Array(9).fill('warning'));
  });

  it('does not count a key whose use, alg or key_ops rule it out, or that node:crypto refused', () => {
    const doc = { ...googleDoc(), id_token_signing_alg_values_supported: ['ES256'] };
    const unusable = [
      { ...p256.jwk, use: 'enc' },
      { ...p256.jwk, alg: 'ES384' },
      { ...p256.jwk, key_ops: ['encrypt'] },
      { ...p256.jwk, use: 1 },
      { ...p256.jwk, x: rsa.jwk['n'] },
      { ...ecKey('P-384').jwk },
      { kty: 'EC', crv: 'P-256', use: 'sig' },
    ];
    for (const key of unusable) {
      expect(severities(xdocSigAlgCoverage, xdocInput(doc, [key]))).toEqual(['warning']);
    }
    expect(severities(xdocSigAlgCoverage, xdocInput(doc, [{ ...p256.jwk, key_ops: ['verify'] }]))).toEqual([]);
  });

  it('matches EdDSA and Ed25519 to an Ed25519 key', () => {
    const doc = {
      ...googleDoc(),
      id_token_signing_alg_values_supported: ['EdDSA', 'Ed25519'],
      userinfo_signing_alg_values_supported: ['RS256'],
    };
    expect(severities(xdocSigAlgCoverage, xdocInput(doc, [ed.jwk, rsa.jwk]))).toEqual([]);
  });

  it('ignores symmetric, unregistered and none algorithms', () => {
    const doc = { ...googleDoc(), id_token_signing_alg_values_supported: ['HS256', 'none', 'XYZ'] };
    expect(severities(xdocSigAlgCoverage, xdocInput(doc, []))).toEqual([]);
  });
});

describe('every cross-document rule', () => {
  it('never throws on hostile metadata and keys', () => {
    const rules = xdocRules.filter((rule): rule is Rule<'xdoc'> => rule.scope === 'xdoc');
    const values: unknown[] = [null, 42, 'x', [], [1, null, {}], { a: 1 }];
    for (const value of values) {
      const doc = {
        ...googleDoc(),
        issuer: value,
        jwks_uri: value,
        signed_metadata: value,
        id_token_signing_alg_values_supported: value,
      };
      for (const rule of rules) {
        expect(() => evaluate(rule, xdocInput(doc, [value, { kty: value, alg: value, key_ops: value }]))).not.toThrow();
      }
    }
  });
});

describe('xdoc.enc-alg-coverage', () => {
  const encDoc = () => ({
    ...googleDoc(),
    request_object_encryption_alg_values_supported: ['RSA-OAEP-256', 'ECDH-ES'],
  });

  it('passes when each request encryption algorithm has an encryption key', () => {
    const jwks = [
      ...googleJwks(),
      { ...rsa.jwk, kid: 'enc', use: 'enc', alg: 'RSA-OAEP-256' },
      { ...p256.jwk, use: 'enc' },
    ];
    expect(severities(xdocEncAlgCoverage, xdocInput(encDoc(), jwks))).toEqual([]);
  });

  it('warns when the only RSA keys are signing keys', () => {
    expect(evaluate(xdocEncAlgCoverage, xdocInput(encDoc(), googleJwks()))).toEqual([
      {
        ruleId: 'xdoc.enc-alg-coverage',
        severity: 'warning',
        pointer: '/request_object_encryption_alg_values_supported/0',
      },
      {
        ruleId: 'xdoc.enc-alg-coverage',
        severity: 'warning',
        pointer: '/request_object_encryption_alg_values_supported/1',
      },
    ]);
  });
});

describe('xdoc.unadvertised-key-alg', () => {
  it('passes keys whose alg is advertised', () => {
    expect(severities(xdocUnadvertisedKeyAlg, xdocInput(googleDoc(), googleJwks()))).toEqual([]);
  });

  it('notes a leftover key whose alg no list advertises', () => {
    const jwks = [...googleJwks(), { ...p256.jwk, kid: 'old-ec', use: 'sig', alg: 'ES256' }];
    expect(evaluate(xdocUnadvertisedKeyAlg, xdocInput(googleDoc(), jwks))).toEqual([
      { ruleId: 'xdoc.unadvertised-key-alg', severity: 'info', pointer: '' },
    ]);
  });

  it('counts every *_alg_values_supported list, encryption lists included', () => {
    const jwks = [{ ...rsa.jwk, kid: 'enc', use: 'enc', alg: 'RSA-OAEP' }];
    expect(severities(xdocUnadvertisedKeyAlg, xdocInput(keycloakDoc(), jwks))).toEqual([]);
  });
});

describe('xdoc.jwks-host', () => {
  it('passes a jwks_uri on the issuer host', () => {
    expect(severities(xdocJwksHost, xdocInput(keycloakDoc(), []))).toEqual([]);
    expect(severities(xdocJwksHost, xdocInput(oauthDoc(), [], { flavour: 'oauth' }))).toEqual([]);
  });

  it('notes that Google serves its keys from www.googleapis.com', () => {
    expect(evaluate(xdocJwksHost, xdocInput(googleDoc(), []))).toEqual([
      { ruleId: 'xdoc.jwks-host', severity: 'info', pointer: '/jwks_uri' },
    ]);
  });

  it('skips metadata without a usable issuer or jwks_uri', () => {
    expect(evaluate(xdocJwksHost, xdocInput({ ...googleDoc(), jwks_uri: 7 }, []))).toBe('skip');
  });
});
