/**
 * The dashboard: the static files of dashboard/ (plain HTML, CSS and browser ES modules, no build step) served at
 * `/`, outside the token-protected /api scope; the page asks for the token itself when the API answers 401.
 * Every value it shows comes from monitored documents, so its responses carry a strict Content-Security-Policy: no
 * inline script or style, nothing from another origin, no framing. The files are listed once at registration
 * (no wildcard route), so a path that is not a dashboard file keeps the API's JSON 404.
 */
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export interface DashboardRoutesOptions {
  /** The directory holding index.html and its assets. */
  readonly root: string;
}

/** dashboard/ at the root of the package, from src/api/routes (tsx) and from dist/api/routes (built) alike. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard', import.meta.url));

export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // frame-ancestors for browsers that predate CSP level 2.
  'x-frame-options': 'DENY',
  // Revalidate on every load (the ETag makes that a 304): an upgraded service never runs an old page.
  'cache-control': 'no-cache',
};

export const dashboardRoutes: FastifyPluginAsync<DashboardRoutesOptions> = async (app, { root }) => {
  // Hooks are encapsulated: these headers reach the dashboard's responses only, not the API's.
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    decorateReply: false,
    dotfiles: 'ignore',
  });
};
