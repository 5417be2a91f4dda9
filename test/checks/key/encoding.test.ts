import { describe, expect, it } from 'vitest';
import { loadRfcFixture } from '../../jwks/rfc-fixtures.js';
import { evaluate } from './evaluate.js';

const rsa = (): Record<string, unknown> => loadRfcFixture('rfc7520-3.3-rsa-public.json');
const ec = (): Record<string, unknown> => loadRfcFixture('rfc7520-3.1-ec-public.json');
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const withLeadingZero = (b64u: string): string =>
  Buffer.concat([Buffer.from([0]), Buffer.from(b64u, 'base64url')]).toString('base64url');

describe('jwk.base64url.alphabet', () => {
  it('passes strict base64url members', () => {
    expect(evaluate(rsa()).of('jwk.base64url.alphabet')).toEqual([]);
    expect(evaluate(ec()).of('jwk.base64url.alphabet')).toEqual([]);
  });

  it('flags padding, whitespace, the standard alphabet and undecodable values, one finding per member', () => {
    const n = str(rsa()['n']);
    const standard = Buffer.from(n, 'base64url').toString('base64');
    expect(evaluate({ ...rsa(), n: standard }).of('jwk.base64url.alphabet')).toMatchObject([
      { pointer: '/keys/0/n', actual: 'standard-alphabet', severity: 'error' },
    ]);
    expect(evaluate({ ...rsa(), e: 'AQAB\n' }).of('jwk.base64url.alphabet')).toMatchObject([{ actual: 'whitespace' }]);
    expect(evaluate({ ...ec(), x: `${str(ec()['x'])}==`, y: '%%%' }).of('jwk.base64url.alphabet')).toMatchObject([
      { pointer: '/keys/0/x', actual: 'padding' },
      { pointer: '/keys/0/y', actual: 'not decodable' },
    ]);
  });

  it('flags non-canonical final bits', () => {
    // "AR" and "AQ" both decode to 0x01; only "AQ" has zero unused bits.
    expect(evaluate({ kty: 'OKP', crv: 'Ed25519', x: 'AQ' }).of('jwk.base64url.alphabet')).toEqual([]);
    expect(evaluate({ kty: 'OKP', crv: 'Ed25519', x: 'AR' }).of('jwk.base64url.alphabet')).toMatchObject([
      { actual: 'non-canonical' },
    ]);
  });

  it('checks x5t, x5t#S256 and private members, including oth entries', () => {
    const result = evaluate({ ...rsa(), 'x5t#S256': 'AA==', d: 'AQ+B', oth: [{ r: 'AQ==', d: 'AQAB', t: 'AQAB' }] });
    expect(result.of('jwk.base64url.alphabet').map((f) => f.pointer)).toEqual([
      '/keys/0/x5t#S256',
      '/keys/0/d',
      '/keys/0/oth/0/r',
    ]);
  });
});

describe('jwk.base64urluint.minimal', () => {
  it('passes minimal RSA integers and the single zero octet', () => {
    expect(evaluate(rsa()).of('jwk.base64urluint.minimal')).toEqual([]);
    expect(evaluate({ ...rsa(), e: 'AA' }).of('jwk.base64urluint.minimal')).toEqual([]);
  });

  it('warns about a modulus with a leading zero octet', () => {
    const findings = evaluate({ ...rsa(), n: withLeadingZero(str(rsa()['n'])) }).of('jwk.base64urluint.minimal');
    expect(findings).toMatchObject([{ pointer: '/keys/0/n', severity: 'warning', actual: '1 leading zero octet(s)' }]);
  });

  it('checks the exponent and the private integers too', () => {
    const result = evaluate(
      { ...rsa(), e: 'AAEAAQ', d: withLeadingZero('AQAB') },
      { options: { privateKeyMode: true } },
    );
    expect(result.of('jwk.base64urluint.minimal').map((f) => f.pointer)).toEqual(['/keys/0/e', '/keys/0/d']);
  });

  it('does not apply to EC coordinates, whose leading zeros are required', () => {
    const p521 = ec();
    expect(str(p521['x']).startsWith('AH')).toBe(true);
    expect(evaluate(p521).skipped).toContain('jwk.base64urluint.minimal');
  });
});
