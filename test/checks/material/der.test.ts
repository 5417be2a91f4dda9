import { describe, expect, it } from 'vitest';
import { certificateKeyUsage, rsaPublicIntegers } from '../../../src/checks/material/der.js';
import { selfSignedX5c, testKey } from '../../helpers/x5c.js';

describe('certificateKeyUsage', () => {
  it('reads the keyUsage bits a certificate asserts', async () => {
    const { der } = await selfSignedX5c(testKey('ec-P-256'), {
      keyUsage: ['digitalSignature', 'keyAgreement', 'decipherOnly'],
    });
    const usage = certificateKeyUsage(der[0] ?? new Uint8Array());
    expect(usage instanceof Set ? [...usage].sort() : usage).toEqual([
      'decipherOnly',
      'digitalSignature',
      'keyAgreement',
    ]);
  });

  it('returns null for a certificate without a keyUsage extension', async () => {
    const { der } = await selfSignedX5c(testKey('ec-P-256'));
    expect(certificateKeyUsage(der[0] ?? new Uint8Array())).toBeNull();
  });

  it('returns undefined, never throws, on truncated or corrupted DER', async () => {
    const { der } = await selfSignedX5c(testKey('ec-P-256'), { keyUsage: ['digitalSignature'] });
    const cert = der[0] ?? new Uint8Array();
    for (let cut = 0; cut < cert.length; cut += 7) {
      expect(() => certificateKeyUsage(cert.subarray(0, cut))).not.toThrow();
    }
    for (let i = 0; i < cert.length; i += 3) {
      const corrupted = Uint8Array.from(cert);
      corrupted[i] = (corrupted[i] ?? 0) ^ 0xff;
      expect(() => certificateKeyUsage(corrupted)).not.toThrow();
    }
    expect(certificateKeyUsage(new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]))).toBeUndefined();
    expect(certificateKeyUsage(new Uint8Array([0x30, 0x80]))).toBeUndefined();
  });
});

describe('rsaPublicIntegers', () => {
  it('reads n and e from an RSA SubjectPublicKeyInfo', () => {
    const key = testKey('rsa-2048');
    const integers = rsaPublicIntegers(new Uint8Array(key.publicKey.export({ type: 'spki', format: 'der' })));
    const unsigned = (bytes: Uint8Array | undefined) =>
      Buffer.from(bytes ?? [])
        .toString('hex')
        .replace(/^(00)+/, '');
    expect(unsigned(integers?.n)).toBe(Buffer.from(key.jwk.n ?? '', 'base64url').toString('hex'));
    expect(unsigned(integers?.e)).toBe('010001');
  });

  it('returns undefined for an EC SubjectPublicKeyInfo and for garbage', () => {
    expect(
      rsaPublicIntegers(new Uint8Array(testKey('ec-P-256').publicKey.export({ type: 'spki', format: 'der' }))),
    ).toBeUndefined();
    expect(rsaPublicIntegers(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });
});
