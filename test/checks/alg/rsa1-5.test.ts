import { describe, expect, it } from 'vitest';
import { algRsa1_5 } from '../../../src/checks/alg/rsa1-5.js';
import { keyInput } from '../../helpers/inputs.js';
import { evaluate, jwk, severities } from './fixtures.js';

describe('alg.rsa1_5', () => {
  it('passes an RSA-OAEP-256 encryption key', () => {
    expect(evaluate(algRsa1_5, keyInput(jwk('rsa2048', { alg: 'RSA-OAEP-256', use: 'enc' })))).toEqual([]);
  });

  it('warns about an RSA1_5 encryption key under core and oidc', () => {
    const key = jwk('rsa2048', { alg: 'RSA1_5', use: 'enc' });
    expect(evaluate(algRsa1_5, keyInput(key))).toEqual([
      { ruleId: 'alg.rsa1_5', severity: 'warning', pointer: '/keys/0/alg' },
    ]);
    expect(severities(algRsa1_5, keyInput(key, { profile: 'oidc' }))).toEqual(['warning']);
  });

  it('makes RSA1_5 an error under fapi1 and fapi2', () => {
    const key = jwk('rsa2048', { alg: 'RSA1_5', use: 'enc' });
    expect(severities(algRsa1_5, keyInput(key, { profile: 'fapi1' }))).toEqual(['error']);
    expect(severities(algRsa1_5, keyInput(key, { profile: 'fapi2' }))).toEqual(['error']);
  });

  it('is skipped for a key without alg', () => {
    expect(evaluate(algRsa1_5, keyInput(jwk('rsa2048', { use: 'enc' })))).toBe('skip');
  });
});
