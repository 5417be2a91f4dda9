import type { FastifyPluginAsync } from 'fastify';
import { listRules } from '../../checks/catalogue.js';
import { responses } from '../schemas.js';

const ruleSchema = {
  type: 'object',
  required: ['id', 'severity', 'title', 'spec'],
  properties: {
    id: { type: 'string' },
    severity: { type: 'string', enum: ['error', 'warning', 'info'] },
    title: { type: 'string' },
    spec: { type: 'string' },
    scope: { type: 'string' },
    profiles: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

/** GET /api/v1/rules: the catalogue, as `jwks-monitor rules --json` prints it. */
export const ruleRoutes: FastifyPluginAsync = async (app) => {
  const rules = listRules().map((r) => ({
    id: r.id,
    severity: r.severity,
    title: r.title,
    spec: r.spec,
    scope: r.scope,
    profiles: r.profiles ?? {},
  }));
  app.get(
    '/rules',
    {
      schema: {
        tags: ['rules'],
        summary: 'The rule catalogue',
        response: responses(
          { 200: { type: 'object', properties: { rules: { type: 'array', items: ruleSchema } } } },
          [],
        ),
      },
    },
    async () => ({ rules }),
  );
};
