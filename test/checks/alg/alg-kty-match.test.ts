import { describe, expect, it } from 'vitest';
import { jwkAlgKtyMatch } from '../../../src/checks/alg/alg-kty-match.js';
import { keyInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from './fixtures.js';

describe('jwk.alg.kty-match', () => {
  it('passes algorithms that fit the key type', () => {
    for (const [kind, alg] of [
      ['rsa2048', 'RS256'],
      ['rsa2048', 'PS512'],
      ['rsa2048', 'RSA-OAEP'],
      ['p384', 'ES384'],
      ['secp256k1', 'ES256K'],
      ['p256', 'ECDH-ES+A128KW'],
      ['x25519', 'ECDH-ES'],
      ['ed448', 'EdDSA'],
      ['mldsa44', 'ML-DSA-44'],
    ] as const) {
      expect(evaluate(jwkAlgKtyMatch, keyInput(jwk(kind, { alg }))), `${kind} ${alg}`).toEqual([]);
    }
  });

  it('flags an RSA algorithm on an EC key as an error at /alg', () => {
    expect(evaluate(jwkAlgKtyMatch, keyInput(jwk('p256', { alg: 'RS256' }), { index: 1 }))).toEqual([
      { ruleId: 'jwk.alg.kty-match', severity: 'error', pointer: '/keys/1/alg' },
    ]);
  });

  it('flags EdDSA on an RSA key and ES256 on an OKP key', () => {
    expect(evaluate(jwkAlgKtyMatch, keyInput(jwk('rsa2048', { alg: 'EdDSA' })))).toHaveLength(1);
    expect(evaluate(jwkAlgKtyMatch, keyInput(jwk('ed25519', { alg: 'ES256' })))).toHaveLength(1);
  });

  it('flags an HMAC algorithm on an RSA key', () => {
    expect(evaluate(jwkAlgKtyMatch, keyInput(jwk('rsa2048', { alg: 'HS256' })))).toHaveLength(1);
  });

  it('is skipped for unknown algorithms, unknown key types, none and keys without alg', () => {
    expect(evaluate(jwkAlgKtyMatch, keyInput(jwk('rsa2048', { alg: 'FOO' })))).toBe('skip');
    expect(evaluate(jwkAlgKtyMatch, keyInput({ kty: 'XYZ', alg: 'RS256' }))).toBe('skip');
    expect(evaluate(jwkAlgKtyMatch, keyInput(jwk('rsa2048', { alg: 'none' })))).toBe('skip');
    expect(evaluate(jwkAlgKtyMatch, keyInput(jwk('rsa2048')))).toBe('skip');
    expect(evaluate(jwkAlgKtyMatch, keyInput(null))).toBe('skip');
  });
});
