import { describe, expect, it } from 'vitest';
import { jwksKidRequired } from '../../../src/checks/set/kid-required.js';
import { setInput } from '../../helpers/inputs.js';
import { evaluate, jwk, without } from '../alg/fixtures.js';

describe('jwks.kid.required', () => {
  it('passes a multi-key set where every key has a kid', () => {
    expect(evaluate(jwksKidRequired, setInput([jwk('p256', { kid: 'a' }), jwk('rsa2048', { kid: 'b' })]))).toEqual([]);
  });

  it('passes a single key with a kid', () => {
    expect(evaluate(jwksKidRequired, setInput([jwk('p256', { kid: 'a' })]))).toEqual([]);
  });

  it('flags each key without kid in a multi-key set as an error', () => {
    const keys = [jwk('p256', { kid: 'a' }), without(jwk('rsa2048'), 'kid'), jwk('ed25519')];
    expect(severities(keys)).toEqual([
      { severity: 'error', pointer: '/keys/1' },
      { severity: 'error', pointer: '/keys/2' },
    ]);
  });

  it('reports a single key without kid as info', () => {
    expect(evaluate(jwksKidRequired, setInput([jwk('p256')]))).toEqual([
      { ruleId: 'jwks.kid.required', severity: 'info', pointer: '/keys/0', thumbprint: expect.any(String) },
    ]);
  });

  it('leaves a kid of the wrong type to jwk.kid.type', () => {
    expect(evaluate(jwksKidRequired, setInput([jwk('p256', { kid: 1 }), jwk('p384', { kid: 'b' })]))).toEqual([]);
  });

  it('is skipped for a set without key objects', () => {
    expect(evaluate(jwksKidRequired, setInput([]))).toBe('skip');
  });
});

function severities(keys: unknown[]): { severity: string; pointer: string | undefined }[] {
  const result = evaluate(jwksKidRequired, setInput(keys));
  if (typeof result === 'string') return [];
  return result.map((o) => ({ severity: o.severity, pointer: o.pointer }));
}
