/** What the probe tests fetch: one EC public key in a JWKS, and a fetch result around any document. */
import type { FetchResult, ResponseHeaders } from '../../src/fetch/types.js';
import { fetchResult } from '../checks/transport/fetch-result.js';

export const EC_KEY = {
  kty: 'EC',
  crv: 'P-256',
  kid: 'k1',
  use: 'sig',
  alg: 'ES256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};

/**
 * A fetch of `url` over TLS answered with `status`, exactly `headers` (none of the transport tests' defaults) and
 * `body`; a 304 is marked not modified.
 */
export function fetchResultOf(url: string, status: number, headers: ResponseHeaders, body: Uint8Array): FetchResult {
  return fetchResult({
    requestedUrl: url,
    url,
    status,
    notModified: status === 304,
    body,
    headers: { contentType: undefined, cacheControl: undefined, accessControlAllowOrigin: undefined, ...headers },
  });
}
