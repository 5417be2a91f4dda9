/** What the probe tests fetch: one EC public key in a JWKS, and a fetch result around any document. */
import { createHash } from 'node:crypto';
import type { FetchResult, ResponseHeaders } from '../../src/fetch/types.js';

export const EC_KEY = {
  kty: 'EC',
  crv: 'P-256',
  kid: 'k1',
  use: 'sig',
  alg: 'ES256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};

/** A fetch of `url` over TLS answered with `status`, `headers` and `body` (a 304 is marked not modified). */
export function fetchResultOf(url: string, status: number, headers: ResponseHeaders, body: Uint8Array): FetchResult {
  return {
    requestedUrl: url,
    url,
    redirects: [],
    status,
    headers,
    timings: { firstByteMs: 1, totalMs: 2 },
    tls: { protocol: 'TLSv1.3' },
    body,
    sha256: createHash('sha256').update(body).digest('hex'),
    notModified: status === 304,
  };
}
