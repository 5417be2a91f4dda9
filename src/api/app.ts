/**
 * buildApp(deps): the HTTP API as a fastify instance, importable by tests (`app.inject()`); server.ts owns the
 * process (listen, signals). Every route declares its input and output schemas; the serializer therefore cannot
 * leak a column that a schema does not name.
 */
import type { MetricsBody } from './routes/metrics.js';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { WebhookService } from '../alerts/index.js';
import type { MonitorService } from '../service/monitor-service.js';
import type { Store } from '../store/store.js';
import { VERSION } from '../version.js';
import { bearerAuth } from './auth.js';
import { installStrictJsonParser } from './strict-json.js';
import { installErrorHandler, sendFrameworkError } from './errors.js';
import { checkRoutes, type AdhocChecker } from './routes/check.js';
import { DASHBOARD_DIR, dashboardRoutes } from './routes/dashboard.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes, type Readiness } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { providerHistoryRoutes } from './routes/provider-history.js';
import { providerRoutes } from './routes/providers.js';
import { ruleRoutes } from './routes/rules.js';
import { webhookRoutes } from './routes/webhooks.js';
import { validatorCompiler } from './validation.js';

export interface AppDeps {
  readonly store: Store;
  readonly service: MonitorService;
  readonly adhoc: AdhocChecker;
  readonly webhooks: WebhookService;
  readiness(): Readiness;
  /** Prometheus text exposition of the current metrics. */
  metrics(): MetricsBody;
  readonly apiToken: string | undefined;
  readonly metricsPublic: boolean;
  readonly publicUrl?: string | undefined;
  readonly logger?: FastifyServerOptions['logger'];
  /** Largest request body accepted (default 1 MiB). */
  readonly bodyLimitBytes?: number;
}

const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Request fields that must never reach a log line. */
export const LOG_REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    // Remote input is untrusted: refuse prototype-poisoning keys instead of stripping them silently.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    ajv: { customOptions: { removeAdditional: false } },
    // Errors fastify meets before routing (a path that does not percent-decode) leave in the API's shape too.
    frameworkErrors: sendFrameworkError,
  });
  app.setValidatorCompiler(validatorCompiler());
  installErrorHandler(app);
  // The API reads JSON only: a text/plain body was parsed as a string and refused as "body must be object"; now it
  // gets 415 like every other type (the dashboard sends application/json).
  app.removeContentTypeParser('text/plain');
  installStrictJsonParser(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'jwks-monitor', version: VERSION, description: 'Watches the public keys of identity providers.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: deps.apiToken === undefined ? [] : [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes, { readiness: deps.readiness });
  // The dashboard is public static files; it reads only /api/v1, which asks for the token.
  await app.register(dashboardRoutes, { root: DASHBOARD_DIR });

  const auth = deps.apiToken === undefined ? undefined : bearerAuth(deps.apiToken);
  await app.register(async (metrics) => {
    if (auth !== undefined && !deps.metricsPublic) metrics.addHook('onRequest', auth);
    await metrics.register(metricsRoutes, { metrics: deps.metrics });
  });
  await app.register(
    async (api) => {
      if (auth !== undefined) api.addHook('onRequest', auth);
      await api.register(providerRoutes, { service: deps.service, store: deps.store });
      await api.register(providerHistoryRoutes, { service: deps.service, store: deps.store });
      await api.register(eventRoutes, { store: deps.store });
      await api.register(ruleRoutes);
      await api.register(checkRoutes, { adhoc: deps.adhoc });
      await api.register(webhookRoutes, { webhooks: deps.webhooks });
    },
    { prefix: '/api/v1' },
  );
  return app;
}
