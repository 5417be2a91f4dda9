import { describe, expect, it } from 'vitest';
import { jwksSigningKeyPresent } from '../../../src/checks/set/signing-key-present.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk, severities } from '../alg/fixtures.js';

describe('jwks.signing-key.present', () => {
  it('passes a set with an RSA key that has no use', () => {
    expect(evaluate(jwksSigningKeyPresent, setInput([jwk('rsa2048')]))).toEqual([]);
  });

  it('passes with an Ed25519 key, an EC key with key_ops verify, or an ML-DSA key', () => {
    expect(evaluate(jwksSigningKeyPresent, setInput([jwk('ed25519', { use: 'sig' })]))).toEqual([]);
    expect(evaluate(jwksSigningKeyPresent, setInput([jwk('p256', { key_ops: ['verify'] })]))).toEqual([]);
    expect(evaluate(jwksSigningKeyPresent, setInput([jwk('mldsa44')]))).toEqual([]);
  });

  it('reports an encryption-only set as info under core', () => {
    const keys = [jwk('rsa2048', { use: 'enc', alg: 'RSA-OAEP-256' }), jwk('x25519')];
    expect(evaluate(jwksSigningKeyPresent, setInput(keys))).toEqual([
      { ruleId: 'jwks.signing-key.present', severity: 'info', pointer: '/keys' },
    ]);
  });

  it('makes a missing signing key an error under oidc, fapi1 and fapi2', () => {
    const keys = [jwk('rsa2048', { use: 'enc' })];
    expect(severities(jwksSigningKeyPresent, setInput(keys, { profile: 'oidc' }))).toEqual(['error']);
    expect(severities(jwksSigningKeyPresent, setInput(keys, { profile: 'fapi1' }))).toEqual(['error']);
    expect(severities(jwksSigningKeyPresent, setInput(keys, { profile: 'fapi2' }))).toEqual(['error']);
  });

  it('does not count symmetric keys, off-curve keys, keys whose key_ops lack verify, or encryption algs', () => {
    const keys = [
      { kty: 'oct', k: 'c2VjcmV0', alg: 'HS256' },
      { ...jwk('p256'), x: jwk('p256', {}, 1)['x'] },
      jwk('rsa2048', { key_ops: ['encrypt'] }),
      jwk('ed25519', { alg: 'ECDH-ES' }),
    ];
    for (const key of keys)
      expect(severities(jwksSigningKeyPresent, setInput([key])), JSON.stringify(key)).toEqual(['info']);
  });

  it('is skipped for an empty set (jwks.doc.empty reports it)', () => {
    expect(evaluate(jwksSigningKeyPresent, setInput([]))).toBe('skip');
  });
});
