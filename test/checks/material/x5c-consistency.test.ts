import { describe, expect, it } from 'vitest';
import { x5cConsistency } from '../../../src/checks/material/x5c-consistency.js';
import { keyInput } from '../../helpers/inputs.js';
import { issuedX5c, selfSignedX5c, testKey } from '../../helpers/x5c.js';
import { run } from './run-rule.js';

describe('jwk.x5c.consistency', () => {
  it('passes an RS256 signing key whose certificate allows digitalSignature', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await selfSignedX5c(key, { keyUsage: ['digitalSignature'] });
    expect(run(x5cConsistency, keyInput({ ...key.jwk, use: 'sig', alg: 'RS256', x5c }))).toEqual([]);
  });

  it('passes when the certificate has no keyUsage extension', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await selfSignedX5c(key);
    expect(run(x5cConsistency, keyInput({ ...key.jwk, use: 'enc', alg: 'RSA-OAEP', x5c }))).toEqual([]);
  });

  it('warns about a signing key whose certificate allows only keyEncipherment', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await selfSignedX5c(key, { keyUsage: ['keyEncipherment'] });
    expect(run(x5cConsistency, keyInput({ ...key.jwk, use: 'sig', x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.consistency', severity: 'warning', pointer: '/keys/0/use' },
    ]);
  });

  it('warns about an encryption key whose certificate allows only digitalSignature', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await selfSignedX5c(key, { keyUsage: ['digitalSignature'] });
    expect(run(x5cConsistency, keyInput({ ...key.jwk, alg: 'RSA-OAEP-256', x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.consistency', severity: 'warning', pointer: '/keys/0/alg' },
    ]);
  });

  it('passes an X25519 ECDH-ES key whose certificate allows keyAgreement, and warns when it does not', async () => {
    const key = testKey('x25519');
    const agreeing = await issuedX5c(key, { keyUsage: ['keyAgreement'] });
    expect(run(x5cConsistency, keyInput({ ...key.jwk, use: 'enc', alg: 'ECDH-ES', x5c: agreeing.x5c }))).toEqual([]);
    const signing = await issuedX5c(key, { keyUsage: ['digitalSignature'] });
    expect(run(x5cConsistency, keyInput({ ...key.jwk, key_ops: ['deriveKey'], x5c: signing.x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.consistency', severity: 'warning', pointer: '/keys/0/key_ops' },
    ]);
  });

  it('warns when alg needs another key type than the certificate holds', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await selfSignedX5c(key);
    expect(run(x5cConsistency, keyInput({ ...key.jwk, alg: 'ES256', x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.consistency', severity: 'warning', pointer: '/keys/0/alg' },
    ]);
  });

  it('warns when alg needs another curve than the certificate holds', async () => {
    const key = testKey('ec-P-256');
    const { x5c } = await selfSignedX5c(key);
    expect(run(x5cConsistency, keyInput({ ...key.jwk, alg: 'ES384', x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.consistency', severity: 'warning' },
    ]);
  });

  it('warns about RS256 on an RSASSA-PSS certificate key, and accepts PS256', async () => {
    const key = testKey('rsa-pss-2048');
    const { x5c } = await issuedX5c(key);
    expect(run(x5cConsistency, keyInput({ ...key.jwk, alg: 'RS256', x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.consistency', severity: 'warning' },
    ]);
    expect(run(x5cConsistency, keyInput({ ...key.jwk, alg: 'PS256', x5c }))).toEqual([]);
  });

  it('skips keys without a parsed leaf certificate', () => {
    expect(run(x5cConsistency, keyInput({ ...testKey('rsa-2048').jwk, use: 'sig' }))).toBe('skip');
    expect(run(x5cConsistency, keyInput({ ...testKey('rsa-2048').jwk, x5c: ['AAAA'] }))).toBe('skip');
  });
});
