import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { metricsRoutes } from '../../src/api/routes/metrics.js';
import { createMetrics } from '../../src/metrics/registry.js';

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(metrics: () => string): Promise<FastifyInstance> {
  app = Fastify();
  await app.register(swagger, { openapi: { openapi: '3.0.3', info: { title: 't', version: '0' } } });
  await app.register(metricsRoutes, { metrics });
  await app.ready();
  return app;
}

describe('GET /metrics', () => {
  it('serves the text exposition with the Prometheus 0.0.4 content type', async () => {
    const metrics = createMetrics();
    const server = await build(() =>
      metrics.render([{ id: 1, name: 'acme "eu"', status: 'up', openFindings: { error: 1, warning: 0, info: 0 } }]),
    );
    const res = await server.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.body).toContain('jwks_monitor_provider_up{provider="acme \\"eu\\""} 1\n');
    expect(res.body.startsWith('"')).toBe(false);
  });

  it('renders the metrics afresh on every scrape', async () => {
    let n = 0;
    const server = await build(() => `x ${++n}\n`);
    await server.inject({ method: 'GET', url: '/metrics' });
    expect((await server.inject({ method: 'GET', url: '/metrics' })).body).toBe('x 2\n');
  });

  it('is left out of the OpenAPI document', async () => {
    const server = await build(() => '');
    const doc: unknown = server.swagger();
    expect(JSON.stringify(doc)).not.toContain('/metrics');
  });
});
