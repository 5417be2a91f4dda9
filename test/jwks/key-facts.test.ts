import { KeyObject, generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeKey, integerBits, keyContentHash, publicKeyOf, summarizeKey } from '../../src/jwks/key-facts.js';
import { loadRfcFixture, loadRfcKeys } from './rfc-fixtures.js';

const ecJwk = (namedCurve: string): Record<string, unknown> =>
  generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' });

function flipLastBit(b64u: string): string {
  const bytes = Buffer.from(b64u, 'base64url');
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
  return bytes.toString('base64url');
}

describe('analyzeKey on the RFC examples', () => {
  it('reads the RFC 7517 A.1 public keys: members, thumbprints, import and size', () => {
    const [ec, rsa] = loadRfcKeys('rfc7517-a1-public-keys.json').map((k, i) => analyzeKey(k, i));
    expect(ec).toMatchObject({ index: 0, pointer: '/keys/0', kty: 'EC', crv: 'P-256', use: 'enc', kid: '1' });
    expect(ec?.privateMembers).toEqual([]);
    expect(ec?.imported?.type).toBe('ec');
    expect(ec?.importError).toBeUndefined();
    expect(rsa).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: '2011-04-29', rsaBits: 2048 });
    expect(rsa?.thumbprint).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    expect(rsa?.decoded['n']?.strict).toBe(true);
    expect(rsa?.decoded['e']?.bytes?.length).toBe(3);
  });

  it('finds every private member of the RFC 7517 A.2 private keys by raw scan', () => {
    const [ec, rsa] = loadRfcKeys('rfc7517-a2-private-keys.json').map((k, i) => analyzeKey(k, i));
    expect(ec?.privateMembers).toEqual(['d']);
    expect(rsa?.privateMembers).toEqual(['d', 'p', 'q', 'dp', 'dq', 'qi']);
    // Private members are decoded (for size checks), and the public part still imports.
    expect(rsa?.decoded['d']?.strict).toBe(true);
    expect(rsa?.imported?.type).toBe('rsa');
    expect(rsa?.thumbprint).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('parses the RFC 7517 Appendix B x5c certificate and reports its notAfter', () => {
    const facts = analyzeKey(loadRfcFixture('rfc7517-b-x5c.json'), 0);
    expect(facts.certs).toHaveLength(1);
    expect(facts.certs[0]?.problem).toBeUndefined();
    const cert = facts.certs[0]?.cert;
    expect(cert?.key).toMatchObject({ kty: 'RSA', type: 'rsa' });
    expect(Buffer.from(cert?.key?.members?.['n'] ?? []).toString('base64url')).toBe(facts.object?.['n']);
    expect(summarizeKey(facts).certNotAfter).toBe('2018-08-14T22:29:15.000Z');
  });

  it('reads the RFC 7520 §3 keys', () => {
    const ecPublic = analyzeKey(loadRfcFixture('rfc7520-3.1-ec-public.json'), 0);
    expect(ecPublic).toMatchObject({ kty: 'EC', crv: 'P-521', kid: 'bilbo.baggins@hobbiton.example' });
    expect(ecPublic.imported?.namedCurve).toBe('secp521r1');
    expect(summarizeKey(ecPublic).bits).toBe(521);
    expect(analyzeKey(loadRfcFixture('rfc7520-3.2-ec-private.json'), 0).privateMembers).toEqual(['d']);
    const rsaPublic = analyzeKey(loadRfcFixture('rfc7520-3.3-rsa-public.json'), 0);
    expect(rsaPublic.rsaBits).toBe(2048);
    expect(rsaPublic.importError).toBeUndefined();
    expect(analyzeKey(loadRfcFixture('rfc7520-3.4-rsa-private.json'), 0).privateMembers).toEqual([
      'd',
      'p',
      'q',
      'dp',
      'dq',
      'qi',
    ]);
    for (const name of ['rfc7520-3.5-symmetric-mac.json', 'rfc7520-3.6-symmetric-enc.json']) {
      const oct = analyzeKey(loadRfcFixture(name), 0);
      expect(oct.privateMembers).toEqual(['k']);
      expect(oct.decoded['k']?.bytes?.length).toBe(32);
      expect(oct.thumbprint).toBeDefined();
      // node:crypto never sees a symmetric key.
      expect(oct.imported).toBeUndefined();
    }
  });

  it('reads the RFC 8037 Appendix A Ed25519 key', () => {
    const facts = analyzeKey(loadRfcFixture('rfc8037-a.1-ed25519-private.json'), 3);
    expect(facts).toMatchObject({ pointer: '/keys/3', kty: 'OKP', crv: 'Ed25519' });
    expect(facts.thumbprint).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    expect(facts.privateMembers).toEqual(['d']);
    expect(facts.imported?.type).toBe('ed25519');
    expect(summarizeKey(facts)).toEqual({
      index: 3,
      kty: 'OKP',
      crv: 'Ed25519',
      bits: 255,
      thumbprint: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
      privateMembers: ['d'],
    });
  });
});

describe('analyzeKey second opinion from node:crypto', () => {
  it('imports secp256k1 keys', () => {
    const facts = analyzeKey(ecJwk('secp256k1'), 0);
    expect(facts.importError).toBeUndefined();
    expect(facts.imported?.namedCurve).toBe('secp256k1');
  });

  it('records the refusal of an EC point that is not on the curve', () => {
    const jwk = ecJwk('P-256');
    const facts = analyzeKey({ ...jwk, y: flipLastBit(String(jwk['y'])) }, 0);
    expect(facts.imported).toBeUndefined();
    expect(facts.importError).toEqual(expect.any(String));
    // The thumbprint still identifies the key as published.
    expect(facts.thumbprint).toEqual(expect.any(String));
  });

  it('records the refusal of an unsupported curve', () => {
    const jwk = ecJwk('P-256');
    const facts = analyzeKey({ ...jwk, crv: 'brainpoolP256r1' }, 0);
    expect(facts.importError).toEqual(expect.any(String));
  });

  it('imports leniently encoded members, which the alphabet rule reports separately', () => {
    const jwk = ecJwk('P-256');
    const padded = { ...jwk, x: `${String(jwk['x'])}=` };
    const facts = analyzeKey(padded, 0);
    expect(facts.decoded['x']).toMatchObject({ strict: false, problem: 'padding' });
    expect(facts.imported).toBeDefined();
  });

  it('does not attempt an import for unknown key types or undecodable members', () => {
    expect(analyzeKey({ kty: 'XYZ', n: 'AQAB', e: 'AQAB' }, 0).importError).toBeUndefined();
    const broken = analyzeKey({ kty: 'RSA', n: '***', e: 'AQAB' }, 0);
    expect(broken.imported).toBeUndefined();
    expect(broken.importError).toBeUndefined();
  });
});

describe('analyzeKey RSA modulus size', () => {
  it('counts the bits of the integer, not the octets, ignoring leading zero octets', () => {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const padded = Buffer.concat([Buffer.from([0]), Buffer.from(String(jwk['n']), 'base64url')]).toString('base64url');
    expect(analyzeKey({ ...jwk, n: padded }, 0).rsaBits).toBe(2048);
  });

  it('computes integer bit lengths', () => {
    expect(integerBits(new Uint8Array([0, 0, 1]))).toBe(1);
    expect(integerBits(new Uint8Array([0x80, 0]))).toBe(16);
    expect(integerBits(new Uint8Array([0x01, 0, 1]))).toBe(17);
    expect(integerBits(new Uint8Array([0, 0]))).toBe(0);
    expect(integerBits(new Uint8Array([]))).toBe(0);
    expect(integerBits(undefined)).toBeUndefined();
  });
});

describe('analyzeKey x5c entries', () => {
  const rfcCert = (): string => {
    const x5c = loadRfcFixture('rfc7517-b-x5c.json')['x5c'];
    return Array.isArray(x5c) && typeof x5c[0] === 'string' ? x5c[0] : '';
  };

  it('flags a base64url entry but still parses the certificate', () => {
    const b64u = Buffer.from(rfcCert(), 'base64').toString('base64url');
    const [cert] = analyzeKey({ kty: 'RSA', x5c: [b64u] }, 0).certs;
    expect(cert?.problem).toMatch(/standard base64/);
    expect(cert?.cert).toBeDefined();
  });

  it('flags an entry with line breaks', () => {
    const wrapped = rfcCert().replace(/(.{64})/g, '$1\n');
    const [cert] = analyzeKey({ kty: 'RSA', x5c: [wrapped] }, 0).certs;
    expect(cert?.problem).toMatch(/whitespace/);
  });

  it('reports entries that are not strings or not certificates', () => {
    const certs = analyzeKey({ kty: 'RSA', x5c: [42, 'AAAA', '', '!!!'] }, 0).certs;
    expect(certs.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(certs[0]?.problem).toMatch(/not a string/);
    expect(certs[1]?.problem).toMatch(/not a DER certificate/);
    expect(certs[2]?.problem).toBeDefined();
    expect(certs[3]?.problem).toMatch(/not standard base64/);
    expect(certs.every((c) => c.cert === undefined)).toBe(true);
  });

  it('has no certificates when x5c is absent or not an array', () => {
    expect(analyzeKey({ kty: 'RSA' }, 0).certs).toEqual([]);
    expect(analyzeKey({ kty: 'RSA', x5c: 'MIIB' }, 0).certs).toEqual([]);
  });
});

describe('analyzeKey on hostile input', () => {
  const hostile: unknown[] = [
    null,
    undefined,
    0,
    -1.5e308,
    true,
    'RSA',
    [],
    [{ kty: 'RSA' }],
    {},
    { kty: null, kid: 1, alg: {}, use: [], crv: false, key_ops: 'sign', x5c: { 0: 'a' } },
    { kty: 'RSA', n: 7, e: null, d: { nested: true }, oth: 'x', x5c: [null, [], {}] },
    { kty: 'EC', crv: 'P-256', x: [], y: 'A'.repeat(1_000_000) },
    { kty: 'OKP', crv: 'Ed25519', x: '\u0000\uD800', key_ops: ['verify', 3] },
    { kty: 'AKP', alg: 'ML-DSA-44', pub: '-'.repeat(100_001), priv: 5 },
    { kty: 'RSA', n: 'A'.repeat(700_000), e: 'AQAB' },
    { kty: 'oct', k: '', oth: [null, { r: 'AQ==', d: 5, t: 'AQAB' }] },
    { __proto__: 'x', constructor: 1, toString: 'x', hasOwnProperty: null, kty: 'RSA' },
  ];

  it('never throws and always returns facts with the given index and pointer', () => {
    hostile.forEach((value, index) => {
      const facts = analyzeKey(value, index);
      expect(facts.index).toBe(index);
      expect(facts.pointer).toBe(`/keys/${index}`);
      expect(() => summarizeKey(facts)).not.toThrow();
    });
  });

  it('has no object for values that are not JSON objects', () => {
    for (const value of [null, 1, 'x', [], [{}]]) expect(analyzeKey(value, 0).object).toBeUndefined();
  });

  it('sets string members only when they are strings, and key_ops only when it is an array of strings', () => {
    const facts = analyzeKey({ kty: 1, kid: null, alg: [], use: {}, crv: true, key_ops: ['verify', 3] }, 0);
    for (const name of ['kty', 'kid', 'alg', 'use', 'crv', 'keyOps'] as const)
      expect(facts[name], name).toBeUndefined();
    expect(analyzeKey({ key_ops: ['verify'] }, 0).keyOps).toEqual(['verify']);
  });

  it('finds private members of any JSON type on keys of any or no kty', () => {
    expect(analyzeKey({ d: null, priv: 0, k: [] }, 0).privateMembers).toEqual(['d', 'priv', 'k']);
    expect(analyzeKey({ kty: 'weird', qi: 'x', oth: [] }, 0).privateMembers).toEqual(['qi', 'oth']);
  });

  it('decodes "oth" entries under their path', () => {
    const facts = analyzeKey({ kty: 'RSA', oth: [{ r: 'AQ==', d: 'AQAB', t: 5 }] }, 0);
    expect(facts.decoded['oth/0/r']).toMatchObject({ problem: 'padding' });
    expect(facts.decoded['oth/0/d']?.strict).toBe(true);
    expect(facts.decoded['oth/0/t']).toBeUndefined();
  });

  it('never throws on arbitrary JSON values, as keys or as members of a key', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.dictionary(
          fc.constantFrom('kty', 'n', 'e', 'crv', 'x', 'y', 'd', 'k', 'x5c', 'key_ops', 'oth', 'pub'),
          fc.jsonValue(),
        ),
        (value, members) => {
          analyzeKey(value, 0);
          analyzeKey({ ...members }, 1);
          analyzeKey({ kty: 'RSA', ...members }, 2);
          analyzeKey({ kty: 'EC', crv: 'P-256', ...members }, 3);
          summarizeKey(analyzeKey({ kty: 'OKP', ...members }, 4));
        },
      ),
      { numRuns: 500, seed: 7517 },
    );
  });

  it('is a pure function of its input: same facts twice, input untouched', () => {
    const jwk = { ...loadRfcFixture('rfc7517-b-x5c.json'), key_ops: ['verify'] };
    const before = JSON.stringify(jwk);
    const first = summarizeKey(analyzeKey(jwk, 0));
    const second = summarizeKey(analyzeKey(jwk, 0));
    expect(second).toEqual(first);
    expect(JSON.stringify(jwk)).toBe(before);
  });
});

describe('summarizeKey', () => {
  it('reports RSA modulus bits and EC/OKP field sizes', () => {
    expect(summarizeKey(analyzeKey(loadRfcFixture('rfc7520-3.3-rsa-public.json'), 0)).bits).toBe(2048);
    expect(summarizeKey(analyzeKey(ecJwk('P-384'), 0)).bits).toBe(384);
    expect(summarizeKey(analyzeKey(ecJwk('secp256k1'), 0)).bits).toBe(256);
    expect(summarizeKey(analyzeKey({ kty: 'OKP', crv: 'X448', x: 'AA' }, 0)).bits).toBe(448);
    expect(summarizeKey(analyzeKey({ kty: 'EC', crv: 'Ed25519' }, 0)).bits).toBeUndefined();
    expect(summarizeKey(analyzeKey({ kty: 'oct', k: 'AAAA' }, 0)).bits).toBeUndefined();
  });

  it('lists private member names, never their values', () => {
    const summary = summarizeKey(analyzeKey(loadRfcFixture('rfc7520-3.4-rsa-private.json'), 0));
    expect(summary.privateMembers).toEqual(['d', 'p', 'q', 'dp', 'dq', 'qi']);
    expect(JSON.stringify(summary)).not.toContain('bWUC9B');
  });
});

describe('analyzeKey memory footprint', () => {
  it('keeps no KeyObject: the import is recorded as its type and curve, shared between keys', () => {
    const first = analyzeKey(ecJwk('P-256'), 0);
    const second = analyzeKey(ecJwk('P-256'), 1);
    expect(first.imported).toEqual({ type: 'ec', namedCurve: 'prime256v1' });
    expect(second.imported).toBe(first.imported);
    expect(Object.values(first).some((value) => value instanceof KeyObject)).toBe(false);
  });

  it('holds the decoded members in one buffer of their exact size, not in slices of the shared pool', () => {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const facts = analyzeKey({ ...jwk, x5t: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 0);
    const n = facts.decoded['n']?.bytes;
    const e = facts.decoded['e']?.bytes;
    const x5t = facts.decoded['x5t']?.bytes;
    expect(n?.length).toBe(256);
    expect(n?.buffer).toBe(e?.buffer);
    expect(n?.buffer.byteLength).toBe((n?.length ?? 0) + (e?.length ?? 0) + (x5t?.length ?? 0));
    expect(Buffer.from(n ?? []).toString('base64url')).toBe(jwk.n);
  });
});

describe('publicKeyOf', () => {
  it('imports an analysed key again, for a signature check', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const facts = analyzeKey(publicKey.export({ format: 'jwk' }), 0);
    const again = publicKeyOf(facts);
    const signature = sign(null, Buffer.from('signed'), privateKey);
    expect(again !== undefined && verify(null, Buffer.from('signed'), again, signature)).toBe(true);
  });

  it('gives nothing for a key that did not import', () => {
    expect(publicKeyOf(analyzeKey({ kty: 'oct', k: 'AAAA' }, 0))).toBeUndefined();
    const jwk = ecJwk('P-256');
    expect(publicKeyOf(analyzeKey({ ...jwk, y: flipLastBit(String(jwk['y'])) }, 0))).toBeUndefined();
  });
});

describe('keyContentHash', () => {
  it('is equal for equal content and differs when a member differs', () => {
    const jwk = ecJwk('P-256');
    expect(keyContentHash({ ...jwk })).toBe(keyContentHash(JSON.parse(JSON.stringify(jwk))));
    expect(keyContentHash({ ...jwk, kid: 'a' })).not.toBe(keyContentHash({ ...jwk, kid: 'b' }));
    expect(keyContentHash(undefined)).not.toBe(keyContentHash('undefined'));
  });
});
