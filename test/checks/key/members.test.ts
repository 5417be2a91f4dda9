import { describe, expect, it } from 'vitest';
import { loadRfcFixture } from '../../jwks/rfc-fixtures.js';
import { evaluate } from './evaluate.js';

const rsa = (): Record<string, unknown> => loadRfcFixture('rfc7520-3.3-rsa-public.json');
const ec = (): Record<string, unknown> => loadRfcFixture('rfc7520-3.1-ec-public.json');
const okp = (): Record<string, unknown> => loadRfcFixture('rfc8037-a.2-ed25519-public.json');
const without = (jwk: Record<string, unknown>, ...names: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(jwk).filter(([name]) => !names.includes(name)));

describe('jwk.kty.present', () => {
  it('passes a key with a kty string', () => {
    expect(evaluate(rsa()).of('jwk.kty.present')).toEqual([]);
  });

  it('flags a key without kty', () => {
    expect(evaluate(without(rsa(), 'kty')).of('jwk.kty.present')).toMatchObject([{ severity: 'error' }]);
  });

  it('flags a kty that is not a string, and only once across rules', () => {
    const result = evaluate({ ...rsa(), kty: 1 }, { index: 2 });
    expect(result.of('jwk.kty.present')).toMatchObject([{ pointer: '/keys/2/kty', actual: 'number' }]);
    expect(result.of('jwk.members.types')).toEqual([]);
  });
});

describe('jwk.kty.known', () => {
  it('passes every registered key type', () => {
    for (const kty of ['RSA', 'EC', 'OKP', 'oct', 'AKP'])
      expect(evaluate({ kty }).skipped).not.toContain('jwk.kty.known');
    for (const kty of ['RSA', 'EC', 'OKP', 'oct', 'AKP']) expect(evaluate({ kty }).of('jwk.kty.known')).toEqual([]);
  });

  it('flags an unknown kty as a warning', () => {
    expect(evaluate({ ...rsa(), kty: 'DSA' }).of('jwk.kty.known')).toMatchObject([
      { severity: 'warning', pointer: '/keys/0/kty' },
    ]);
  });

  it('compares case-sensitively', () => {
    const [finding] = evaluate({ ...rsa(), kty: 'rsa' }).of('jwk.kty.known');
    expect(finding?.message).toContain('"RSA"');
  });

  it('is skipped when kty is missing (jwk.kty.present reports it)', () => {
    expect(evaluate(without(rsa(), 'kty')).skipped).toContain('jwk.kty.known');
  });
});

describe('jwk.members.required', () => {
  it('passes complete RSA, EC, OKP, oct and AKP keys', () => {
    const complete = [rsa(), ec(), okp(), { kty: 'oct', k: 'AAAA' }, { kty: 'AKP', alg: 'ML-DSA-44', pub: 'AAAA' }];
    for (const jwk of complete) expect(evaluate(jwk).of('jwk.members.required')).toEqual([]);
  });

  it('flags each missing member of its kty', () => {
    expect(evaluate(without(rsa(), 'e')).of('jwk.members.required')).toMatchObject([
      { pointer: '/keys/0/e', severity: 'error' },
    ]);
    expect(
      evaluate(without(ec(), 'crv', 'y'))
        .of('jwk.members.required')
        .map((f) => f.pointer),
    ).toEqual(['/keys/0/crv', '/keys/0/y']);
    expect(evaluate({ kty: 'OKP', crv: 'Ed25519' }).of('jwk.members.required')).toHaveLength(1);
    expect(evaluate({ kty: 'oct' }).of('jwk.members.required')).toHaveLength(1);
    expect(evaluate({ kty: 'AKP', pub: 'AAAA' }).of('jwk.members.required')).toMatchObject([{ expected: 'alg' }]);
  });

  it('is skipped for unknown key types', () => {
    expect(evaluate({ kty: 'XYZ' }).skipped).toContain('jwk.members.required');
  });
});

describe('jwk.members.types', () => {
  it('passes members of their registered types', () => {
    const jwk = { ...rsa(), key_ops: ['verify'], ext: true, x5u: 'https://example.com/c.pem', alg: 'RS256' };
    expect(evaluate(jwk).of('jwk.members.types')).toEqual([]);
  });

  it('flags string members that are not strings', () => {
    const result = evaluate({ ...rsa(), n: 12345, use: null, alg: ['RS256'] });
    expect(
      result
        .of('jwk.members.types')
        .map((f) => f.pointer)
        .sort(),
    ).toEqual(['/keys/0/alg', '/keys/0/n', '/keys/0/use']);
    expect(result.of('jwk.members.types').every((f) => f.severity === 'error')).toBe(true);
  });

  it('flags key_ops and x5c that are not arrays of strings, pointing at the bad entry', () => {
    expect(evaluate({ ...rsa(), key_ops: 'verify' }).of('jwk.members.types')).toMatchObject([
      { pointer: '/keys/0/key_ops', actual: 'string' },
    ]);
    expect(evaluate({ ...rsa(), x5c: ['MIIB', 7] }).of('jwk.members.types')).toMatchObject([
      { pointer: '/keys/0/x5c/1', actual: 'number' },
    ]);
  });

  it('flags ext that is not a boolean', () => {
    expect(evaluate({ ...rsa(), ext: 'true' }).of('jwk.members.types')).toMatchObject([{ pointer: '/keys/0/ext' }]);
  });

  it('escapes member names in pointers', () => {
    expect(evaluate({ ...rsa(), 'x5t#S256': 5 }).of('jwk.members.types')).toMatchObject([
      { pointer: '/keys/0/x5t#S256' },
    ]);
  });
});

describe('jwk.kid.type', () => {
  it('passes a plain kid and is skipped without one', () => {
    expect(evaluate(rsa()).of('jwk.kid.type')).toEqual([]);
    expect(evaluate(without(rsa(), 'kid')).skipped).toContain('jwk.kid.type');
  });

  it('flags a kid that is not a string or is empty as an error', () => {
    expect(evaluate({ ...rsa(), kid: 17 }).of('jwk.kid.type')).toMatchObject([{ severity: 'error', actual: 'number' }]);
    expect(evaluate({ ...rsa(), kid: '' }).of('jwk.kid.type')).toMatchObject([{ severity: 'error' }]);
  });

  it('warns about control characters, whitespace and very long kids', () => {
    expect(evaluate({ ...rsa(), kid: 'a\u0000b' }).of('jwk.kid.type')).toMatchObject([{ severity: 'warning' }]);
    expect(evaluate({ ...rsa(), kid: ' key 1' }).of('jwk.kid.type')).toMatchObject([{ severity: 'warning' }]);
    expect(evaluate({ ...rsa(), kid: 'k'.repeat(257) }).of('jwk.kid.type')).toMatchObject([{ severity: 'warning' }]);
    expect(evaluate({ ...rsa(), kid: 'k'.repeat(256) }).of('jwk.kid.type')).toEqual([]);
  });
});

describe('jwk.unknown-member', () => {
  it('passes registered members of the kty and the common ones', () => {
    const jwk = {
      ...ec(),
      alg: 'ES512',
      key_ops: ['verify'],
      x5u: 'https://e.example/c',
      x5t: 'AA',
      'x5t#S256': 'AA',
      ext: true,
    };
    expect(evaluate(jwk).of('jwk.unknown-member')).toEqual([]);
  });

  it('reports vendor members and members of another kty as info', () => {
    const findings = evaluate({ ...rsa(), crv: 'P-256', x_vendor: 1 }).of('jwk.unknown-member');
    expect(findings.map((f) => f.pointer)).toEqual(['/keys/0/crv', '/keys/0/x_vendor']);
    expect(findings.every((f) => f.severity === 'info')).toBe(true);
    expect(findings[0]?.message).toContain('EC/OKP');
  });

  it('leaves known private member names to jwk.private.*', () => {
    const result = evaluate({ ...rsa(), priv: 'AAAA', k: 'AAAA' });
    expect(result.of('jwk.unknown-member')).toEqual([]);
    expect(result.fired).toEqual(expect.arrayContaining(['jwk.private.members', 'jwk.private.symmetric']));
  });

  it('bounds the report for a key with thousands of members', () => {
    const noisy = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`vendor${i}`, i]));
    expect(evaluate({ ...rsa(), ...noisy }).of('jwk.unknown-member').length).toBeLessThanOrEqual(21);
  });

  it('is skipped for unknown key types', () => {
    expect(evaluate({ kty: 'XYZ', foo: 1 }).skipped).toContain('jwk.unknown-member');
  });
});
