/**
 * Every error leaves the API as `{code, message, details?}`. AppError codes map to statuses here; validation
 * errors name the field; anything unexpected is logged with its stack and answered with a bare 500.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError, type ErrorCode } from '../errors.js';

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  USAGE: 400,
  FETCH_INVALID_URL: 400,
  FETCH_UNSUPPORTED_SCHEME: 400,
  FETCH_FORBIDDEN_ADDRESS: 400,
  INPUT_UNRECOGNISED: 400,
  UNAUTHORIZED: 401,
  PROVIDER_READ_ONLY: 403,
  PROVIDER_NOT_FOUND: 404,
  SNAPSHOT_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  DELIVERY_NOT_FOUND: 404,
  PROVIDER_CONFLICT: 409,
};

export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      const status = STATUS_BY_CODE[error.code] ?? 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        return reply.status(status).send({ code: error.code, message: 'internal error' } satisfies ErrorBody);
      }
      return reply.status(status).send({
        code: error.code,
        message: error.message,
        ...(error.details !== undefined && { details: error.details }),
      });
    }
    if (error.validation !== undefined) {
      const fields = error.validation.map((v) => ({
        field: fieldOf(error.validationContext, v.instancePath, v.params),
        problem: v.message ?? 'is invalid',
      }));
      const message = fields.map((f) => `${f.field} ${f.problem}`).join('; ');
      return reply.status(400).send({ code: 'VALIDATION_FAILED', message, details: { fields } } satisfies ErrorBody);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ code: 'BODY_TOO_LARGE', message: error.message } satisfies ErrorBody);
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, wrong content type and the like: the client's mistake, and fastify's message says which.
      return reply
        .status(error.statusCode)
        .send({ code: error.code ?? codeOfStatus(error.statusCode), message: error.message } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ code: 'INTERNAL', message: 'internal error' } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      code: 'NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    } satisfies ErrorBody),
  );
}

/** For `frameworkErrors`: what fastify refuses before routing (FST_ERR_BAD_URL), which no error handler sees. */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 400;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    void reply.status(500).send({ code: 'INTERNAL', message: 'internal error' } satisfies ErrorBody);
    return;
  }
  void reply
    .status(status)
    .send({ code: error.code ?? codeOfStatus(status), message: error.message } satisfies ErrorBody);
}

/** An error without a code of its own (a 403 from the static files) is named by its status: FORBIDDEN. */
function codeOfStatus(status: number): string {
  return (STATUS_CODES[status] ?? 'Bad Request').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** "body.intervalSeconds", or "body.silencedRules/0/reason", or for a missing/unknown property its name. */
function fieldOf(context: string | undefined, instancePath: string, params: Record<string, unknown>): string {
  const part = context ?? 'body';
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const extra =
    typeof params['missingProperty'] === 'string'
      ? params['missingProperty']
      : typeof params['additionalProperty'] === 'string'
        ? params['additionalProperty']
        : '';
  return [part, path, extra].filter((s) => s !== '').join('.');
}
