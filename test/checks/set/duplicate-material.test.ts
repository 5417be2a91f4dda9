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

  it('is skipped when no key has a thumbprint', () => {
    expect(evaluate(jwksKeyDuplicateMaterial, setInput([{ kty: 'RSA' }, 'x']))).toBe('skip');
  });
});
