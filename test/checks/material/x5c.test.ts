import { describe, expect, it } from 'vitest';
import { x5cBareKey } from '../../../src/checks/material/x5c-bare-key.js';
import { x5cChain } from '../../../src/checks/material/x5c-chain.js';
import { x5cFormat } from '../../../src/checks/material/x5c-format.js';
import { x5cKeyMatch } from '../../../src/checks/material/x5c-key-match.js';
import { x5cValidity } from '../../../src/checks/material/x5c-validity.js';
import { x5uHttps } from '../../../src/checks/material/x5u-https.js';
import { keyInput } from '../../helpers/inputs.js';
import {
  chainX5c,
  expiredX5c,
  expiringX5c,
  issuedX5c,
  notYetValidX5c,
  otherKeyX5c,
  selfSignedX5c,
  testKey,
  type TestKeyType,
} from '../../helpers/x5c.js';
import { run } from './run-rule.js';

describe('jwk.x5c.format', () => {
  it('passes a chain of standard-base64 DER certificates', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await chainX5c(key);
    expect(run(x5cFormat, keyInput({ ...key.jwk, x5c }))).toEqual([]);
  });

  it('flags an x5c that is not an array, and an empty one', () => {
    const jwk = testKey('ec-P-256').jwk;
    expect(run(x5cFormat, keyInput({ ...jwk, x5c: 'MIIB...' }))).toMatchObject([
      { ruleId: 'jwk.x5c.format', severity: 'error', pointer: '/keys/0/x5c' },
    ]);
    expect(run(x5cFormat, keyInput({ ...jwk, x5c: [] }))).toMatchObject([
      { ruleId: 'jwk.x5c.format', severity: 'error' },
    ]);
  });

  it('flags a base64url entry, a non-string entry and bytes that are not a certificate, each at its index', async () => {
    const key = testKey('ec-P-256');
    const { der } = await selfSignedX5c(key);
    const urlForm = Buffer.from(der[0] ?? new Uint8Array()).toString('base64url');
    expect(urlForm).toMatch(/[-_]/);
    expect(run(x5cFormat, keyInput({ ...key.jwk, x5c: [urlForm, 42, 'AAAA'] }))).toMatchObject([
      { ruleId: 'jwk.x5c.format', severity: 'error', pointer: '/keys/0/x5c/0' },
      { ruleId: 'jwk.x5c.format', severity: 'error', pointer: '/keys/0/x5c/1' },
      { ruleId: 'jwk.x5c.format', severity: 'error', pointer: '/keys/0/x5c/2' },
    ]);
  });

  it('skips keys without x5c', () => {
    expect(run(x5cFormat, keyInput(testKey('ec-P-256').jwk))).toBe('skip');
  });
});

describe('jwk.x5c.bare-key', () => {
  it('passes an RSA key that carries n and e beside x5c', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await selfSignedX5c(key);
    expect(run(x5cBareKey, keyInput({ ...key.jwk, x5c }))).toEqual([]);
  });

  it('flags an RSA key that carries only x5c', async () => {
    const { x5c } = await selfSignedX5c(testKey('rsa-2048'));
    expect(run(x5cBareKey, keyInput({ kty: 'RSA', kid: 'cert-only', x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.bare-key', severity: 'error' },
    ]);
  });

  it('flags an EC key missing y beside x5c', async () => {
    const key = testKey('ec-P-256');
    const { x5c } = await selfSignedX5c(key);
    const { y: _y, ...jwk } = key.jwk;
    expect(run(x5cBareKey, keyInput({ ...jwk, x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.bare-key', severity: 'error' },
    ]);
  });

  it('skips keys without x5c and keys of unknown type', () => {
    expect(run(x5cBareKey, keyInput({ kty: 'RSA' }))).toBe('skip');
    expect(run(x5cBareKey, keyInput({ kty: 'PQ', x5c: ['AAAA'] }))).toBe('skip');
  });
});

describe('jwk.x5c.key-match', () => {
  const SELF_SIGNED: readonly TestKeyType[] = ['rsa-2048', 'ec-P-256', 'ec-P-384', 'ec-P-521', 'ed25519'];
  const CA_ISSUED: readonly TestKeyType[] = ['x25519', 'ec-secp256k1', 'rsa-pss-2048'];

  it.each(SELF_SIGNED)('passes a %s key with its own self-signed certificate', async (type) => {
    const key = testKey(type);
    const { x5c } = await selfSignedX5c(key);
    expect(run(x5cKeyMatch, keyInput({ ...key.jwk, x5c }))).toEqual([]);
  });

  it.each(CA_ISSUED)('passes a %s key with a CA-issued certificate for it', async (type) => {
    const key = testKey(type);
    const { x5c } = await issuedX5c(key);
    expect(run(x5cKeyMatch, keyInput({ ...key.jwk, x5c }))).toEqual([]);
  });

  it.each([...SELF_SIGNED, ...CA_ISSUED])('flags a %s key whose certificate holds a different key', async (type) => {
    const key = testKey(type);
    const { x5c } = await otherKeyX5c(key);
    expect(run(x5cKeyMatch, keyInput({ ...key.jwk, x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.key-match', severity: 'error', pointer: '/keys/0/x5c/0' },
    ]);
  });

  it('flags an RSA JWK whose certificate holds an EC key', async () => {
    const { x5c } = await selfSignedX5c(testKey('ec-P-256'));
    expect(run(x5cKeyMatch, keyInput({ ...testKey('rsa-2048').jwk, x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.key-match', severity: 'error' },
    ]);
  });

  it('flags an Ed25519 certificate on an X25519 JWK (the OKP curve is compared too)', async () => {
    const { x5c } = await selfSignedX5c(testKey('ed25519'));
    expect(run(x5cKeyMatch, keyInput({ ...testKey('x25519').jwk, x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.key-match', severity: 'error' },
    ]);
  });

  it('flags an EC JWK that names another curve than its certificate', async () => {
    const key = testKey('ec-P-256');
    const { x5c } = await selfSignedX5c(key);
    expect(run(x5cKeyMatch, keyInput({ ...key.jwk, crv: 'secp256k1', x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.key-match', severity: 'error' },
    ]);
  });

  it('compares RSA integers, so a zero-prefixed n still matches its certificate', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await selfSignedX5c(key);
    const n = Buffer.concat([Buffer.from([0]), Buffer.from(key.jwk.n ?? '', 'base64url')]).toString('base64url');
    expect(run(x5cKeyMatch, keyInput({ ...key.jwk, n, x5c }))).toEqual([]);
  });

  it('skips when the leaf does not parse or bare members are missing', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await selfSignedX5c(key);
    expect(run(x5cKeyMatch, keyInput({ ...key.jwk, x5c: ['AAAA'] }))).toBe('skip');
    expect(run(x5cKeyMatch, keyInput({ kty: 'RSA', e: 'AQAB', x5c }))).toBe('skip');
  });
});

describe('jwk.x5c.validity', () => {
  it('passes a certificate valid now and for more than the warning window', async () => {
    const key = testKey('ec-P-256');
    const { x5c } = await chainX5c(key);
    expect(run(x5cValidity, keyInput({ ...key.jwk, x5c }))).toEqual([]);
  });

  it('flags an expired certificate', async () => {
    const key = testKey('ec-P-256');
    const { x5c } = await expiredX5c(key);
    expect(run(x5cValidity, keyInput({ ...key.jwk, x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.validity', severity: 'warning', pointer: '/keys/0/x5c/0' },
    ]);
  });

  it('flags a certificate that is not yet valid', async () => {
    const key = testKey('ec-P-256');
    const { x5c } = await notYetValidX5c(key);
    expect(run(x5cValidity, keyInput({ ...key.jwk, x5c }))).toMatchObject([
      { ruleId: 'jwk.x5c.validity', severity: 'warning' },
    ]);
  });

  it('warns about a certificate expiring within the configured window, and not outside it', async () => {
    const key = testKey('ec-P-256');
    const { x5c } = await expiringX5c(key, 10);
    const outcome = run(x5cValidity, keyInput({ ...key.jwk, x5c }));
    expect(outcome).toMatchObject([{ ruleId: 'jwk.x5c.validity', severity: 'warning' }]);
    expect(outcome !== 'skip' && outcome[0]?.message).toMatch(/expires on/);
    expect(run(x5cValidity, keyInput({ ...key.jwk, x5c }, { options: { certExpiryWarnDays: 5 } }))).toEqual([]);
  });

  it('judges validity at the injected time', async () => {
    const key = testKey('ec-P-256');
    const { x5c } = await expiredX5c(key);
    expect(run(x5cValidity, keyInput({ ...key.jwk, x5c }, { now: new Date('2025-01-01T00:00:00Z') }))).toEqual([]);
  });

  it('skips keys without a parsed certificate', () => {
    expect(run(x5cValidity, keyInput({ ...testKey('ec-P-256').jwk, x5c: ['AAAA'] }))).toBe('skip');
  });
});

describe('jwk.x5c.chain', () => {
  it('passes leaf, intermediate, root where each is signed by the next', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await chainX5c(key);
    expect(run(x5cChain, keyInput({ ...key.jwk, x5c }))).toEqual([]);
  });

  it('reports a chain with the intermediate left out', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await chainX5c(key);
    expect(run(x5cChain, keyInput({ ...key.jwk, x5c: [x5c[0], x5c[2]] }))).toMatchObject([
      { ruleId: 'jwk.x5c.chain', severity: 'info', pointer: '/keys/0/x5c/0' },
    ]);
  });

  it('reports a chain in the wrong order', async () => {
    const key = testKey('ec-P-384');
    const { x5c } = await chainX5c(key);
    expect(run(x5cChain, keyInput({ ...key.jwk, x5c: [...x5c].reverse() }))).toMatchObject([
      { ruleId: 'jwk.x5c.chain', severity: 'info' },
      { ruleId: 'jwk.x5c.chain', severity: 'info' },
    ]);
  });

  it('reports a certificate whose signature does not verify with the next one', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await chainX5c(key);
    const leaf = Buffer.from(x5c[0] ?? '', 'base64');
    leaf[leaf.length - 1] = (leaf[leaf.length - 1] ?? 0) ^ 1;
    expect(run(x5cChain, keyInput({ ...key.jwk, x5c: [leaf.toString('base64'), x5c[1], x5c[2]] }))).toMatchObject([
      {
        ruleId: 'jwk.x5c.chain',
        severity: 'info',
        pointer: '/keys/0/x5c/0',
      },
    ]);
  });

  it('skips a single certificate', async () => {
    const key = testKey('ed25519');
    const { x5c } = await selfSignedX5c(key);
    expect(run(x5cChain, keyInput({ ...key.jwk, x5c }))).toBe('skip');
  });
});

describe('jwk.x5u.https', () => {
  it('passes an absolute https URL', () => {
    expect(run(x5uHttps, keyInput({ kty: 'RSA', x5u: 'https://idp.example/certs/1.pem' }))).toEqual([]);
  });

  it('flags http, relative and non-string values', () => {
    for (const x5u of ['http://idp.example/certs/1.pem', '/certs/1.pem', 42, null]) {
      expect(run(x5uHttps, keyInput({ kty: 'RSA', x5u }))).toMatchObject([
        { ruleId: 'jwk.x5u.https', severity: 'error', pointer: '/keys/0/x5u' },
      ]);
    }
  });

  it('skips keys without x5u', () => {
    expect(run(x5uHttps, keyInput({ kty: 'RSA' }))).toBe('skip');
  });
});
