import { describe, expect, it } from 'vitest';
import { algEddsaPolymorphic } from '../../../src/checks/alg/eddsa-polymorphic.js';
import { keyInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from './fixtures.js';

describe('alg.eddsa-polymorphic', () => {
  it('passes the fully specified Ed25519 and Ed448', () => {
    expect(evaluate(algEddsaPolymorphic, keyInput(jwk('ed25519', { alg: 'Ed25519' })))).toEqual([]);
    expect(evaluate(algEddsaPolymorphic, keyInput(jwk('ed448', { alg: 'Ed448' })))).toEqual([]);
  });

  it('reports the polymorphic EdDSA as info', () => {
    expect(evaluate(algEddsaPolymorphic, keyInput(jwk('ed25519', { alg: 'EdDSA' })))).toEqual([
      { ruleId: 'alg.eddsa-polymorphic', severity: 'info', pointer: '/keys/0/alg' },
    ]);
  });

  it('suggests the algorithm for the key curve', () => {
    const drafts = algEddsaPolymorphic.run(keyInput(jwk('ed448', { alg: 'EdDSA' })));
    expect(drafts).not.toBe('skip');
    if (typeof drafts === 'symbol') return;
    expect(drafts[0]?.expected).toBe('Ed448');
  });

  it('is skipped for a key without alg', () => {
    expect(evaluate(algEddsaPolymorphic, keyInput(jwk('ed25519')))).toBe('skip');
  });
});
