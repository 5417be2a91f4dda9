import type { FastifyPluginAsync } from 'fastify';
import { CONTENT_TYPE } from '../../metrics/exposition.js';

/**
 * GET /metrics: Prometheus text exposition. Hidden from the OpenAPI document (it is not part of the JSON API);
 * authentication, when required, is added by the enclosing plugin in app.ts.
 */
export const metricsRoutes: FastifyPluginAsync<{ metrics: () => string }> = async (app, { metrics }) => {
  app.get('/metrics', { schema: { hide: true, response: { 200: { type: 'string' } } } }, async (_request, reply) =>
    reply.header('content-type', CONTENT_TYPE).send(metrics()),
  );
};
