import { describe, expect, it } from 'vitest';
import { profileShcIssuerKey } from '../../../src/checks/profile/shc-issuer-key.js';
import { PROFILES, SKIP } from '../../../src/checks/types.js';
import { jwkThumbprint } from '../../../src/jwks/thumbprint.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk, without, type Jwk } from '../alg/fixtures.js';

const shc = { profile: 'shc' } as const;

/** An issuer key as SMART Health Cards wants it: P-256, ES256, use sig, kid = thumbprint. */
function issuerKey(slot = 0): Jwk {
  const key = jwk('p256', { alg: 'ES256', use: 'sig' }, slot);
  return { ...key, kid: jwkThumbprint(key) };
}

describe('profile.shc.issuer-key', () => {
  it('is off, and skips itself, under every profile except shc', () => {
    for (const profile of PROFILES.filter((p) => p !== 'shc')) {
      expect(evaluate(profileShcIssuerKey, setInput([jwk('rsa2048')], { profile })), profile).toBe('off');
      expect(profileShcIssuerKey.run(setInput([jwk('rsa2048')], { profile })), profile).toBe(SKIP);
    }
  });

  it('passes issuer keys that follow the spec', () => {
    expect(evaluate(profileShcIssuerKey, setInput([issuerKey(), issuerKey(1)], shc))).toEqual([]);
  });

  it('flags a kid that is not the thumbprint', () => {
    expect(evaluate(profileShcIssuerKey, setInput([{ ...issuerKey(), kid: 'key-1' }], shc))).toMatchObject([
      { ruleId: 'profile.shc.issuer-key', severity: 'error', pointer: '/keys/0/kid', kid: 'key-1' },
    ]);
  });

  it('flags a missing use and a wrong alg, one finding each', () => {
    const key = without({ ...issuerKey(), alg: 'ES384' }, 'use');
    expect(evaluate(profileShcIssuerKey, setInput([key], shc))).toMatchObject([
      { ruleId: 'profile.shc.issuer-key', severity: 'error', pointer: '/keys/0/alg' },
      { ruleId: 'profile.shc.issuer-key', severity: 'error', pointer: '/keys/0/use' },
    ]);
  });

  it('flags an RSA signing key on kty, alg, use and kid', () => {
    expect(evaluate(profileShcIssuerKey, setInput([jwk('rsa2048')], shc))).toHaveLength(4);
  });

  it('leaves encryption keys alone', () => {
    const keys = [issuerKey(), jwk('rsa2048', { use: 'enc', alg: 'RSA-OAEP-256' }), jwk('x25519')];
    expect(evaluate(profileShcIssuerKey, setInput(keys, shc))).toEqual([]);
  });

  it('is skipped for an empty set', () => {
    expect(evaluate(profileShcIssuerKey, setInput([], shc))).toBe('skip');
  });
});
