import { describe, expect, it } from 'vitest';
import { akpMembers } from '../../../src/checks/material/akp-members.js';
import { octSize } from '../../../src/checks/material/oct-size.js';
import { keyInput } from '../../helpers/inputs.js';
import { run } from './run-rule.js';

const octets = (n: number): string => Buffer.alloc(n, 9).toString('base64url');
const PRIVATE_MODE = { options: { privateKeyMode: true } };

describe('jwk.akp.members', () => {
  it.each([
    ['ML-DSA-44', 1312],
    ['ML-DSA-65', 1952],
    ['ML-DSA-87', 2592],
  ] as const)('passes %s with a %i-octet pub', (alg, n) => {
    expect(run(akpMembers, keyInput({ kty: 'AKP', alg, pub: octets(n) }))).toEqual([]);
  });

  it('flags a pub of the wrong size for its parameter set', () => {
    expect(run(akpMembers, keyInput({ kty: 'AKP', alg: 'ML-DSA-65', pub: octets(1312) }))).toMatchObject([
      { ruleId: 'jwk.akp.members', severity: 'error', pointer: '/keys/0/pub' },
    ]);
  });

  it('flags an alg that is not an ML-DSA parameter set', () => {
    expect(run(akpMembers, keyInput({ kty: 'AKP', alg: 'ML-KEM-768', pub: octets(1184) }))).toMatchObject([
      { ruleId: 'jwk.akp.members', severity: 'error', pointer: '/keys/0/alg' },
      { ruleId: 'jwk.akp.members', severity: 'error', pointer: '/keys/0/pub' },
    ]);
  });

  it('flags a pub of no ML-DSA size when alg is missing, and accepts one that fits some set', () => {
    expect(run(akpMembers, keyInput({ kty: 'AKP', pub: octets(100) }))).toMatchObject([
      { ruleId: 'jwk.akp.members', severity: 'error' },
    ]);
    expect(run(akpMembers, keyInput({ kty: 'AKP', pub: octets(2592) }))).toEqual([]);
  });

  it('skips non-AKP keys and AKP keys with neither alg nor pub', () => {
    expect(run(akpMembers, keyInput({ kty: 'OKP', crv: 'Ed25519', x: octets(32) }))).toBe('skip');
    expect(run(akpMembers, keyInput({ kty: 'AKP' }))).toBe('skip');
  });
});

describe('jwk.oct.size', () => {
  it('passes HS256 with a 256-bit key and A128KW with a 128-bit key in private-key mode', () => {
    expect(run(octSize, keyInput({ kty: 'oct', alg: 'HS256', k: octets(32) }, PRIVATE_MODE))).toEqual([]);
    expect(run(octSize, keyInput({ kty: 'oct', alg: 'HS512', k: octets(80) }, PRIVATE_MODE))).toEqual([]);
    expect(run(octSize, keyInput({ kty: 'oct', alg: 'A128KW', k: octets(16) }, PRIVATE_MODE))).toEqual([]);
  });

  it('flags HS384 with a 256-bit key', () => {
    expect(run(octSize, keyInput({ kty: 'oct', alg: 'HS384', k: octets(32) }, PRIVATE_MODE))).toMatchObject([
      { ruleId: 'jwk.oct.size', severity: 'error', pointer: '/keys/0/k' },
    ]);
  });

  it('flags an AES key-wrap key of the wrong size', () => {
    expect(run(octSize, keyInput({ kty: 'oct', alg: 'A256GCMKW', k: octets(16) }, PRIVATE_MODE))).toMatchObject([
      { ruleId: 'jwk.oct.size', severity: 'error' },
    ]);
  });

  it('never puts the key value in a finding', () => {
    const k = Buffer.from('a-short-shared-secret').toString('base64url');
    const outcome = run(octSize, keyInput({ kty: 'oct', alg: 'HS256', k }, PRIVATE_MODE));
    expect(outcome).toMatchObject([{ ruleId: 'jwk.oct.size' }]);
    expect(JSON.stringify(outcome)).not.toContain(k);
  });

  it('is not evaluated for published sets', () => {
    expect(run(octSize, keyInput({ kty: 'oct', alg: 'HS256', k: octets(8) }))).toBe('skip');
  });

  it('skips keys without alg and non-oct keys', () => {
    expect(run(octSize, keyInput({ kty: 'oct', k: octets(8) }, PRIVATE_MODE))).toBe('skip');
    expect(run(octSize, keyInput({ kty: 'RSA', alg: 'HS256' }, PRIVATE_MODE))).toBe('skip');
  });
});
