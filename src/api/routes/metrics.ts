import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { CONTENT_TYPE } from '../../metrics/exposition.js';

/**
 * A scrape's body: the whole text, or its pieces (Metrics.stream), sent as they come with chunked transfer
 * encoding so that a 12 MB exposition neither holds the event loop nor sits in memory at once.
 */
export type MetricsBody = string | AsyncIterable<string>;

/**
 * GET /metrics: Prometheus text exposition. Hidden from the OpenAPI document (it is not part of the JSON API);
 * authentication, when required, is added by the enclosing plugin in app.ts.
 */
export const metricsRoutes: FastifyPluginAsync<{ metrics: () => MetricsBody }> = async (app, { metrics }) => {
  app.get('/metrics', { schema: { hide: true, response: { 200: { type: 'string' } } } }, async (_request, reply) => {
    const body = metrics();
    reply.header('content-type', CONTENT_TYPE);
    // A stream bypasses the response serializer; objectMode off turns each piece into UTF-8 bytes.
    return reply.send(typeof body === 'string' ? body : Readable.from(body, { objectMode: false }));
  });
};
