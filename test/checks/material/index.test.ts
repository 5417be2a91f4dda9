import { describe, expect, it } from 'vitest';
import { materialRules } from '../../../src/checks/material/index.js';
import { SKIP, type Rule } from '../../../src/checks/types.js';
import { keyInput } from '../../helpers/inputs.js';
import { selfSignedX5c, testKey } from '../../helpers/x5c.js';

const CATALOGUE_IDS = [
  'jwk.rsa.modulus-size',
  'jwk.rsa.modulus-upper',
  'jwk.rsa.exponent',
  'jwk.ec.curve',
  'jwk.ec.coordinate-length',
  'jwk.ec.on-curve',
  'jwk.okp.curve',
  'jwk.okp.length',
  'jwk.okp.purpose',
  'jwk.akp.members',
  'jwk.oct.size',
  'jwk.x5c.format',
  'jwk.x5c.bare-key',
  'jwk.x5c.key-match',
  'jwk.x5t.match',
  'jwk.x5t.format',
  'jwk.x5c.validity',
  'jwk.x5c.chain',
  'jwk.x5c.consistency',
  'jwk.x5u.https',
];

/** Values of every JSON type, plus strings that decode to nothing useful. */
const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  '',
  '====',
  'A',
  '\u0000',
  [],
  [null],
  {},
  { a: 1 },
  'x'.repeat(5000),
];
const MEMBERS = [
  'kty',
  'crv',
  'n',
  'e',
  'x',
  'y',
  'pub',
  'k',
  'alg',
  'use',
  'key_ops',
  'x5c',
  'x5t',
  'x5t#S256',
  'x5u',
];
const KTYS = ['RSA', 'EC', 'OKP', 'AKP', 'oct', 'unknown'];

function keyRule(rule: Rule): rule is Rule<'key'> {
  return rule.scope === 'key';
}

describe('materialRules', () => {
  it('holds exactly the catalogue rules of this group, as key rules', () => {
    expect(materialRules.map((rule) => rule.id).sort()).toEqual([...CATALOGUE_IDS].sort());
    expect(materialRules.every(keyRule)).toBe(true);
  });

  it('skips every rule for an element of keys that is not an object', () => {
    for (const rule of materialRules.filter(keyRule)) {
      for (const value of [null, 'RSA', 42, []]) expect(rule.run(keyInput(value))).toBe(SKIP);
    }
  });

  it('never throws on members of any JSON type', async () => {
    const { x5c } = await selfSignedX5c(testKey('ec-P-256'));
    const rules = materialRules.filter(keyRule);
    for (const kty of KTYS) {
      for (const member of MEMBERS) {
        for (const value of HOSTILE_VALUES) {
          const input = keyInput({ kty, crv: 'P-256', x5c, [member]: value }, { options: { privateKeyMode: true } });
          for (const rule of rules) expect(() => rule.run(input)).not.toThrow();
        }
      }
    }
  });
});
