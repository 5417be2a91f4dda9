import { constants, sign, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { discSignedMetadata, jsonEqual } from '../../../src/checks/xdoc/signed-metadata.js';
import { evaluate, oauthDoc, severities } from '../discovery/helpers.js';
import { ecKey, ed25519Key, rsaKey, xdocInput, type TestKey } from './helpers.js';

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** A compact JWS over `claims`, signed with node:crypto as RFC 7515 §5.1 describes. */
function signJws(alg: string, privateKey: KeyObject, claims: Record<string, unknown>, kid?: string): string {
  const header = b64url(JSON.stringify({ alg, ...(kid === undefined ? {} : { kid }) }));
  const payload = b64url(JSON.stringify(claims));
  const input = Buffer.from(`${header}.${payload}`);
  const hash = alg === 'EdDSA' ? null : `sha${alg.slice(2)}`;
  const signature = alg.startsWith('PS')
    ? sign(hash, input, {
        key: privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      })
    : alg.startsWith('ES')
      ? sign(hash, input, { key: privateKey, dsaEncoding: 'ieee-p1363' })
      : sign(hash, input, privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

let rsa: TestKey;
let p256: TestKey;
let ed: TestKey;

beforeAll(() => {
  rsa = rsaKey({ kid: 'rsa-1', use: 'sig' });
  p256 = ecKey('P-256', { kid: 'ec-1', use: 'sig' });
  ed = ed25519Key({ kid: 'ed-1' });
});

/** The plain metadata and the claims it signs (RFC 8414 §2.1: the signed claims repeat the plain values). */
function signedClaims(): Record<string, unknown> {
  const doc = oauthDoc();
  return {
    iss: doc['issuer'],
    token_endpoint: doc['token_endpoint'],
    jwks_uri: doc['jwks_uri'],
    response_types_supported: doc['response_types_supported'],
    iat: 1_780_000_000,
  };
}

const withSigned = (token: unknown) => ({ ...oauthDoc(), signed_metadata: token });
const keys = () => [rsa.jwk, p256.jwk, ed.jwk];

describe('disc.signed-metadata', () => {
  it.each(['RS256', 'PS256', 'RS512'])('passes metadata signed with %s by the RSA key its kid names', (alg) => {
    const token = signJws(alg, rsa.privateKey, signedClaims(), 'rsa-1');
    expect(severities(discSignedMetadata, xdocInput(withSigned(token), keys(), { flavour: 'oauth' }))).toEqual([]);
  });

  it('passes ES256 and EdDSA signatures, finding the key without a kid', () => {
    for (const [alg, key] of [
      ['ES256', p256],
      ['EdDSA', ed],
    ] as const) {
      const token = signJws(alg, key.privateKey, signedClaims());
      expect(severities(discSignedMetadata, xdocInput(withSigned(token), keys(), { flavour: 'oauth' }))).toEqual([]);
    }
  });

  it('skips metadata without signed_metadata', () => {
    expect(evaluate(discSignedMetadata, xdocInput(oauthDoc(), keys(), { flavour: 'oauth' }))).toBe('skip');
  });

  it('warns about a signature no published key verifies', () => {
    const stranger = rsaKey();
    const token = signJws('RS256', stranger.privateKey, signedClaims(), 'rsa-1');
    expect(evaluate(discSignedMetadata, xdocInput(withSigned(token), keys(), { flavour: 'oauth' }))).toEqual([
      { ruleId: 'disc.signed-metadata', severity: 'warning', pointer: '/signed_metadata' },
    ]);
  });

  it('warns about a tampered payload', () => {
    const token = signJws('ES256', p256.privateKey, signedClaims());
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64url(JSON.stringify({ ...signedClaims(), token_endpoint: 'https://evil.example/token' }))}.${signature}`;
    // Both the signature and the disagreement with the plain token_endpoint are reported.
    expect(severities(discSignedMetadata, xdocInput(withSigned(forged), keys(), { flavour: 'oauth' }))).toEqual([
      'warning',
      'warning',
    ]);
  });

  it('does not verify with a key whose alg names another algorithm', () => {
    const token = signJws('PS256', rsa.privateKey, signedClaims(), 'rsa-1');
    const pinned = [{ ...rsa.jwk, alg: 'RS256' }];
    expect(severities(discSignedMetadata, xdocInput(withSigned(token), pinned, { flavour: 'oauth' }))).toEqual([
      'warning',
    ]);
  });

  it('warns about a kid that names no published key', () => {
    const token = signJws('RS256', rsa.privateKey, signedClaims(), 'gone');
    expect(severities(discSignedMetadata, xdocInput(withSigned(token), keys(), { flavour: 'oauth' }))).toEqual([
      'warning',
    ]);
  });

  it('warns when iss is not the issuer, or missing', () => {
    const other = signJws('RS256', rsa.privateKey, { ...signedClaims(), iss: 'https://other.example' }, 'rsa-1');
    expect(severities(discSignedMetadata, xdocInput(withSigned(other), keys(), { flavour: 'oauth' }))).toEqual([
      'warning',
    ]);
    const { iss: _iss, ...noIss } = signedClaims();
    const missing = signJws('RS256', rsa.privateKey, noIss, 'rsa-1');
    expect(severities(discSignedMetadata, xdocInput(withSigned(missing), keys(), { flavour: 'oauth' }))).toEqual([
      'warning',
    ]);
  });

  it('warns when a signed claim differs from the plain value', () => {
    const token = signJws(
      'RS256',
      rsa.privateKey,
      { ...signedClaims(), response_types_supported: ['code', 'token'] },
      'rsa-1',
    );
    expect(severities(discSignedMetadata, xdocInput(withSigned(token), keys(), { flavour: 'oauth' }))).toEqual([
      'warning',
    ]);
  });

  it.each([
    ['not a JWS', 'abc'],
    ['an unsigned JWS', `${b64url('{"alg":"none"}')}.${b64url('{"iss":"https://as.example.com/tenant-a"}')}.`],
    ['an HMAC JWS', `${b64url('{"alg":"HS256"}')}.${b64url('{"iss":"https://as.example.com/tenant-a"}')}.c2ln`],
    ['a JWS whose payload is not JSON', `${b64url('{"alg":"RS256"}')}.${b64url('hello')}.c2ln`],
  ])('warns about signed_metadata that is %s', (_what, token) => {
    expect(severities(discSignedMetadata, xdocInput(withSigned(token), keys(), { flavour: 'oauth' }))).toEqual([
      'warning',
    ]);
  });

  it('warns when the JWK Set has no key to check the signature with', () => {
    const token = signJws('ES256', p256.privateKey, signedClaims());
    expect(severities(discSignedMetadata, xdocInput(withSigned(token), [], { flavour: 'oauth' }))).toEqual(['warning']);
  });

  it('compares JSON values structurally', () => {
    expect(jsonEqual({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
  });
});
