import { describe, expect, it } from 'vitest';
import { setRules } from '../../../src/checks/set/index.js';
import { setInput } from '../../helpers/inputs.js';

describe('setRules', () => {
  it('holds each catalogue id of the set-level rows once, as set rules', () => {
    expect(setRules.map((rule) => rule.id).sort()).toEqual(
      [
        'jwks.key-count',
        'jwks.key.dual-purpose',
        'jwks.key.duplicate-material',
        'jwks.kid.required',
        'jwks.kid.unique',
        'jwks.signing-key.present',
        'jwks.use.required-when-mixed',
      ].sort(),
    );
    expect(setRules.every((rule) => rule.scope === 'set')).toBe(true);
  });

  it('never throws on hostile elements', () => {
    const hostile: unknown[] = [
      null,
      7,
      [],
      { kid: { toString: 1 }, kty: 'RSA', n: 5 },
      { kid: '__proto__', kty: 'EC', use: ['sig'], key_ops: [null] },
      { kid: '__proto__', kty: 'EC', use: 'sig' },
      { kid: 'constructor', kty: 'oct', k: 'AA', alg: 'HS256' },
    ];
    for (const rule of setRules) expect(() => rule.run(setInput(hostile))).not.toThrow();
  });
});
