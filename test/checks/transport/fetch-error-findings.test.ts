import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { transportRules } from '../../../src/checks/transport/index.js';
import { findingsForFetchError } from '../../../src/checks/transport/fetch-error-findings.js';
import { isAppError, type ErrorCode } from '../../../src/errors.js';
import { createFetcher } from '../../../src/fetch/index.js';
import { getTestCa, issueCertificate } from '../../helpers/pki.js';

describe('findingsForFetchError', () => {
  it.each([
    ['FETCH_TLS', 'transport.tls.certificate'],
    ['FETCH_TIMEOUT', 'transport.latency'],
    ['FETCH_BODY_TOO_LARGE', 'transport.body.size'],
    ['FETCH_REDIRECT', 'transport.redirect'],
  ] as const)('maps %s to an error of %s', (code, ruleId) => {
    const mapped = findingsForFetchError(code, 'details');
    expect(mapped).toEqual({ ruleId, draft: expect.objectContaining({ severity: 'error' }) });
    expect(transportRules.map((rule) => rule.id)).toContain(ruleId);
  });

  it.each<ErrorCode>(['FETCH_DNS', 'FETCH_CONNECT', 'FETCH_FORBIDDEN_ADDRESS', 'FETCH_INVALID_URL', 'FETCH_ABORTED'])(
    'maps %s, which makes the target unreachable, to no finding',
    (code) => {
      expect(findingsForFetchError(code, 'details')).toBeUndefined();
    },
  );

  it('maps a server that offers only TLS 1.1 to transport.tls.version, not to the certificate', async () => {
    const ca = await getTestCa();
    const leaf = await issueCertificate(ca);
    const server = createServer(
      { key: leaf.key, cert: leaf.cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' },
      (_, res) => res.end('{"keys":[]}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const fetcher = createFetcher({ allowPrivateNetworks: true, ca: [leaf.ca] });
      const error = await fetcher.get(`https://127.0.0.1:${port}/jwks`).then(
        () => undefined,
        (e: unknown) => e,
      );
      await fetcher.close();
      expect(isAppError(error, 'FETCH_TLS')).toBe(true);
      const mapped = findingsForFetchError('FETCH_TLS', error instanceof Error ? error.message : '');
      expect(mapped?.ruleId).toBe('transport.tls.version');
      expect(mapped?.draft.message).toContain('TLS 1.2 or 1.3');
    } finally {
      server.close();
    }
  });
});
