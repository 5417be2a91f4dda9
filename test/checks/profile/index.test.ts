import { describe, expect, it } from 'vitest';
import { profileRules } from '../../../src/checks/profile/index.js';
import { PROFILES } from '../../../src/checks/types.js';
import { setInput } from '../../helpers/inputs.js';

describe('profileRules', () => {
  it('holds the key half of each profile overlay, as set rules', () => {
    expect(profileRules.map((rule) => rule.id).sort()).toEqual(
      [
        'profile.fapi1.algs',
        'profile.fapi1.key-size',
        'profile.fapi2.algs',
        'profile.fapi2.key-size',
        'profile.shc.issuer-key',
      ].sort(),
    );
    expect(profileRules.every((rule) => rule.scope === 'set')).toBe(true);
  });

  it('sets a severity for every profile explicitly, so fapi1/fapi2 do not inherit oidc', () => {
    for (const rule of profileRules) expect(Object.keys(rule.profiles ?? {}).sort()).toEqual([...PROFILES].sort());
  });

  it('never throws on hostile elements under any profile', () => {
    const hostile: unknown[] = [
      null,
      'x',
      [],
      { kty: 'RSA', n: 7 },
      { kty: 'EC', crv: 'toString', x: 'AA' },
      { kty: 'OKP', alg: 'EdDSA' },
    ];
    for (const profile of PROFILES) {
      for (const rule of profileRules) expect(() => rule.run(setInput(hostile, { profile }))).not.toThrow();
    }
  });
});
