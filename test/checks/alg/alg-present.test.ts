import { describe, expect, it } from 'vitest';
import { jwkAlgPresent } from '../../../src/checks/alg/alg-present.js';
import { keyInput } from '../../helpers/inputs.js';
import { evaluate, jwk, without } from './fixtures.js';

describe('jwk.alg.present', () => {
  it('passes a key that pins its alg', () => {
    expect(evaluate(jwkAlgPresent, keyInput(jwk('p256', { alg: 'ES256' })))).toEqual([]);
  });

  it('reports an RSA key without alg as info', () => {
    expect(evaluate(jwkAlgPresent, keyInput(jwk('rsa2048')))).toEqual([
      { ruleId: 'jwk.alg.present', severity: 'info' },
    ]);
  });

  it('reports an AKP key without alg as an error (RFC 9964 makes it mandatory)', () => {
    expect(evaluate(jwkAlgPresent, keyInput(without(jwk('mldsa44'), 'alg')))).toEqual([
      { ruleId: 'jwk.alg.present', severity: 'error' },
    ]);
  });

  it('leaves a non-string alg to jwk.members.types', () => {
    expect(evaluate(jwkAlgPresent, keyInput(jwk('rsa2048', { alg: ['RS256'] })))).toEqual([]);
  });

  it('is skipped for a non-object element', () => {
    expect(evaluate(jwkAlgPresent, keyInput(42))).toBe('skip');
  });
});
