import type { FastifyPluginAsync } from 'fastify';

export interface Readiness {
  readonly database: boolean;
  readonly migrations: boolean;
  readonly scheduler: boolean;
}

const readinessSchema = {
  type: 'object',
  properties: {
    ready: { type: 'boolean' },
    checks: {
      type: 'object',
      properties: { database: { type: 'boolean' }, migrations: { type: 'boolean' }, scheduler: { type: 'boolean' } },
    },
  },
} as const;

/** /healthz: the process answers. /readyz: the database is open, migrations current, the scheduler ticking. */
export const healthRoutes: FastifyPluginAsync<{ readiness: () => Readiness }> = async (app, { readiness }) => {
  app.get(
    '/healthz',
    {
      logLevel: 'warn',
      schema: { hide: true, response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    { logLevel: 'warn', schema: { hide: true, response: { 200: readinessSchema, 503: readinessSchema } } },
    async (_request, reply) => {
      const checks = readiness();
      const ready = checks.database && checks.migrations && checks.scheduler;
      return reply.status(ready ? 200 : 503).send({ ready, checks });
    },
  );
};
