import { describe, expect, it } from 'vitest';
import { algLegacyStrength } from '../../../src/checks/alg/legacy-strength.js';
import { keyInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from './fixtures.js';

describe('alg.legacy-strength', () => {
  it('passes a 3072-bit RSA key with RSA-OAEP-256', () => {
    expect(evaluate(algLegacyStrength, keyInput(jwk('rsa3072', { alg: 'RSA-OAEP-256' })))).toEqual([]);
  });

  it('passes an EC key with its algorithm', () => {
    expect(evaluate(algLegacyStrength, keyInput(jwk('p256', { alg: 'ES256' })))).toEqual([]);
  });

  it('reports a 2048-bit RSA key as info, at /n', () => {
    expect(evaluate(algLegacyStrength, keyInput(jwk('rsa2048', { alg: 'PS256' })))).toEqual([
      { ruleId: 'alg.legacy-strength', severity: 'info', pointer: '/keys/0/n' },
    ]);
  });

  it('reports an RSA-OAEP (SHA-1) key as info, at /alg', () => {
    expect(evaluate(algLegacyStrength, keyInput(jwk('rsa3072', { alg: 'RSA-OAEP' })))).toEqual([
      { ruleId: 'alg.legacy-strength', severity: 'info', pointer: '/keys/0/alg' },
    ]);
  });

  it('leaves RSA keys below 2048 bits to jwk.rsa.modulus-size', () => {
    expect(evaluate(algLegacyStrength, keyInput(jwk('rsa1024', { alg: 'RS256' })))).toEqual([]);
  });

  it('is skipped for a key with neither alg nor an RSA modulus', () => {
    expect(evaluate(algLegacyStrength, keyInput(jwk('p256')))).toBe('skip');
    expect(evaluate(algLegacyStrength, keyInput('not a key'))).toBe('skip');
  });
});
