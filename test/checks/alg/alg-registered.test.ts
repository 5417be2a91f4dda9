import { describe, expect, it } from 'vitest';
import { jwkAlgRegistered } from '../../../src/checks/alg/alg-registered.js';
import { keyInput } from '../../helpers/inputs.js';
import { evaluate, jwk, severities, without } from './fixtures.js';

describe('jwk.alg.registered', () => {
  it('passes registered algorithms, including RFC 9864 and RFC 9964 names', () => {
    for (const [kind, alg] of [
      ['rsa2048', 'PS256'],
      ['p256', 'ES256'],
      ['ed25519', 'Ed25519'],
      ['mldsa44', 'ML-DSA-44'],
      ['rsa2048', 'RSA-OAEP-256'],
    ] as const) {
      expect(evaluate(jwkAlgRegistered, keyInput(jwk(kind, { alg })))).toEqual([]);
    }
  });

  it('warns about an alg outside the registry, pointing at the member', () => {
    expect(evaluate(jwkAlgRegistered, keyInput(jwk('rsa2048', { alg: 'RSA256' }), { index: 2 }))).toEqual([
      { ruleId: 'jwk.alg.registered', severity: 'warning', pointer: '/keys/2/alg' },
    ]);
  });

  it('warns about a wrongly cased registered name (names are case-sensitive)', () => {
    expect(severities(jwkAlgRegistered, keyInput(jwk('rsa2048', { alg: 'rs256' })))).toEqual(['warning']);
  });

  it('is skipped for a key without alg, with a non-string alg, or for a non-object element', () => {
    expect(evaluate(jwkAlgRegistered, keyInput(without(jwk('rsa2048'), 'alg')))).toBe('skip');
    expect(evaluate(jwkAlgRegistered, keyInput(jwk('rsa2048', { alg: 256 })))).toBe('skip');
    expect(evaluate(jwkAlgRegistered, keyInput('RS256'))).toBe('skip');
  });

  it('keeps a huge hostile alg out of the message in full', () => {
    const alg = 'x'.repeat(100_000);
    const drafts = jwkAlgRegistered.run(keyInput(jwk('rsa2048', { alg })));
    expect(drafts).not.toBe('skip');
    if (typeof drafts === 'symbol') return;
    expect(drafts[0]?.message.length).toBeLessThan(400);
    expect(drafts[0]?.actual?.length).toBeLessThan(100);
  });
});
