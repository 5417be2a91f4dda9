import { describe, expect, it } from 'vitest';
import { jwksKeyDualPurpose } from '../../../src/checks/set/dual-purpose.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from '../alg/fixtures.js';

describe('jwks.key.dual-purpose', () => {
  it('passes separate signing and encryption keys', () => {
    const keys = [jwk('rsa2048', { kid: 's', use: 'sig' }), jwk('rsa2048', { kid: 'e', use: 'enc' }, 1)];
    expect(evaluate(jwksKeyDualPurpose, setInput(keys))).toEqual([]);
  });

  it('warns when one public key is published with use sig and use enc', () => {
    const keys = [jwk('rsa2048', { kid: 's', use: 'sig' }), jwk('rsa2048', { kid: 'e', use: 'enc' })];
    expect(evaluate(jwksKeyDualPurpose, setInput(keys))).toEqual([
      { ruleId: 'jwks.key.dual-purpose', severity: 'warning', pointer: '/keys/1', thumbprint: expect.any(String) },
    ]);
  });

  it('infers the purposes from alg and key_ops as well', () => {
    const keys = [jwk('p256', { kid: 's', alg: 'ES256' }), jwk('p256', { kid: 'e', key_ops: ['deriveKey'] })];
    expect(evaluate(jwksKeyDualPurpose, setInput(keys))).toHaveLength(1);
  });

  it('passes an exact duplicate with one purpose (duplicate-material reports it)', () => {
    const keys = [jwk('p256', { kid: 'a', use: 'sig' }), jwk('p256', { kid: 'b', use: 'sig' })];
    expect(evaluate(jwksKeyDualPurpose, setInput(keys))).toEqual([]);
  });

  it('is skipped when no key has a thumbprint', () => {
    expect(evaluate(jwksKeyDualPurpose, setInput([]))).toBe('skip');
  });
});
