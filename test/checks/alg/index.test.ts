import { describe, expect, it } from 'vitest';
import { algRules } from '../../../src/checks/alg/index.js';
import { keyInput } from '../../helpers/inputs.js';

describe('algRules', () => {
  it('holds each catalogue id of the algorithm rows once, as key rules', () => {
    expect(algRules.map((rule) => rule.id).sort()).toEqual(
      [
        'alg.eddsa-polymorphic',
        'alg.legacy-strength',
        'alg.none',
        'alg.rsa1_5',
        'alg.symmetric',
        'jwk.alg.crv-match',
        'jwk.alg.kty-match',
        'jwk.alg.present',
        'jwk.alg.registered',
        'jwk.alg.use-match',
      ].sort(),
    );
    expect(algRules.every((rule) => rule.scope === 'key')).toBe(true);
  });

  it('never throws on hostile key members', () => {
    const hostile: unknown[] = [
      null,
      [],
      { kty: 'RSA', alg: 'RS256', use: 7, key_ops: 'verify', crv: {} },
      { kty: 'EC', alg: 'ES256', crv: 'P-256', key_ops: [1, 2] },
      { kty: '__proto__', alg: 'constructor', crv: 'toString', use: 'hasOwnProperty' },
      Object.assign(Object.create(null), { alg: 'EdDSA', kty: 'OKP' }),
    ];
    for (const value of hostile) for (const rule of algRules) expect(() => rule.run(keyInput(value))).not.toThrow();
  });
});
