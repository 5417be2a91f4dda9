import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../src/jwks/base64url.js';

const bytesOf = (s: string): number[] => [...Buffer.from(s, 'base64url')];

describe('decodeBase64Url', () => {
  it('accepts strict unpadded base64url', () => {
    const decoded = decodeBase64Url('AQAB');
    expect(decoded.strict).toBe(true);
    expect(decoded.problem).toBeUndefined();
    expect([...(decoded.bytes ?? [])]).toEqual([1, 0, 1]);
  });

  it('accepts the empty string as zero octets', () => {
    const decoded = decodeBase64Url('');
    expect(decoded.strict).toBe(true);
    expect(decoded.bytes?.length).toBe(0);
  });

  it('decodes a padded value and reports the padding', () => {
    const decoded = decodeBase64Url('AQ==');
    expect(decoded).toMatchObject({ strict: false, problem: 'padding' });
    expect([...(decoded.bytes ?? [])]).toEqual([1]);
  });

  it('decodes a value with whitespace and reports it', () => {
    const decoded = decodeBase64Url('AQ\r\nAB ');
    expect(decoded).toMatchObject({ strict: false, problem: 'whitespace' });
    expect([...(decoded.bytes ?? [])]).toEqual([1, 0, 1]);
  });

  it("decodes the standard '+/' alphabet to the same octets and reports it", () => {
    const decoded = decodeBase64Url('+/8=');
    expect(decoded).toMatchObject({ strict: false, problem: 'standard-alphabet' });
    expect([...(decoded.bytes ?? [])]).toEqual(bytesOf('-_8'));
  });

  it('reports characters outside both alphabets as invalid, without bytes', () => {
    expect(decodeBase64Url('AQ*B')).toEqual({ bytes: undefined, strict: false, problem: 'invalid' });
    expect(decodeBase64Url('A=QB')).toEqual({ bytes: undefined, strict: false, problem: 'invalid' });
  });

  it('reports a length that no encoding produces as invalid', () => {
    expect(decodeBase64Url('AQABC')).toMatchObject({ bytes: undefined, strict: false, problem: 'invalid' });
  });

  it('decodes non-canonical final bits but does not call them strict', () => {
    // "AR" and "AQ" both decode to 0x01; only "AQ" has zero unused bits.
    const decoded = decodeBase64Url('AR');
    expect(decoded).toMatchObject({ strict: false, problem: 'invalid' });
    expect([...(decoded.bytes ?? [])]).toEqual([1]);
    expect(decodeBase64Url('AQ').strict).toBe(true);
  });

  it('round-trips with encodeBase64Url', () => {
    const bytes = new Uint8Array([0, 255, 254, 1, 2, 3, 250]);
    const decoded = decodeBase64Url(encodeBase64Url(bytes));
    expect(decoded.strict).toBe(true);
    expect([...(decoded.bytes ?? [])]).toEqual([...bytes]);
  });
});
