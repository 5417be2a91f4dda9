/**
 * Bearer-token auth for /api (and /metrics unless public). Tokens are compared as SHA-256 digests with
 * timingSafeEqual, so neither the content nor the length leaks through timing. The token is never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './errors.js';

const BEARER = /^bearer +(\S+) *$/i;

export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function bearerAuth(token: string): AuthHook {
  const expected = digest(token);
  return async (request, reply) => {
    const header = request.headers.authorization;
    // The scheme name is case-insensitive (RFC 9110 §11.1): "bearer" is as valid as "Bearer".
    const presented = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return;
    reply.header('www-authenticate', 'Bearer realm="jwks-monitor"');
    await reply.status(401).send({
      code: 'UNAUTHORIZED',
      message: 'a valid "Authorization: Bearer <API_TOKEN>" header is required',
    } satisfies ErrorBody);
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
