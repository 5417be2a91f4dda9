import { describe, expect, it } from 'vitest';
import { transportHttps } from '../../../src/checks/transport/https.js';
import { transportRedirect } from '../../../src/checks/transport/redirect.js';
import { transportTlsCertificate } from '../../../src/checks/transport/tls-certificate.js';
import { transportTlsVersion } from '../../../src/checks/transport/tls-version.js';
import { run } from '../document/evaluate.js';
import { JWKS_URL, fetchResult, transportInput } from './fetch-result.js';

const HTTP_URL = 'http://op.example/jwks';

describe('transport.https', () => {
  it('passes an https fetch without redirects', () => {
    expect(run(transportHttps, transportInput(fetchResult()))).toEqual([]);
  });

  it('passes an https redirect chain', () => {
    const fetch = fetchResult({
      url: 'https://op.example/v2/jwks',
      redirects: [{ url: JWKS_URL, status: 301, location: 'https://op.example/v2/jwks' }],
    });
    expect(run(transportHttps, transportInput(fetch))).toEqual([]);
  });

  it('flags a plain http URL once, with an error', () => {
    const fetch = fetchResult({ requestedUrl: HTTP_URL, url: HTTP_URL, tls: null });
    expect(run(transportHttps, transportInput(fetch, { document: 'discovery' }))).toEqual([
      expect.objectContaining({ ruleId: 'transport.https', severity: 'error', actual: 'http' }),
    ]);
  });

  it('flags an http hop in the middle of a chain that ends on https', () => {
    const fetch = fetchResult({
      url: 'https://op.example/final',
      redirects: [
        { url: JWKS_URL, status: 302, location: HTTP_URL },
        { url: HTTP_URL, status: 301, location: 'https://op.example/final' },
      ],
    });
    expect(run(transportHttps, transportInput(fetch))).toEqual([
      expect.objectContaining({ ruleId: 'transport.https', severity: 'error', actual: 'http' }),
    ]);
  });

  it('flags a URL that does not parse', () => {
    const fetch = fetchResult({ redirects: [{ url: JWKS_URL, status: 302, location: 'https://[bad' }] });
    expect(run(transportHttps, transportInput(fetch))).toEqual([expect.objectContaining({ actual: 'invalid URL' })]);
  });
});

describe('transport.tls.certificate', () => {
  const leaf = (notAfter: string, notBefore = '2025-01-01T00:00:00.000Z') => ({
    leaf: { subject: 'CN=op.example', issuer: 'CN=CA', notBefore, notAfter },
  });

  it('passes a certificate with months of validity left', () => {
    expect(run(transportTlsCertificate, transportInput(fetchResult()))).toEqual([]);
  });

  it('warns about a certificate that expires within the warning window', () => {
    const fetch = fetchResult({ tls: leaf('2026-06-15T00:00:00.000Z') });
    expect(run(transportTlsCertificate, transportInput(fetch))).toEqual([
      expect.objectContaining({ ruleId: 'transport.tls.certificate', severity: 'warning', actual: '14 days' }),
    ]);
  });

  it('takes the warning window from the options', () => {
    const fetch = fetchResult({ tls: leaf('2026-06-15T00:00:00.000Z') });
    expect(run(transportTlsCertificate, transportInput(fetch, { options: { certExpiryWarnDays: 7 } }))).toEqual([]);
  });

  it('flags an expired certificate as an error', () => {
    const fetch = fetchResult({ tls: leaf('2026-05-31T23:59:59.000Z') });
    expect(run(transportTlsCertificate, transportInput(fetch))).toEqual([
      expect.objectContaining({ ruleId: 'transport.tls.certificate', severity: 'error' }),
    ]);
  });

  it('flags a certificate that is not valid yet as an error', () => {
    const fetch = fetchResult({ tls: leaf('2027-01-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z') });
    expect(run(transportTlsCertificate, transportInput(fetch))).toEqual([
      expect.objectContaining({ severity: 'error', actual: '2026-07-01T00:00:00.000Z' }),
    ]);
  });

  it("reads OpenSSL's date text too", () => {
    const fetch = fetchResult({ tls: leaf('Jun  2 00:00:00 2026 GMT') });
    expect(run(transportTlsCertificate, transportInput(fetch))).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
  });

  it('skips a fetch without certificate facts (plain http)', () => {
    expect(run(transportTlsCertificate, transportInput(fetchResult({ tls: null })))).toBe('skip');
  });

  it('skips a certificate date it cannot read', () => {
    expect(run(transportTlsCertificate, transportInput(fetchResult({ tls: leaf('soon') })))).toBe('skip');
  });
});

describe('transport.tls.version', () => {
  it.each(['TLSv1.2', 'TLSv1.3'])('passes %s', (protocol) => {
    expect(run(transportTlsVersion, transportInput(fetchResult({ tls: { protocol } })))).toEqual([]);
  });

  it.each(['TLSv1', 'TLSv1.1'])('warns about %s under the core profile', (protocol) => {
    expect(run(transportTlsVersion, transportInput(fetchResult({ tls: { protocol } })))).toEqual([
      expect.objectContaining({ ruleId: 'transport.tls.version', severity: 'warning', actual: protocol }),
    ]);
  });

  it('keeps TLS 1.1 a warning under oidc', () => {
    const input = transportInput(fetchResult({ tls: { protocol: 'TLSv1.1' } }), { profile: 'oidc' });
    expect(run(transportTlsVersion, input)).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  it.each(['fapi1', 'fapi2'] as const)('flags TLS 1.0 as an error under %s', (profile) => {
    const input = transportInput(fetchResult({ tls: { protocol: 'TLSv1' } }), { profile });
    expect(run(transportTlsVersion, input)).toEqual([
      expect.objectContaining({ ruleId: 'transport.tls.version', severity: 'error' }),
    ]);
  });

  it('flags an insecure cipher suite', () => {
    const input = transportInput(fetchResult({ tls: { protocol: 'TLSv1.2', cipher: 'DES-CBC3-SHA' } }));
    expect(run(transportTlsVersion, input)).toEqual([expect.objectContaining({ actual: 'DES-CBC3-SHA' })]);
  });

  it('passes a modern cipher suite', () => {
    const input = transportInput(fetchResult({ tls: { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' } }));
    expect(run(transportTlsVersion, input)).toEqual([]);
  });

  it('skips a plain http fetch', () => {
    const fetch = fetchResult({ requestedUrl: 'http://op.example/jwks', url: 'http://op.example/jwks', tls: null });
    expect(run(transportTlsVersion, transportInput(fetch))).toBe('skip');
  });

  it('skips when the protocol is unknown', () => {
    expect(run(transportTlsVersion, transportInput(fetchResult({ tls: { protocol: null } })))).toBe('skip');
  });
});

describe('transport.redirect', () => {
  it('passes a fetch without redirects', () => {
    expect(run(transportRedirect, transportInput(fetchResult()))).toEqual([]);
  });

  it('warns about a same-origin redirect', () => {
    const fetch = fetchResult({
      url: 'https://op.example/v2/jwks',
      redirects: [{ url: JWKS_URL, status: 308, location: 'https://op.example/v2/jwks' }],
    });
    expect(run(transportRedirect, transportInput(fetch))).toEqual([
      expect.objectContaining({ ruleId: 'transport.redirect', severity: 'warning' }),
    ]);
  });

  it('flags a redirect that leaves the origin as an error', () => {
    const fetch = fetchResult({
      url: 'https://cdn.example/jwks',
      redirects: [{ url: JWKS_URL, status: 302, location: 'https://cdn.example/jwks' }],
    });
    expect(run(transportRedirect, transportInput(fetch))).toEqual([
      expect.objectContaining({ ruleId: 'transport.redirect', severity: 'error' }),
    ]);
  });

  it('treats another port as another origin', () => {
    const fetch = fetchResult({
      redirects: [{ url: JWKS_URL, status: 302, location: 'https://op.example:8443/jwks' }],
    });
    expect(run(transportRedirect, transportInput(fetch))).toEqual([expect.objectContaining({ severity: 'error' })]);
  });

  it('flags a downgrade to http as an error', () => {
    const fetch = fetchResult({
      url: 'http://op.example/jwks',
      redirects: [{ url: JWKS_URL, status: 301, location: 'http://op.example/jwks' }],
    });
    expect(run(transportRedirect, transportInput(fetch))).toEqual([
      expect.objectContaining({ ruleId: 'transport.redirect', severity: 'error' }),
    ]);
  });

  it('reports each hop of a chain', () => {
    const fetch = fetchResult({
      url: 'https://cdn.example/jwks',
      redirects: [
        { url: JWKS_URL, status: 301, location: 'https://op.example/v2/jwks' },
        { url: 'https://op.example/v2/jwks', status: 302, location: 'https://cdn.example/jwks' },
      ],
    });
    const fired = run(transportRedirect, transportInput(fetch));
    expect(fired !== 'skip' && fired.map((f) => f.severity)).toEqual(['warning', 'error']);
  });
});
