import type { Rule } from '../types.js';
import { transportBodySize } from './body-size.js';
import { transportCacheControl } from './cache-control.js';
import { transportContentTypeDiscovery } from './content-type-discovery.js';
import { transportContentTypeJwks } from './content-type-jwks.js';
import { transportCors } from './cors.js';
import { transportHttps } from './https.js';
import { transportLatency } from './latency.js';
import { transportRedirect } from './redirect.js';
import { transportStatus } from './status.js';
import { transportTlsCertificate } from './tls-certificate.js';
import { transportTlsVersion } from './tls-version.js';

/** Rules on a fetch (scope 'transport'): status, headers, timings, TLS facts and the redirect chain. */
export const transportRules: readonly Rule[] = [
  transportHttps,
  transportTlsCertificate,
  transportTlsVersion,
  transportStatus,
  transportRedirect,
  transportContentTypeDiscovery,
  transportContentTypeJwks,
  transportBodySize,
  transportLatency,
  transportCacheControl,
  transportCors,
];
