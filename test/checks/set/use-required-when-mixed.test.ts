import { describe, expect, it } from 'vitest';
import { jwksUseRequiredWhenMixed } from '../../../src/checks/set/use-required-when-mixed.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from '../alg/fixtures.js';

describe('jwks.use.required-when-mixed', () => {
  it('passes a signing-only set without use', () => {
    expect(
      evaluate(jwksUseRequiredWhenMixed, setInput([jwk('rsa2048', { alg: 'RS256' }), jwk('p256', { alg: 'ES256' })])),
    ).toEqual([]);
  });

  it('passes a mixed set where every key has use', () => {
    const keys = [jwk('rsa2048', { use: 'sig' }), jwk('rsa2048', { use: 'enc' }, 1)];
    expect(evaluate(jwksUseRequiredWhenMixed, setInput(keys))).toEqual([]);
  });

  it('flags the keys without use in a set mixing alg-inferred signing and encryption keys', () => {
    const keys = [
      jwk('rsa2048', { kid: 's', alg: 'RS256' }),
      jwk('rsa2048', { kid: 'e', alg: 'RSA-OAEP-256', use: 'enc' }, 1),
    ];
    expect(evaluate(jwksUseRequiredWhenMixed, setInput(keys))).toMatchObject([
      { ruleId: 'jwks.use.required-when-mixed', severity: 'error', pointer: '/keys/0', kid: 's' },
    ]);
  });

  it('infers encryption from an X25519 curve and signing from Ed25519', () => {
    const keys = [jwk('ed25519'), jwk('x25519')];
    expect(evaluate(jwksUseRequiredWhenMixed, setInput(keys))).toHaveLength(2);
  });

  it('infers purposes from key_ops', () => {
    const keys = [jwk('p256', { key_ops: ['verify'] }), jwk('p384', { key_ops: ['deriveKey'] })];
    expect(evaluate(jwksUseRequiredWhenMixed, setInput(keys))).toHaveLength(2);
  });

  it('is skipped for a set without key objects', () => {
    expect(evaluate(jwksUseRequiredWhenMixed, setInput([]))).toBe('skip');
  });
});
