import { describe, expect, it } from 'vitest';
import { rsaExponent } from '../../../src/checks/material/rsa-exponent.js';
import { rsaModulusSize } from '../../../src/checks/material/rsa-modulus-size.js';
import { rsaModulusUpper } from '../../../src/checks/material/rsa-modulus-upper.js';
import { keyInput } from '../../helpers/inputs.js';
import { testKey } from '../../helpers/x5c.js';
import { run } from './run-rule.js';

const rsa2048 = testKey('rsa-2048').jwk;
const rsa1024 = testKey('rsa-1024').jwk;
/** RFC 7518 §2 Base64urlUInt of a small integer. */
function exponent(value: number): string {
  const octets: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from(octets).toString('base64url');
}

describe('jwk.rsa.modulus-size', () => {
  it('passes a 2048-bit RSA key', () => {
    expect(run(rsaModulusSize, keyInput({ ...rsa2048, kid: 'a' }))).toEqual([]);
  });

  it('flags a 1024-bit RSA key as an error pointing at n', () => {
    expect(run(rsaModulusSize, keyInput({ ...rsa1024, kid: 'old', alg: 'RS256' }))).toMatchObject([
      { ruleId: 'jwk.rsa.modulus-size', severity: 'error', pointer: '/keys/0/n' },
    ]);
  });

  it('counts bits of the integer, so a leading zero octet does not make a 2040-bit modulus pass', () => {
    const n = Buffer.from(rsa2048.n ?? '', 'base64url');
    // 255 octets with the top bit set = 2040 bits; a zero octet in front makes 256 octets but not 2048 bits.
    const short = Buffer.concat([Buffer.from([0]), n.subarray(1)]).toString('base64url');
    expect(run(rsaModulusSize, keyInput({ ...rsa2048, n: short }))).toMatchObject([
      { ruleId: 'jwk.rsa.modulus-size', severity: 'error' },
    ]);
  });

  it('skips keys of other types and keys without n', () => {
    expect(run(rsaModulusSize, keyInput(testKey('ec-P-256').jwk))).toBe('skip');
    expect(run(rsaModulusSize, keyInput({ kty: 'RSA', e: 'AQAB' }))).toBe('skip');
    expect(run(rsaModulusSize, keyInput('not an object'))).toBe('skip');
  });
});

describe('jwk.rsa.modulus-upper', () => {
  it('passes a key at or below the ceiling', () => {
    expect(run(rsaModulusUpper, keyInput(rsa2048))).toEqual([]);
  });

  it('reports a modulus above the configured ceiling as info', () => {
    expect(run(rsaModulusUpper, keyInput(rsa2048, { options: { rsaMaxBits: 1024 } }))).toMatchObject([
      { ruleId: 'jwk.rsa.modulus-upper', severity: 'info' },
    ]);
  });

  it('skips non-RSA keys', () => {
    expect(run(rsaModulusUpper, keyInput(testKey('ed25519').jwk))).toBe('skip');
  });
});

describe('jwk.rsa.exponent', () => {
  it('passes e = 65537', () => {
    expect(run(rsaExponent, keyInput({ ...rsa2048, e: 'AQAB' }))).toEqual([]);
  });

  it('flags e = 1 as an error', () => {
    expect(run(rsaExponent, keyInput({ ...rsa2048, e: exponent(1) }))).toMatchObject([
      { ruleId: 'jwk.rsa.exponent', severity: 'error', pointer: '/keys/0/e' },
    ]);
  });

  it('flags an even exponent and e = 0 as errors', () => {
    expect(run(rsaExponent, keyInput({ ...rsa2048, e: exponent(65536) }))).toMatchObject([
      { ruleId: 'jwk.rsa.exponent', severity: 'error' },
    ]);
    expect(run(rsaExponent, keyInput({ ...rsa2048, e: 'AA' }))).toMatchObject([
      { ruleId: 'jwk.rsa.exponent', severity: 'error' },
    ]);
  });

  it('reports the odd but unusual e = 3 as info', () => {
    expect(run(rsaExponent, keyInput({ ...rsa2048, e: exponent(3) }))).toMatchObject([
      { ruleId: 'jwk.rsa.exponent', severity: 'info' },
    ]);
  });

  it('judges e as an integer, so a zero-prefixed 65537 still passes', () => {
    expect(run(rsaExponent, keyInput({ ...rsa2048, e: 'AAEAAQ' }))).toEqual([]);
  });

  it('skips a key whose e is missing or not a string', () => {
    expect(run(rsaExponent, keyInput({ kty: 'RSA', n: rsa2048.n }))).toBe('skip');
    expect(run(rsaExponent, keyInput({ kty: 'RSA', n: rsa2048.n, e: 65537 }))).toBe('skip');
  });
});
