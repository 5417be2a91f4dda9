import { describe, expect, it } from 'vitest';
import { profileFapi1KeySize } from '../../../src/checks/profile/fapi1-key-size.js';
import { PROFILES, SKIP } from '../../../src/checks/types.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from '../alg/fixtures.js';

const fapi1 = { profile: 'fapi1' } as const;

function ecKey(crv: string, octets: number): Record<string, unknown> {
  return {
    kty: 'EC',
    crv,
    x: Buffer.alloc(octets, 1).toString('base64url'),
    y: Buffer.alloc(octets, 2).toString('base64url'),
  };
}

describe('profile.fapi1.key-size', () => {
  it('is off, and skips itself, under every profile except fapi1', () => {
    for (const profile of PROFILES.filter((p) => p !== 'fapi1')) {
      expect(evaluate(profileFapi1KeySize, setInput([jwk('rsa1024')], { profile })), profile).toBe('off');
      expect(profileFapi1KeySize.run(setInput([jwk('rsa1024')], { profile })), profile).toBe(SKIP);
    }
  });

  it('passes 2048-bit RSA keys and EC keys of 160 bits or more', () => {
    expect(evaluate(profileFapi1KeySize, setInput([jwk('rsa2048'), jwk('p256'), ecKey('P-192', 24)], fapi1))).toEqual(
      [],
    );
  });

  it('flags a 1024-bit RSA key as an error', () => {
    expect(evaluate(profileFapi1KeySize, setInput([jwk('rsa1024')], fapi1))).toMatchObject([
      { ruleId: 'profile.fapi1.key-size', severity: 'error', pointer: '/keys/0/n' },
    ]);
  });

  it('flags an EC key below 160 bits', () => {
    expect(evaluate(profileFapi1KeySize, setInput([ecKey('secp128r1', 16)], fapi1))).toMatchObject([
      { ruleId: 'profile.fapi1.key-size', severity: 'error', pointer: '/keys/0/crv' },
    ]);
  });

  it('is skipped for an empty set', () => {
    expect(evaluate(profileFapi1KeySize, setInput([], fapi1))).toBe('skip');
  });
});
