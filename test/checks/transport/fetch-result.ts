/** Hand-built FetchResults for the transport rule tests: a healthy https JWKS fetch unless told otherwise. */
import { createHash } from 'node:crypto';
import type { DocumentKind, TransportInput } from '../../../src/checks/types.js';
import type { FetchResult, ResponseHeaders, TlsFacts } from '../../../src/fetch/types.js';
import type { KeyFacts } from '../../../src/jwks/types.js';
import { env, type EnvOverrides } from '../../helpers/inputs.js';

export const JWKS_URL = 'https://op.example/jwks';

export interface FetchOverrides extends Partial<Omit<FetchResult, 'headers' | 'tls' | 'body'>> {
  readonly headers?: Partial<Record<keyof ResponseHeaders, string | undefined>>;
  /** `null` removes the TLS facts (a plain http fetch). */
  readonly tls?: Partial<TlsFacts> | null;
  readonly body?: string | Uint8Array;
}

export function fetchResult(overrides: FetchOverrides = {}): FetchResult {
  const { headers, tls, body, ...rest } = overrides;
  const bytes =
    typeof body === 'string' ? new TextEncoder().encode(body) : (body ?? new TextEncoder().encode('{"keys":[]}'));
  const mergedHeaders: Record<string, string> = {};
  const allHeaders = {
    contentType: 'application/jwk-set+json',
    cacheControl: 'public, max-age=3600',
    accessControlAllowOrigin: '*',
    ...headers,
  };
  for (const [name, value] of Object.entries(allHeaders)) if (value !== undefined) mergedHeaders[name] = value;
  return {
    requestedUrl: JWKS_URL,
    url: JWKS_URL,
    redirects: [],
    status: 200,
    headers: mergedHeaders,
    timings: { dnsMs: 5, connectMs: 10, tlsMs: 20, firstByteMs: 60, totalMs: 80 },
    ...(tls === null
      ? {}
      : {
          tls: {
            protocol: 'TLSv1.3',
            cipher: 'TLS_AES_128_GCM_SHA256',
            leaf: {
              subject: 'CN=op.example',
              issuer: 'CN=Test CA',
              notBefore: '2026-01-01T00:00:00.000Z',
              notAfter: '2026-12-31T00:00:00.000Z',
            },
            ...tls,
          },
        }),
    body: bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    notModified: false,
    ...rest,
  };
}

export function transportInput(
  fetch: FetchResult,
  overrides: EnvOverrides & { document?: DocumentKind; keys?: readonly KeyFacts[] } = {},
): TransportInput {
  return { ...env(overrides), document: overrides.document ?? 'jwks', fetch, keys: overrides.keys };
}
