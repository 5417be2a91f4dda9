import { describe, expect, it } from 'vitest';
import { transportVerdictKey } from '../../../src/checks/transport/verdict-key.js';
import { DEFAULT_CHECK_OPTIONS } from '../../../src/checks/types.js';
import { fetchResult, type FetchOverrides } from './fetch-result.js';

const NOW = new Date('2026-06-01T00:00:00Z');

function keyOf(overrides: FetchOverrides = {}): string | undefined {
  return transportVerdictKey(fetchResult(overrides), DEFAULT_CHECK_OPTIONS, NOW)?.key;
}

describe('transportVerdictKey', () => {
  it('gives equal facts one key, of a fixed length however long the facts are', () => {
    const long = `https://op.example/${'a'.repeat(2_000)}/jwks`;
    expect(keyOf()).toBe(keyOf());
    expect(keyOf()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keyOf({ requestedUrl: long, url: long })).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('changes with every fact a transport rule reads', () => {
    const base = keyOf();
    const variants: FetchOverrides[] = [
      { requestedUrl: 'https://op.example/other' },
      { url: 'https://op.example/moved' },
      { status: 203 },
      { notModified: true },
      { body: '{"keys":[{}]}' },
      { headers: { contentType: 'application/json' } },
      { headers: { cacheControl: 'no-store' } },
      { headers: { accessControlAllowOrigin: undefined } },
      { tls: { protocol: 'TLSv1.2' } },
      { tls: { cipher: 'TLS_AES_256_GCM_SHA384' } },
      {
        tls: {
          leaf: {
            subject: 'CN=x',
            issuer: 'CN=Test CA',
            notBefore: '2026-01-01T00:00:00.000Z',
            notAfter: '2026-12-31T00:00:00.000Z',
          },
        },
      },
      { tls: null },
      { redirects: [{ url: 'https://op.example/a', status: 301, location: '/jwks' }] },
    ];
    const keys = variants.map((v) => keyOf(v));
    for (const key of keys) expect(key).not.toBe(base);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps no key for a fetch over the latency budget (its finding names the time)', () => {
    expect(
      keyOf({
        timings: {
          dnsMs: 0,
          connectMs: 0,
          tlsMs: 0,
          firstByteMs: 0,
          totalMs: DEFAULT_CHECK_OPTIONS.latencyBudgetMs + 1,
        },
      }),
    ).toBeUndefined();
  });
});
