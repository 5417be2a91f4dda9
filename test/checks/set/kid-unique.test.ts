import { describe, expect, it } from 'vitest';
import { jwksKidUnique } from '../../../src/checks/set/kid-unique.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from '../alg/fixtures.js';

describe('jwks.kid.unique', () => {
  it('passes a set whose kids are all different', () => {
    expect(
      evaluate(jwksKidUnique, setInput([jwk('p256', { kid: 'a' }), jwk('p256', { kid: 'b' }, 1), jwk('p384')])),
    ).toEqual([]);
  });

  it('flags two same-type keys sharing a kid as one error, pointing at the second', () => {
    const keys = [
      jwk('p256', { kid: 'k1', alg: 'ES256' }),
      jwk('p384', { kid: 'other' }),
      jwk('p256', { kid: 'k1' }, 1),
    ];
    expect(evaluate(jwksKidUnique, setInput(keys))).toEqual([
      { ruleId: 'jwks.kid.unique', severity: 'error', pointer: '/keys/2/kid', kid: 'k1' },
    ]);
  });

  it('lists every pointer of a kid used three times in one finding', () => {
    const keys = [jwk('rsa2048', { kid: 'x' }), jwk('rsa2048', { kid: 'x' }, 1), jwk('rsa2048', { kid: 'x' }, 2)];
    const drafts = jwksKidUnique.run(setInput(keys));
    expect(drafts).not.toBe('skip');
    if (typeof drafts === 'symbol') return;
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.actual).toContain('/keys/0, /keys/1, /keys/2');
  });

  it('downgrades to a warning when the duplicates differ in kty (RFC 7517 §4.5 alternatives)', () => {
    const keys = [jwk('rsa2048', { kid: 'k', alg: 'RS256' }), jwk('p256', { kid: 'k', alg: 'ES256' })];
    expect(evaluate(jwksKidUnique, setInput(keys))).toEqual([
      { ruleId: 'jwks.kid.unique', severity: 'warning', pointer: '/keys/1/kid', kid: 'k' },
    ]);
  });

  it('downgrades to a warning when same-type duplicates differ in use or alg', () => {
    const byUse = [jwk('rsa2048', { kid: 'k', use: 'sig' }), jwk('rsa2048', { kid: 'k', use: 'enc' }, 1)];
    expect(evaluate(jwksKidUnique, setInput(byUse))).toEqual([
      { ruleId: 'jwks.kid.unique', severity: 'warning', pointer: '/keys/1/kid', kid: 'k' },
    ]);
    const byAlg = [jwk('rsa2048', { kid: 'k', alg: 'RS256' }), jwk('rsa2048', { kid: 'k', alg: 'PS256' }, 1)];
    expect(evaluate(jwksKidUnique, setInput(byAlg))).toHaveLength(1);
  });

  it('treats EC keys on different curves as distinguishable', () => {
    const keys = [jwk('p256', { kid: 'k' }), jwk('p384', { kid: 'k' })];
    expect(evaluate(jwksKidUnique, setInput(keys))).toEqual([
      { ruleId: 'jwks.kid.unique', severity: 'warning', pointer: '/keys/1/kid', kid: 'k' },
    ]);
  });

  it('treats an absent use as matching any use (an error)', () => {
    const keys = [jwk('rsa2048', { kid: 'k', use: 'sig' }), jwk('rsa2048', { kid: 'k' }, 1)];
    expect(evaluate(jwksKidUnique, setInput(keys))).toEqual([
      { ruleId: 'jwks.kid.unique', severity: 'error', pointer: '/keys/1/kid', kid: 'k' },
    ]);
  });

  it('ignores keys without kid and non-object elements', () => {
    expect(evaluate(jwksKidUnique, setInput([jwk('p256'), jwk('p256', {}, 1), 'k', null]))).toEqual([]);
  });

  it('is skipped for a set without key objects', () => {
    expect(evaluate(jwksKidUnique, setInput([]))).toBe('skip');
    expect(evaluate(jwksKidUnique, setInput([1, 'two']))).toBe('skip');
  });
});
