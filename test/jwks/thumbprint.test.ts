import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwkThumbprint } from '../../src/jwks/thumbprint.js';
import { loadRfcFixture } from './rfc-fixtures.js';

function publicJwk(
  generate: () => { publicKey: { export(o: { format: 'jwk' }): Record<string, unknown> } },
): Record<string, unknown> {
  return generate().publicKey.export({ format: 'jwk' });
}

const GENERATED_PER_TYPE = 4;
const generators: readonly (() => Record<string, unknown>)[] = [
  () => publicJwk(() => generateKeyPairSync('rsa', { modulusLength: 2048 })),
  () => publicJwk(() => generateKeyPairSync('ec', { namedCurve: 'P-256' })),
  () => publicJwk(() => generateKeyPairSync('ec', { namedCurve: 'P-384' })),
  () => publicJwk(() => generateKeyPairSync('ec', { namedCurve: 'P-521' })),
  () => publicJwk(() => generateKeyPairSync('ec', { namedCurve: 'secp256k1' })),
  () => publicJwk(() => generateKeyPairSync('ed25519')),
  () => publicJwk(() => generateKeyPairSync('ed448')),
  () => publicJwk(() => generateKeyPairSync('x25519')),
  () => publicJwk(() => generateKeyPairSync('x448')),
  () => ({ kty: 'oct', k: randomBytes(32).toString('base64url') }),
  () => ({ kty: 'AKP', alg: 'ML-DSA-44', pub: randomBytes(1312).toString('base64url') }),
];

describe('jwkThumbprint', () => {
  it('reproduces the RFC 7638 §3.1 example', () => {
    const set = loadRfcFixture('rfc7517-a1-public-keys.json');
    const rsa = Array.isArray(set['keys']) ? set['keys'][1] : undefined;
    expect(jwkThumbprint(rsa)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('reproduces the RFC 8037 Appendix A.3 Ed25519 vector, private key or not', () => {
    expect(jwkThumbprint(loadRfcFixture('rfc8037-a.2-ed25519-public.json'))).toBe(
      'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
    );
    expect(jwkThumbprint(loadRfcFixture('rfc8037-a.1-ed25519-private.json'))).toBe(
      'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
    );
  });

  it('equals jose.calculateJwkThumbprint on generated keys of every type', async () => {
    for (const generate of generators) {
      for (let i = 0; i < GENERATED_PER_TYPE; i += 1) {
        const jwk = { ...generate(), kid: `k${i}`, use: 'sig' };
        expect(jwkThumbprint(jwk)).toBe(await calculateJwkThumbprint(jwk));
      }
    }
  });

  it('equals jose.calculateJwkThumbprint for arbitrary ASCII member strings, control characters and quotes included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, unit: 'binary-ascii' }),
        fc.string({ minLength: 1, unit: 'binary-ascii' }),
        async (a, b) => {
          for (const jwk of [
            { kty: 'RSA', n: a, e: b },
            { kty: 'EC', crv: a, x: b, y: a },
            { kty: 'OKP', crv: b, x: a },
          ]) {
            expect(jwkThumbprint(jwk)).toBe(await calculateJwkThumbprint(jwk));
          }
        },
      ),
      { numRuns: 200, seed: 7638 },
    );
  });

  it('hashes non-ASCII members as UTF-8 (RFC 7638 §3.3), where jose refuses them', async () => {
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: 'caf\u00e9' };
    const utf8 = createHash('sha256')
      .update('{"crv":"Ed25519","kty":"OKP","x":"caf\u00e9"}', 'utf8')
      .digest('base64url');
    expect(jwkThumbprint(jwk)).toBe(utf8);
    await expect(calculateJwkThumbprint(jwk)).rejects.toThrow();
  });

  it('ignores members outside the required set and their order', () => {
    const base = {
      kty: 'EC',
      crv: 'P-256',
      x: 'MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4',
      y: '4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM',
    };
    const reordered = { y: base.y, kid: 'x', x: base.x, use: 'enc', crv: base.crv, kty: 'EC' };
    expect(jwkThumbprint(reordered)).toBe(jwkThumbprint(base));
  });

  it('gives no thumbprint when kty is unknown or a required member is missing, empty or not a string', () => {
    expect(jwkThumbprint({ kty: 'rsa', n: 'AQAB', e: 'AQAB' })).toBeUndefined();
    expect(jwkThumbprint({ n: 'AQAB', e: 'AQAB' })).toBeUndefined();
    expect(jwkThumbprint({ kty: 'RSA', n: 'AQAB' })).toBeUndefined();
    expect(jwkThumbprint({ kty: 'RSA', n: '', e: 'AQAB' })).toBeUndefined();
    expect(jwkThumbprint({ kty: 'RSA', n: 12, e: 'AQAB' })).toBeUndefined();
    expect(jwkThumbprint({ kty: 'AKP', pub: 'AQAB' })).toBeUndefined();
  });
});
