import { KeyObject, X509Certificate, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyzeCertificates } from '../../src/jwks/certificate.js';
import { analyzeKey } from '../../src/jwks/key-facts.js';
import { chainX5c, issuedX5c, selfSignedX5c, testKey } from '../helpers/x5c.js';

/** Every value reachable from `root` (objects, arrays, sets, maps), each once. */
function reachable(root: unknown): unknown[] {
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) continue;
    if (value instanceof Set || value instanceof Map) stack.push(...value.values());
    else stack.push(...Object.values(value));
  }
  return [...seen];
}

/** The entry with the last octet of its signature flipped: still DER, no longer signed by its issuer. */
function withBrokenSignature(entry: string): string {
  const der = Buffer.from(entry, 'base64');
  der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 1;
  return der.toString('base64');
}

describe('analyzeCertificates', () => {
  it('keeps no X509Certificate or KeyObject in the facts, only plain values', async () => {
    const key = testKey('rsa-2048');
    const { x5c } = await chainX5c(key);
    const facts = analyzeKey({ ...key.jwk, x5c }, 0);
    const handles = reachable(facts).filter((v) => v instanceof X509Certificate || v instanceof KeyObject);
    expect(handles).toEqual([]);
    expect(facts.certs.map((c) => c.cert !== undefined)).toEqual([true, true, true]);
  });

  it('reads the validity period, keyUsage, key and thumbprints of a certificate', async () => {
    const key = testKey('ec-P-256');
    const { x5c, der } = await selfSignedX5c(key, { keyUsage: ['digitalSignature', 'keyAgreement'] });
    const leaf = der[0] ?? new Uint8Array();
    const parsed = new X509Certificate(leaf);
    const [facts] = analyzeCertificates(x5c);
    expect(facts?.digests).toEqual({
      sha1: createHash('sha1').update(leaf).digest('hex'),
      sha256: createHash('sha256').update(leaf).digest('hex'),
    });
    expect(facts?.cert?.notBefore).toBe(new Date(parsed.validFrom).getTime());
    expect(facts?.cert?.notAfter).toBe(new Date(parsed.validTo).getTime());
    expect([...(facts?.cert?.keyUsage ?? [])]).toEqual(['digitalSignature', 'keyAgreement']);
    expect(facts?.cert?.key).toMatchObject({ kty: 'EC', type: 'ec', crv: 'P-256' });
    const x = facts?.cert?.key?.members?.['x'];
    expect(Buffer.from(x ?? []).toString('base64url')).toBe(key.jwk.x);
  });

  it('reports no keyUsage (null) for a certificate without the extension', async () => {
    const { x5c } = await selfSignedX5c(testKey('ed25519'));
    const [facts] = analyzeCertificates(x5c);
    expect(facts?.cert?.keyUsage).toBeNull();
    expect(facts?.cert?.key).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
  });

  it('reads the n and e of an RSASSA-PSS certificate key, which node exports no JWK for', async () => {
    const key = testKey('rsa-pss-2048');
    const { x5c } = await issuedX5c(key);
    const certKey = analyzeCertificates(x5c)[0]?.cert?.key;
    expect(certKey).toMatchObject({ kty: 'RSA', type: 'rsa-pss' });
    const n = Buffer.from(certKey?.members?.['n'] ?? []);
    expect(n.subarray(n.findIndex((b) => b !== 0)).toString('base64url')).toBe(key.jwk.n);
  });

  it('links each certificate to the next one: certified, a wrong issuer, a broken signature', async () => {
    const { x5c } = await chainX5c(testKey('rsa-2048'));
    const [leaf = '', intermediate = '', root = ''] = x5c;
    expect(analyzeCertificates(x5c).map((c) => c.cert?.issuedByNext)).toEqual(['certified', 'certified', undefined]);
    expect(analyzeCertificates([leaf, root])[0]?.cert?.issuedByNext).toBe('issuer-mismatch');
    expect(analyzeCertificates([withBrokenSignature(leaf), intermediate])[0]?.cert?.issuedByNext).toBe(
      'signature-invalid',
    );
  });

  it('has no chain link when the next entry does not parse', async () => {
    const { x5c } = await chainX5c(testKey('rsa-2048'));
    const facts = analyzeCertificates([x5c[0], 'AAAA']);
    expect(facts[0]?.cert?.issuedByNext).toBeUndefined();
    expect(facts[1]?.cert).toBeUndefined();
  });

  it('takes the thumbprints of an entry that decodes but is not a certificate, and none of an empty one', () => {
    const [garbage, empty, notString] = analyzeCertificates(['AAAA', '', 7]);
    expect(garbage?.digests?.sha1).toBe(createHash('sha1').update(Buffer.from('AAAA', 'base64')).digest('hex'));
    expect(garbage?.problem).toMatch(/not a DER certificate/);
    expect(empty?.digests).toBeUndefined();
    expect(notString?.digests).toBeUndefined();
  });

  it('shares one keyUsage set between certificates that assert the same bits', async () => {
    const first = await selfSignedX5c(testKey('ec-P-256'), { keyUsage: ['digitalSignature'] });
    const second = await selfSignedX5c(testKey('ec-P-256', 1), { keyUsage: ['digitalSignature'] });
    const [a] = analyzeCertificates(first.x5c);
    const [b] = analyzeCertificates(second.x5c);
    expect(a?.cert?.keyUsage).toBe(b?.cert?.keyUsage);
  });
});
