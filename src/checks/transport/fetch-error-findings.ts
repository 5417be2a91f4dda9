/**
 * A failed fetch as the transport rule it violates: a refused certificate, a timeout, an oversized body or a
 * refused redirect are conformance findings (errors). A target that cannot be reached at all (DNS, connect,
 * forbidden address, bad URL) is an operational failure of the probe, not a finding, so it maps to nothing.
 */
import type { ErrorCode } from '../../errors.js';
import type { FindingDraft } from '../types.js';

export interface FetchErrorFinding {
  readonly ruleId: string;
  readonly draft: FindingDraft;
}

const FETCH_ERROR_RULES: Partial<Record<ErrorCode, { ruleId: string; describe(message: string): string }>> = {
  FETCH_TLS: {
    ruleId: 'transport.tls.certificate',
    describe: (message) =>
      `the TLS handshake failed (${message}); the certificate must chain to a trusted root, be valid now and match the host`,
  },
  FETCH_TIMEOUT: {
    ruleId: 'transport.latency',
    describe: (message) => `the fetch timed out (${message}); consumers give up (jose after 5 s)`,
  },
  FETCH_BODY_TOO_LARGE: {
    ruleId: 'transport.body.size',
    describe: (message) => `the body exceeds the hard size limit and was not read (${message})`,
  },
  FETCH_REDIRECT: {
    ruleId: 'transport.redirect',
    describe: (message) => `the redirect was refused (${message})`,
  },
};

/**
 * OpenSSL's words for a handshake that failed on the protocol version or the cipher, not the certificate: Node
 * refuses TLS below 1.2, so a server that offers only TLS 1.0/1.1 fails here and never reaches transport.tls.version's
 * check of the negotiated version. Reported as a certificate problem, it sent operators to the wrong place, and a
 * silenced transport.tls.certificate hid it.
 */
const PROTOCOL_FAILURE =
  /PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE|WRONG_VERSION_NUMBER|VERSION_TOO_LOW|HANDSHAKE_FAILURE|no shared cipher|NO_SHARED_CIPHER|NO_CIPHERS_AVAILABLE/i;

export function findingsForFetchError(code: ErrorCode, message: string): FetchErrorFinding | undefined {
  if (code === 'FETCH_TLS' && PROTOCOL_FAILURE.test(message)) {
    return {
      ruleId: 'transport.tls.version',
      draft: {
        message: `the TLS handshake failed on the protocol version or cipher (${message}); serve TLS 1.2 or 1.3 with current ciphers (RFC 8996)`,
        severity: 'error',
      },
    };
  }
  const mapping = FETCH_ERROR_RULES[code];
  if (mapping === undefined) return undefined;
  return { ruleId: mapping.ruleId, draft: { message: mapping.describe(message), severity: 'error' } };
}
