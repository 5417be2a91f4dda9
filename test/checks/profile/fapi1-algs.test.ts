import { describe, expect, it } from 'vitest';
import { profileFapi1Algs } from '../../../src/checks/profile/fapi1-algs.js';
import { PROFILES, SKIP } from '../../../src/checks/types.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk, severities } from '../alg/fixtures.js';

const fapi1 = { profile: 'fapi1' } as const;

describe('profile.fapi1.algs', () => {
  it('is off, and skips itself, under every profile except fapi1', () => {
    for (const profile of PROFILES.filter((p) => p !== 'fapi1')) {
      expect(evaluate(profileFapi1Algs, setInput([jwk('rsa2048', { alg: 'RSA1_5' })], { profile })), profile).toBe(
        'off',
      );
      expect(profileFapi1Algs.run(setInput([jwk('rsa2048', { alg: 'RSA1_5' })], { profile })), profile).toBe(SKIP);
    }
  });

  it('passes PS256 and ES256 signing keys and RSA-OAEP encryption keys', () => {
    const keys = [
      jwk('rsa2048', { alg: 'PS256', use: 'sig' }),
      jwk('p256', { alg: 'ES256' }),
      jwk('rsa2048', { alg: 'RSA-OAEP', use: 'enc' }, 1),
      jwk('rsa2048', {}, 2),
    ];
    expect(evaluate(profileFapi1Algs, setInput(keys, fapi1))).toEqual([]);
  });

  it('warns about an RS256 signing key (SHOULD NOT)', () => {
    expect(evaluate(profileFapi1Algs, setInput([jwk('rsa2048', { alg: 'RS256' })], fapi1))).toEqual([
      { ruleId: 'profile.fapi1.algs', severity: 'warning', pointer: '/keys/0/alg', thumbprint: expect.any(String) },
    ]);
  });

  it('flags an RSA1_5 encryption key as an error', () => {
    expect(evaluate(profileFapi1Algs, setInput([jwk('rsa2048', { alg: 'RSA1_5', use: 'enc' })], fapi1))).toMatchObject([
      { ruleId: 'profile.fapi1.algs', severity: 'error', pointer: '/keys/0/alg' },
    ]);
  });

  it('flags signing keys with other algorithms (EdDSA, ES384, PS384) as errors', () => {
    const keys = [jwk('ed25519', { alg: 'EdDSA' }), jwk('p384', { alg: 'ES384' }), jwk('rsa2048', { alg: 'PS384' })];
    expect(severities(profileFapi1Algs, setInput(keys, fapi1))).toEqual(['error', 'error', 'error']);
  });

  it('flags a signing key without alg that neither PS256 nor ES256 fits', () => {
    expect(evaluate(profileFapi1Algs, setInput([jwk('ed25519')], fapi1))).toMatchObject([
      { ruleId: 'profile.fapi1.algs', severity: 'error', pointer: '/keys/0/crv' },
    ]);
  });

  it('is skipped for an empty set', () => {
    expect(evaluate(profileFapi1Algs, setInput([], fapi1))).toBe('skip');
  });
});
