import { describe, expect, it } from 'vitest';
import { okpCurve } from '../../../src/checks/material/okp-curve.js';
import { okpLength } from '../../../src/checks/material/okp-length.js';
import { okpPurpose } from '../../../src/checks/material/okp-purpose.js';
import { keyInput } from '../../helpers/inputs.js';
import { testKey } from '../../helpers/x5c.js';
import { run } from './run-rule.js';

const ed25519 = testKey('ed25519').jwk;
const x25519 = testKey('x25519').jwk;
const octets = (n: number): string => Buffer.alloc(n, 7).toString('base64url');

describe('jwk.okp.curve', () => {
  it.each(['Ed25519', 'Ed448', 'X25519', 'X448'])('passes %s', (crv) => {
    expect(run(okpCurve, keyInput({ kty: 'OKP', crv, x: ed25519.x }))).toEqual([]);
  });

  it('flags a missing crv as an error', () => {
    expect(run(okpCurve, keyInput({ kty: 'OKP', x: ed25519.x }))).toMatchObject([
      { ruleId: 'jwk.okp.curve', severity: 'error' },
    ]);
  });

  it('flags an unknown curve, and an EC curve on an OKP key, as warnings', () => {
    expect(run(okpCurve, keyInput({ ...ed25519, crv: 'Ed25519ph' }))).toMatchObject([
      { ruleId: 'jwk.okp.curve', severity: 'warning', pointer: '/keys/0/crv' },
    ]);
    expect(run(okpCurve, keyInput({ ...ed25519, crv: 'P-256' }))).toMatchObject([
      { ruleId: 'jwk.okp.curve', severity: 'warning' },
    ]);
  });

  it('skips non-OKP keys', () => {
    expect(run(okpCurve, keyInput(testKey('ec-P-256').jwk))).toBe('skip');
  });
});

describe('jwk.okp.length', () => {
  it('passes generated Ed25519 and X25519 keys', () => {
    expect(run(okpLength, keyInput(ed25519))).toEqual([]);
    expect(run(okpLength, keyInput(x25519))).toEqual([]);
  });

  it.each([
    ['Ed448', 57],
    ['X448', 56],
  ] as const)('passes a %s key of %i octets', (crv, n) => {
    expect(run(okpLength, keyInput({ kty: 'OKP', crv, x: octets(n) }))).toEqual([]);
  });

  it.each([
    ['Ed25519', 31],
    ['X25519', 33],
    ['Ed448', 56],
    ['X448', 57],
  ] as const)('flags a %s key of %i octets', (crv, n) => {
    expect(run(okpLength, keyInput({ kty: 'OKP', crv, x: octets(n) }))).toMatchObject([
      { ruleId: 'jwk.okp.length', severity: 'error', pointer: '/keys/0/x' },
    ]);
  });

  it('skips unknown curves and keys without x', () => {
    expect(run(okpLength, keyInput({ kty: 'OKP', crv: 'Ed1174', x: octets(32) }))).toBe('skip');
    expect(run(okpLength, keyInput({ kty: 'OKP', crv: 'Ed25519' }))).toBe('skip');
  });
});

describe('jwk.okp.purpose', () => {
  it('passes an Ed25519 signing key and an X25519 ECDH-ES key', () => {
    expect(run(okpPurpose, keyInput({ ...ed25519, use: 'sig', alg: 'EdDSA', key_ops: ['verify'] }))).toEqual([]);
    expect(run(okpPurpose, keyInput({ ...ed25519, alg: 'Ed25519' }))).toEqual([]);
    expect(run(okpPurpose, keyInput({ ...x25519, use: 'enc', alg: 'ECDH-ES+A256KW' }))).toEqual([]);
  });

  it('flags an Ed25519 key declared for encryption', () => {
    expect(run(okpPurpose, keyInput({ ...ed25519, use: 'enc' }))).toMatchObject([
      { ruleId: 'jwk.okp.purpose', severity: 'error', pointer: '/keys/0/use' },
    ]);
  });

  it('flags an Ed25519 key with alg ECDH-ES and encryption key_ops', () => {
    expect(run(okpPurpose, keyInput({ ...ed25519, alg: 'ECDH-ES', key_ops: ['deriveKey'] }))).toMatchObject([
      { ruleId: 'jwk.okp.purpose', severity: 'error', pointer: '/keys/0/alg' },
      { ruleId: 'jwk.okp.purpose', severity: 'error', pointer: '/keys/0/key_ops' },
    ]);
  });

  it('flags an X25519 key declared for signatures with alg EdDSA', () => {
    expect(run(okpPurpose, keyInput({ ...x25519, use: 'sig', alg: 'EdDSA' }))).toMatchObject([
      { ruleId: 'jwk.okp.purpose', severity: 'error', pointer: '/keys/0/use' },
      { ruleId: 'jwk.okp.purpose', severity: 'error', pointer: '/keys/0/alg' },
    ]);
  });

  it('flags an X448 key with verify in key_ops', () => {
    expect(run(okpPurpose, keyInput({ kty: 'OKP', crv: 'X448', x: octets(56), key_ops: ['verify'] }))).toMatchObject([
      { ruleId: 'jwk.okp.purpose', severity: 'error' },
    ]);
  });

  it('leaves an unregistered alg to jwk.alg.registered', () => {
    expect(run(okpPurpose, keyInput({ ...ed25519, alg: 'EdDSA-custom' }))).toEqual([]);
  });

  it('skips unknown curves and non-OKP keys', () => {
    expect(run(okpPurpose, keyInput({ kty: 'OKP', crv: 'Ed1174', use: 'enc' }))).toBe('skip');
    expect(run(okpPurpose, keyInput({ ...testKey('ec-P-256').jwk, use: 'enc' }))).toBe('skip');
  });
});
