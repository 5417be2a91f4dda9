/**
 * Structured logs (pino, through fastify): one JSON object per line on stdout. Authorization headers and
 * cookies are redacted, so the API token never reaches a log.
 */
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.js';

export function compactLogger(level: LogLevel): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.authorization', '*.apiToken', '*.secret'],
      censor: '[redacted]',
    },
  };
}
