import { describe, expect, it } from 'vitest';
import { ecCoordinateLength } from '../../../src/checks/material/ec-coordinate-length.js';
import { ecCurve } from '../../../src/checks/material/ec-curve.js';
import { ecOnCurve } from '../../../src/checks/material/ec-on-curve.js';
import { keyInput } from '../../helpers/inputs.js';
import { testKey, type TestKeyType } from '../../helpers/x5c.js';
import { run } from './run-rule.js';

const CURVES: readonly { crv: string; type: TestKeyType; octets: number }[] = [
  { crv: 'P-256', type: 'ec-P-256', octets: 32 },
  { crv: 'P-384', type: 'ec-P-384', octets: 48 },
  { crv: 'P-521', type: 'ec-P-521', octets: 66 },
  { crv: 'secp256k1', type: 'ec-secp256k1', octets: 32 },
];

function mutate(value: string | undefined, change: (bytes: Buffer) => Buffer): string {
  return change(Buffer.from(value ?? '', 'base64url')).toString('base64url');
}

/** y with one octet flipped: the point leaves the curve. */
function flipY(y: string | undefined): string {
  return mutate(y, (bytes) => {
    const copy = Buffer.from(bytes);
    copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x01;
    return copy;
  });
}

describe('jwk.ec.curve', () => {
  it.each(CURVES)('passes $crv', ({ type }) => {
    expect(run(ecCurve, keyInput(testKey(type).jwk))).toEqual([]);
  });

  it('flags a missing crv as an error', () => {
    const { crv: _crv, ...jwk } = testKey('ec-P-256').jwk;
    expect(run(ecCurve, keyInput(jwk))).toMatchObject([{ ruleId: 'jwk.ec.curve', severity: 'error' }]);
  });

  it('flags an unsupported curve (Brainpool) as a warning', () => {
    expect(run(ecCurve, keyInput({ ...testKey('ec-P-256').jwk, crv: 'BP-256' }))).toMatchObject([
      { ruleId: 'jwk.ec.curve', severity: 'warning', pointer: '/keys/0/crv' },
    ]);
  });

  it('flags an OKP curve on an EC key as a warning', () => {
    expect(run(ecCurve, keyInput({ ...testKey('ec-P-256').jwk, crv: 'Ed25519' }))).toMatchObject([
      { ruleId: 'jwk.ec.curve', severity: 'warning' },
    ]);
  });

  it('skips non-EC keys and a crv that is not a string', () => {
    expect(run(ecCurve, keyInput(testKey('ed25519').jwk))).toBe('skip');
    expect(run(ecCurve, keyInput({ ...testKey('ec-P-256').jwk, crv: 256 }))).toBe('skip');
  });
});

describe('jwk.ec.coordinate-length', () => {
  it.each(CURVES)('passes full-length $crv coordinates ($octets octets)', ({ type }) => {
    expect(run(ecCoordinateLength, keyInput(testKey(type).jwk))).toEqual([]);
  });

  it.each(CURVES)('flags a $crv x shortened by one octet', ({ type }) => {
    const jwk = testKey(type).jwk;
    expect(run(ecCoordinateLength, keyInput({ ...jwk, x: mutate(jwk.x, (b) => b.subarray(1)) }))).toMatchObject([
      { ruleId: 'jwk.ec.coordinate-length', severity: 'error', pointer: '/keys/0/x' },
    ]);
  });

  it('flags both coordinates when both are too long', () => {
    const jwk = testKey('ec-P-384').jwk;
    const pad = (v: string | undefined) => mutate(v, (b) => Buffer.concat([Buffer.from([0]), b]));
    expect(run(ecCoordinateLength, keyInput({ ...jwk, x: pad(jwk.x), y: pad(jwk.y) }))).toMatchObject([
      { ruleId: 'jwk.ec.coordinate-length', severity: 'error', pointer: '/keys/0/x' },
      { ruleId: 'jwk.ec.coordinate-length', severity: 'error', pointer: '/keys/0/y' },
    ]);
  });

  it('skips unknown curves and keys without coordinates', () => {
    expect(run(ecCoordinateLength, keyInput({ ...testKey('ec-P-256').jwk, crv: 'BP-256' }))).toBe('skip');
    expect(run(ecCoordinateLength, keyInput({ kty: 'EC', crv: 'P-256' }))).toBe('skip');
  });
});

describe('jwk.ec.on-curve', () => {
  it.each(CURVES)('passes a generated $crv key', ({ type }) => {
    expect(run(ecOnCurve, keyInput(testKey(type).jwk))).toEqual([]);
  });

  it.each(CURVES)('flags a $crv point whose y has a flipped bit', ({ type }) => {
    const jwk = testKey(type).jwk;
    expect(run(ecOnCurve, keyInput({ ...jwk, y: flipY(jwk.y) }))).toMatchObject([
      { ruleId: 'jwk.ec.on-curve', severity: 'error' },
    ]);
  });

  it('says node:crypto agrees when it also refused the point', () => {
    const jwk = testKey('ec-P-256').jwk;
    const input = keyInput({ ...jwk, y: flipY(jwk.y) });
    expect(input.key.importError).toBeDefined();
    const outcome = run(ecOnCurve, input);
    expect(outcome !== 'skip' && outcome[0]?.message).toMatch(/node:crypto also refuses/);
  });

  it.each(CURVES)('flags a $crv coordinate that is not below the field prime', ({ type, octets }) => {
    const jwk = testKey(type).jwk;
    const allOnes = Buffer.alloc(octets, 0xff).toString('base64url');
    expect(run(ecOnCurve, keyInput({ ...jwk, x: allOnes }))).toMatchObject([
      { ruleId: 'jwk.ec.on-curve', severity: 'error' },
    ]);
  });

  it('flags the point at infinity encoded as (0, 0)', () => {
    const zero = Buffer.alloc(32).toString('base64url');
    expect(run(ecOnCurve, keyInput({ kty: 'EC', crv: 'P-256', x: zero, y: zero }))).toMatchObject([
      { ruleId: 'jwk.ec.on-curve', severity: 'error' },
    ]);
  });

  it('skips points whose coordinates have the wrong length (the length rule reports them)', () => {
    const jwk = testKey('ec-P-256').jwk;
    expect(run(ecOnCurve, keyInput({ ...jwk, x: mutate(jwk.x, (b) => b.subarray(1)) }))).toBe('skip');
  });

  it('skips unknown curves and non-EC keys', () => {
    expect(run(ecOnCurve, keyInput({ ...testKey('ec-P-256').jwk, crv: 'P-192' }))).toBe('skip');
    expect(run(ecOnCurve, keyInput(testKey('rsa-2048').jwk))).toBe('skip');
  });
});
