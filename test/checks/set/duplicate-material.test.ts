import { describe, expect, it } from 'vitest';
import { jwksKeyDuplicateMaterial } from '../../../src/checks/set/duplicate-material.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from '../alg/fixtures.js';

describe('jwks.key.duplicate-material', () => {
  it('passes a set of distinct keys', () => {
    expect(
      evaluate(jwksKeyDuplicateMaterial, setInput([jwk('p256', { kid: 'a' }), jwk('p256', { kid: 'b' }, 1)])),
    ).toEqual([]);
  });

  it('warns when one public key appears under two kids, pointing at the second entry', () => {
    const keys = [jwk('rsa2048', { kid: 'old' }), jwk('p256'), jwk('rsa2048', { kid: 'new' })];
    const result = evaluate(jwksKeyDuplicateMaterial, setInput(keys));
    expect(result).toEqual([
      {
        ruleId: 'jwks.key.duplicate-material',
        severity: 'warning',
        pointer: '/keys/2',
        thumbprint: expect.any(String),
      },
    ]);
  });

  it('names the kid when the duplicates share it', () => {
    const keys = [jwk('ed25519', { kid: 'same' }), jwk('ed25519', { kid: 'same', alg: 'EdDSA' })];
    const result = evaluate(jwksKeyDuplicateMaterial, setInput(keys));
    expect(result).toMatchObject([{ ruleId: 'jwks.key.duplicate-material', kid: 'same' }]);
  });

  it('names the first five copies of a key and counts the rest, however many there are', () => {
    const keys = Array.from({ length: 1_000 }, () => jwk('p256', { kid: 'same' }));
    const [finding] = jwksKeyDuplicateMaterial.run(setInput(keys)) as { message: string; actual?: string }[];
    expect(finding?.actual).toBe('entries /keys/0, /keys/1, /keys/2, /keys/3, /keys/4 and 995 more');
    expect(finding?.message.length).toBeLessThan(300);
  });

  it('is skipped when no key has a thumbprint', () => {
    expect(evaluate(jwksKeyDuplicateMaterial, setInput([{ kty: 'RSA' }, 'x']))).toBe('skip');
  });
});
