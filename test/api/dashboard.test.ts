/**
 * The dashboard's static files: served at / with a strict Content-Security-Policy, outside the API's auth, and
 * written so that the policy holds (no inline script or style) and remote values stay text (no HTML sinks).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../../src/api/errors.js';
import { DASHBOARD_CSP, DASHBOARD_DIR, dashboardRoutes } from '../../src/api/routes/dashboard.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  installErrorHandler(app);
  await app.register(dashboardRoutes, { root: DASHBOARD_DIR });
  app.get('/api/v1/ping', async () => ({ ok: true }));
  await app.ready();
});
afterAll(() => app.close());

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const files = filesUnder(DASHBOARD_DIR);
const byExtension = (ext: string) => files.filter((f) => f.endsWith(ext));

describe('the dashboard route', () => {
  it('serves index.html at / with the strict policy, nosniff and no referrer', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.body).toContain('<main id="main"');
  });

  it('serves every module and stylesheet with its type and the same headers', async () => {
    for (const file of [...byExtension('.js'), ...byExtension('.css'), ...byExtension('.svg')]) {
      const url = `/${relative(DASHBOARD_DIR, file).split('\\').join('/')}`;
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      const type = file.endsWith('.js') ? /javascript/ : file.endsWith('.css') ? /text\/css/ : /image\/svg\+xml/;
      expect(response.headers['content-type'], url).toMatch(type);
      expect(response.headers['content-security-policy'], url).toBe(DASHBOARD_CSP);
    }
  });

  it('answers a conditional request with 304', async () => {
    const first = await app.inject({ method: 'GET', url: '/css/app.css' });
    const etag = first.headers.etag;
    expect(typeof etag).toBe('string');
    const again = await app.inject({ method: 'GET', url: '/css/app.css', headers: { 'if-none-match': String(etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('leaves other paths to the API: its JSON 404 and no dashboard headers on API answers', async () => {
    const missing = await app.inject({ method: 'GET', url: '/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND' });
    const api = await app.inject({ method: 'GET', url: '/api/v1/ping' });
    expect(api.headers['content-security-policy']).toBeUndefined();
  });

  it('serves nothing outside its directory', async () => {
    const response = await app.inject({ method: 'GET', url: '/../package.json' });
    expect(response.statusCode).toBe(404);
  });
});

describe('the dashboard source', () => {
  it('has no inline script, inline style, style attribute or inline event handler', () => {
    for (const file of byExtension('.html')) {
      const html = readFileSync(file, 'utf8');
      for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) expect(tag, file).toMatch(/\ssrc=/);
      expect(html, file).not.toMatch(/<style\b/i);
      expect(html, file).not.toMatch(/\sstyle=/i);
      expect(html, file).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it('never parses strings as HTML: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval', () => {
    const sinks =
      /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval|new Function|setAttribute\(\s*['"]style['"])\b/;
    for (const file of byExtension('.js')) {
      expect(readFileSync(file, 'utf8'), relative(DASHBOARD_DIR, file)).not.toMatch(sinks);
    }
  });

  it('loads nothing from another origin', () => {
    for (const file of [...byExtension('.html'), ...byExtension('.css'), ...byExtension('.js')]) {
      expect(readFileSync(file, 'utf8'), relative(DASHBOARD_DIR, file)).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
      expect(readFileSync(file, 'utf8'), relative(DASHBOARD_DIR, file)).not.toMatch(
        /@import|url\(\s*['"]?(https?:)?\/\//i,
      );
    }
  });
});
