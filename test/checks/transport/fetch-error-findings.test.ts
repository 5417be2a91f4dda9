import { describe, expect, it } from 'vitest';
import { transportRules } from '../../../src/checks/transport/index.js';
import { findingsForFetchError } from '../../../src/checks/transport/fetch-error-findings.js';
import type { ErrorCode } from '../../../src/errors.js';

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
});
