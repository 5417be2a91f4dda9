import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { x5tFormat } from '../../../src/checks/material/x5t-format.js';
import { x5tMatch } from '../../../src/checks/material/x5t-match.js';
import { keyInput } from '../../helpers/inputs.js';
import { chainX5c, selfSignedX5c, testKey } from '../../helpers/x5c.js';
import { run } from './run-rule.js';

async function fixture() {
  const key = testKey('rsa-2048');
  const { x5c, der } = await chainX5c(key);
  const leaf = der[0] ?? new Uint8Array();
  const sha1 = createHash('sha1').update(leaf).digest();
  const sha256 = createHash('sha256').update(leaf).digest();
  return { jwk: { ...key.jwk, x5c }, sha1, sha256 };
}

describe('jwk.x5t.match', () => {
  it('passes x5t and x5t#S256 computed over the DER of x5c[0]', async () => {
    const { jwk, sha1, sha256 } = await fixture();
    expect(
      run(x5tMatch, keyInput({ ...jwk, x5t: sha1.toString('base64url'), 'x5t#S256': sha256.toString('base64url') })),
    ).toEqual([]);
  });

  it('flags an x5t equal to the kid (keyfunc #150)', async () => {
    const { jwk } = await fixture();
    expect(run(x5tMatch, keyInput({ ...jwk, kid: 'abc', x5t: 'abc' }))).toMatchObject([
      { ruleId: 'jwk.x5t.match', severity: 'error', pointer: '/keys/0/x5t' },
    ]);
  });

  it('flags an x5t#S256 computed over another certificate', async () => {
    const { jwk } = await fixture();
    const other = (await selfSignedX5c(testKey('ec-P-256'))).der[0] ?? new Uint8Array();
    const wrong = createHash('sha256').update(other).digest('base64url');
    expect(run(x5tMatch, keyInput({ ...jwk, 'x5t#S256': wrong }))).toMatchObject([
      { ruleId: 'jwk.x5t.match', severity: 'error', pointer: '/keys/0/x5t#S256' },
    ]);
  });

  it('leaves a hex-encoded but correct digest to jwk.x5t.format', async () => {
    const { jwk, sha1 } = await fixture();
    expect(run(x5tMatch, keyInput({ ...jwk, x5t: sha1.toString('hex') }))).toEqual([]);
  });

  it('skips without x5c or without thumbprints', async () => {
    const { jwk, sha1 } = await fixture();
    const { x5c: _x5c, ...bare } = jwk;
    expect(run(x5tMatch, keyInput({ ...bare, x5t: sha1.toString('base64url') }))).toBe('skip');
    expect(run(x5tMatch, keyInput(jwk))).toBe('skip');
  });
});

describe('jwk.x5t.format', () => {
  it('passes a 20-octet x5t and a 32-octet x5t#S256', async () => {
    const { sha1, sha256 } = await fixture();
    expect(
      run(
        x5tFormat,
        keyInput({ kty: 'RSA', x5t: sha1.toString('base64url'), 'x5t#S256': sha256.toString('base64url') }),
      ),
    ).toEqual([]);
  });

  it('flags digests of the wrong size as errors', async () => {
    const { sha1, sha256 } = await fixture();
    expect(
      run(
        x5tFormat,
        keyInput({ kty: 'RSA', x5t: sha256.toString('base64url'), 'x5t#S256': sha1.toString('base64url') }),
      ),
    ).toMatchObject([
      { ruleId: 'jwk.x5t.format', severity: 'error', pointer: '/keys/0/x5t' },
      { ruleId: 'jwk.x5t.format', severity: 'error', pointer: '/keys/0/x5t#S256' },
    ]);
  });

  it('flags a value that does not decode as an error', () => {
    expect(run(x5tFormat, keyInput({ kty: 'RSA', x5t: 'not base64url!' }))).toMatchObject([
      { ruleId: 'jwk.x5t.format', severity: 'error' },
    ]);
  });

  it('reports hex digests, bare or base64url-wrapped, as a warning', async () => {
    const { sha1, sha256 } = await fixture();
    expect(run(x5tFormat, keyInput({ kty: 'RSA', x5t: sha1.toString('hex').toUpperCase() }))).toMatchObject([
      { ruleId: 'jwk.x5t.format', severity: 'warning' },
    ]);
    const wrapped = Buffer.from(sha256.toString('hex')).toString('base64url');
    expect(run(x5tFormat, keyInput({ kty: 'RSA', 'x5t#S256': wrapped }))).toMatchObject([
      { ruleId: 'jwk.x5t.format', severity: 'warning' },
    ]);
  });

  it('skips keys without thumbprints or with non-string ones', () => {
    expect(run(x5tFormat, keyInput({ kty: 'RSA' }))).toBe('skip');
    expect(run(x5tFormat, keyInput({ kty: 'RSA', x5t: 20 }))).toBe('skip');
  });
});
