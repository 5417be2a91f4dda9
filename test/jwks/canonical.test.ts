import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CANONICAL_DEPTH, canonicalJson, canonicalJwksJson, jwksContentHash } from '../../src/jwks/canonical.js';

const RSA = {
  kty: 'RSA',
  kid: 'r1',
  n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1Wl',
  e: 'AQAB',
  alg: 'RS256',
  use: 'sig',
};
const EC = {
  kty: 'EC',
  kid: 'e1',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};

/** Rebuilds an object with its members in reverse order. */
function reversedMembers(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).reverse());
}

describe('canonicalJson', () => {
  it('sorts member names at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('writes what JSON.stringify writes for a value without objects', () => {
    const value = ['é\u2028"\\', 1e21, -0, 0.1, true, null, ''];
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
  });

  it('keeps array order, so an x5c chain stays leaf first', () => {
    expect(canonicalJson({ x5c: ['leaf', 'ca'] })).not.toBe(canonicalJson({ x5c: ['ca', 'leaf'] }));
  });

  it('sorts names by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ '\u00e9': 1, z: 2, A: 3 })).toBe('{"A":3,"z":2,"\u00e9":1}');
  });

  it('keeps a "__proto__" member as data', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":{"a":1},"b":2}'))).toBe('{"__proto__":{"a":1},"b":2}');
  });

  it('handles nesting far deeper than the parser allows without recursion', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < MAX_CANONICAL_DEPTH - 1; i++) value = [value];
    expect(canonicalJson(value)).toHaveLength(2 * (MAX_CANONICAL_DEPTH - 1) + '"leaf"'.length);
  });

  it('refuses a cyclic value with a TypeError instead of looping', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
  });
});

describe('jwksContentHash', () => {
  it('is the same when the keys are reordered', () => {
    expect(jwksContentHash({ keys: [RSA, EC] })).toBe(jwksContentHash({ keys: [EC, RSA] }));
  });

  it('is the same when the members of keys and of the set are reordered', () => {
    const reordered = reversedMembers({ keys: [reversedMembers(EC), reversedMembers(RSA)], extra: 1 });
    expect(jwksContentHash(reordered)).toBe(jwksContentHash({ extra: 1, keys: [RSA, EC] }));
  });

  it('changes when a member value changes', () => {
    expect(jwksContentHash({ keys: [RSA, EC] })).not.toBe(jwksContentHash({ keys: [RSA, { ...EC, kid: 'e2' }] }));
  });

  it('changes when a key is duplicated (a set with a duplicate is a different document)', () => {
    expect(jwksContentHash({ keys: [RSA, EC] })).not.toBe(jwksContentHash({ keys: [RSA, EC, EC] }));
  });

  it('is lower-case hex SHA-256', () => {
    expect(jwksContentHash({ keys: [] })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('identifies documents that are not sets as well', () => {
    expect(canonicalJwksJson([1, { b: 2, a: 1 }])).toBe('[1,{"a":1,"b":2}]');
    expect(canonicalJwksJson({ keys: 'not an array', a: 1 })).toBe('{"a":1,"keys":"not an array"}');
  });

  it('is invariant under any permutation of keys and members (property)', () => {
    const jsonValue = fc.jsonValue({ maxDepth: 3 });
    const key = fc.dictionary(fc.string({ maxLength: 6 }), jsonValue, { maxKeys: 6 });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 6 }), fc.integer(), (keys, seed) => {
        const shuffled = [...keys]
          .map((k, i) => ({ k, order: (seed * (i + 7)) % 13 }))
          .sort((a, b) => a.order - b.order)
          .map(({ k }) => reversedMembers(k));
        expect(jwksContentHash({ keys: shuffled })).toBe(jwksContentHash({ keys }));
      }),
      { numRuns: 200 },
    );
  });
});
