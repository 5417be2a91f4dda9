import { describe, expect, it } from 'vitest';
import { transportCacheControl } from '../../../src/checks/transport/cache-control.js';
import { setInput } from '../../helpers/inputs.js';
import { run } from '../document/evaluate.js';
import { fetchResult, transportInput } from './fetch-result.js';

const N =
  'u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0_IzW7yWR7QkrmBL7jTKEn5u-qKhbwKfBstIs-bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW_VDL5AaWTg0nLVkjRo9z-40RQzuVaE8AkAFmxZzow3x-VJYKdjykkJ0iT9wCS0DRTXu269V264Vf_3jvredZiKRkgwlL9xNAwxXFg0x_XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC-9aGVd-Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmw';
const SIGNING_KEY = { kty: 'RSA', use: 'sig', alg: 'RS256', kid: 'sig-1', n: N, e: 'AQAB' };
const ENCRYPTION_KEY = { kty: 'RSA', use: 'enc', kid: 'enc-1', n: N, e: 'AQAB' };
const ENC_ALG_KEY = { kty: 'RSA', alg: 'RSA-OAEP-256', kid: 'enc-2', n: N, e: 'AQAB' };

const withHeader = (cacheControl: string | undefined, keys: readonly unknown[] = [SIGNING_KEY]) =>
  transportInput(fetchResult({ headers: { cacheControl } }), { keys: setInput(keys).keys });

describe('transport.cache-control', () => {
  it.each(['max-age=3600', 'public, max-age=86400', 'Max-Age="600", must-revalidate'])('passes %s', (header) => {
    expect(run(transportCacheControl, withHeader(header))).toEqual([]);
  });

  it('notes a missing header as info for a set of signing keys', () => {
    expect(run(transportCacheControl, withHeader(undefined))).toEqual([
      expect.objectContaining({ ruleId: 'transport.cache-control', severity: 'info', actual: 'absent' }),
    ]);
  });

  it('warns about a missing header when the set holds an encryption key', () => {
    expect(run(transportCacheControl, withHeader(undefined, [SIGNING_KEY, ENCRYPTION_KEY]))).toEqual([
      expect.objectContaining({ ruleId: 'transport.cache-control', severity: 'warning' }),
    ]);
  });

  it('counts a key with an encryption alg and no use as an encryption key', () => {
    expect(run(transportCacheControl, withHeader('no-store', [ENC_ALG_KEY]))).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
  });

  it.each(['public', 's-maxage=600', 'max-age=soon', 'max-age'])('flags %s, which has no valid max-age', (header) => {
    expect(run(transportCacheControl, withHeader(header))).toEqual([
      expect.objectContaining({ ruleId: 'transport.cache-control', severity: 'info' }),
    ]);
  });

  it.each(['no-store', 'no-cache', 'NO-CACHE, max-age=60', 'max-age=0'])(
    'flags %s, which forces a refetch',
    (header) => {
      expect(run(transportCacheControl, withHeader(header))).toEqual([
        expect.objectContaining({ ruleId: 'transport.cache-control', severity: 'info' }),
      ]);
    },
  );

  it('flags a max-age longer than the configured ceiling', () => {
    const input = transportInput(fetchResult({ headers: { cacheControl: 'max-age=604800' } }), {
      keys: setInput([ENCRYPTION_KEY]).keys,
    });
    expect(run(transportCacheControl, input)).toEqual([
      expect.objectContaining({ severity: 'warning', actual: 'max-age=604800' }),
    ]);
    const relaxed = { ...input, options: { ...input.options, maxCacheAgeSeconds: 604800 } };
    expect(run(transportCacheControl, relaxed)).toEqual([]);
  });

  it('checks a discovery fetch, which has no keys, at info', () => {
    const input = transportInput(fetchResult({ headers: { cacheControl: undefined } }), { document: 'discovery' });
    expect(run(transportCacheControl, input)).toEqual([expect.objectContaining({ severity: 'info' })]);
  });

  it('checks the headers of a 304 answer', () => {
    const input = transportInput(
      fetchResult({ status: 304, notModified: true, body: '', headers: { cacheControl: 'no-store' } }),
    );
    expect(run(transportCacheControl, input)).toEqual([expect.objectContaining({ severity: 'info' })]);
  });

  it('skips an error response', () => {
    expect(
      run(transportCacheControl, transportInput(fetchResult({ status: 503, headers: { cacheControl: undefined } }))),
    ).toBe('skip');
  });
});
