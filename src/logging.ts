/**
 * Structured logs (pino, through fastify): one JSON object per line on stdout. Authorization headers and
 * cookies are redacted, and a request is logged by its path without the query string, so the API token never
 * reaches a log: a client that sends it as `?access_token=` (RFC 6750 §2.3) had its token logged with the URL
 * (review of the metrics, defect 5).
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.js';

export function compactLogger(level: LogLevel): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.authorization', '*.apiToken', '*.secret'],
      censor: '[redacted]',
    },
    serializers: { req: requestForLog },
  };
}

/** Fastify's own request serializer, with the path in place of the URL. */
function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: pathOf(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The URL up to its query string or fragment: any parameter may carry a secret, not only the known names. */
function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
