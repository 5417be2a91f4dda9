import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { metricsRoutes, type MetricsBody } from '../../src/api/routes/metrics.js';
import { createMetrics } from '../../src/metrics/registry.js';

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(metrics: () => MetricsBody): Promise<FastifyInstance> {
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

  it('streams a body given in pieces, with the same content type, as the same text', async () => {
    const metrics = createMetrics();
    const states = Array.from({ length: 2_500 }, (_, i) => ({
      id: i + 1,
      name: `p${i}`,
      status: 'up' as const,
      openFindings: { error: 0, warning: i % 2, info: 0 },
    }));
    const server = await build(() =>
      metrics.stream({
        listLatestStates: ({ afterId, limit }) => states.filter((s) => s.id > afterId).slice(0, limit),
      }),
    );
    const res = await server.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.body).toBe(metrics.render(states));
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
