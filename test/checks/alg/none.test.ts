import { describe, expect, it } from 'vitest';
import { algNone } from '../../../src/checks/alg/none.js';
import { keyInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from './fixtures.js';

describe('alg.none', () => {
  it('passes a key with a real algorithm', () => {
    expect(evaluate(algNone, keyInput(jwk('rsa2048', { alg: 'RS256' })))).toEqual([]);
  });

  it('flags a key that declares alg none as an error', () => {
    expect(evaluate(algNone, keyInput(jwk('rsa2048', { alg: 'none' })))).toEqual([
      { ruleId: 'alg.none', severity: 'error', pointer: '/keys/0/alg' },
    ]);
  });

  it('flags case variants of none, the classic verifier bypass', () => {
    expect(evaluate(algNone, keyInput(jwk('rsa2048', { alg: 'NoNe' })))).toHaveLength(1);
  });

  it('is skipped for a key without alg', () => {
    expect(evaluate(algNone, keyInput(jwk('rsa2048')))).toBe('skip');
  });
});
