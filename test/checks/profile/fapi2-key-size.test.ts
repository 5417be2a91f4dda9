import { describe, expect, it } from 'vitest';
import { profileFapi2KeySize } from '../../../src/checks/profile/fapi2-key-size.js';
import { PROFILES, SKIP } from '../../../src/checks/types.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from '../alg/fixtures.js';

const fapi2 = { profile: 'fapi2' } as const;

describe('profile.fapi2.key-size', () => {
  it('is off, and skips itself, under every profile except fapi2', () => {
    for (const profile of PROFILES.filter((p) => p !== 'fapi2')) {
      expect(evaluate(profileFapi2KeySize, setInput([jwk('rsa1024')], { profile })), profile).toBe('off');
      expect(profileFapi2KeySize.run(setInput([jwk('rsa1024')], { profile })), profile).toBe(SKIP);
    }
  });

  it('passes 2048-bit RSA and P-256 keys', () => {
    expect(evaluate(profileFapi2KeySize, setInput([jwk('rsa2048'), jwk('p256'), jwk('ed25519')], fapi2))).toEqual([]);
  });

  it('flags a 1024-bit RSA key as an error at /n', () => {
    expect(evaluate(profileFapi2KeySize, setInput([jwk('p256'), jwk('rsa1024', { kid: 'old' })], fapi2))).toMatchObject(
      [{ ruleId: 'profile.fapi2.key-size', severity: 'error', pointer: '/keys/1/n', kid: 'old' }],
    );
  });

  it('flags an EC key on a curve below 224 bits, sized by its coordinates', () => {
    const p192 = {
      kty: 'EC',
      crv: 'P-192',
      x: Buffer.alloc(24, 1).toString('base64url'),
      y: Buffer.alloc(24, 2).toString('base64url'),
    };
    expect(evaluate(profileFapi2KeySize, setInput([p192], fapi2))).toMatchObject([
      { ruleId: 'profile.fapi2.key-size', severity: 'error', pointer: '/keys/0/crv' },
    ]);
  });

  it('is skipped for an empty set', () => {
    expect(evaluate(profileFapi2KeySize, setInput([], fapi2))).toBe('skip');
  });
});
