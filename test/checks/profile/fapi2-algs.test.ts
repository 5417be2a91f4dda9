import { describe, expect, it } from 'vitest';
import { profileFapi2Algs } from '../../../src/checks/profile/fapi2-algs.js';
import { PROFILES, SKIP } from '../../../src/checks/types.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk, severities } from '../alg/fixtures.js';

const fapi2 = { profile: 'fapi2' } as const;

describe('profile.fapi2.algs', () => {
  it('is off, and skips itself, under every profile except fapi2', () => {
    const bad = [jwk('rsa2048', { alg: 'RS256', use: 'sig' })];
    for (const profile of PROFILES.filter((p) => p !== 'fapi2')) {
      expect(evaluate(profileFapi2Algs, setInput(bad, { profile })), profile).toBe('off');
      expect(profileFapi2Algs.run(setInput(bad, { profile })), profile).toBe(SKIP);
    }
  });

  it('passes PS256, ES256, EdDSA and Ed25519 signing keys', () => {
    const keys = [
      jwk('rsa2048', { alg: 'PS256', use: 'sig' }),
      jwk('p256', { alg: 'ES256' }),
      jwk('ed25519', { alg: 'EdDSA' }),
      jwk('ed25519', { alg: 'Ed25519' }, 1),
    ];
    expect(evaluate(profileFapi2Algs, setInput(keys, fapi2))).toEqual([]);
  });

  it('ignores encryption keys', () => {
    const keys = [jwk('rsa2048', { alg: 'RSA-OAEP-256', use: 'enc' }), jwk('x25519'), jwk('p384', { use: 'enc' })];
    expect(evaluate(profileFapi2Algs, setInput(keys, fapi2))).toEqual([]);
  });

  it('flags an RS256 signing key as an error at its alg', () => {
    const keys = [jwk('p256', { alg: 'ES256' }), jwk('rsa2048', { alg: 'RS256', kid: 'legacy' })];
    expect(evaluate(profileFapi2Algs, setInput(keys, fapi2))).toMatchObject([
      { ruleId: 'profile.fapi2.algs', severity: 'error', pointer: '/keys/1/alg', kid: 'legacy' },
    ]);
  });

  it('flags ES384, PS512 and ES256K signing keys', () => {
    const keys = [jwk('p384', { alg: 'ES384' }), jwk('rsa2048', { alg: 'PS512' }), jwk('secp256k1', { alg: 'ES256K' })];
    expect(severities(profileFapi2Algs, setInput(keys, fapi2))).toEqual(['error', 'error', 'error']);
  });

  it('flags EdDSA on an Ed448 key (Ed25519 curve only) at its crv', () => {
    expect(evaluate(profileFapi2Algs, setInput([jwk('ed448', { alg: 'EdDSA' })], fapi2))).toMatchObject([
      { ruleId: 'profile.fapi2.algs', severity: 'error', pointer: '/keys/0/crv' },
    ]);
  });

  it('flags a signing key without alg that no permitted algorithm fits', () => {
    expect(evaluate(profileFapi2Algs, setInput([jwk('p384', { use: 'sig' })], fapi2))).toMatchObject([
      { ruleId: 'profile.fapi2.algs', severity: 'error', pointer: '/keys/0/crv' },
    ]);
    expect(evaluate(profileFapi2Algs, setInput([jwk('ed448')], fapi2))).toHaveLength(1);
  });

  it('passes keys without alg that a permitted algorithm fits', () => {
    const keys = [jwk('rsa2048'), jwk('p256', { use: 'sig' }), jwk('ed25519')];
    expect(evaluate(profileFapi2Algs, setInput(keys, fapi2))).toEqual([]);
  });

  it('is skipped for an empty set', () => {
    expect(evaluate(profileFapi2Algs, setInput([], fapi2))).toBe('skip');
  });
});
