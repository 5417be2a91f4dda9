import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerAuth } from '../../src/api/auth.js';

const TOKEN = 'a-token-of-sixteen-or-more';
const app = Fastify();

beforeAll(async () => {
  app.addHook('onRequest', bearerAuth(TOKEN));
  app.get('/api/v1/x', async () => ({ ok: true }));
  await app.ready();
});
afterAll(() => app.close());

const status = async (authorization?: string) =>
  (await app.inject({ url: '/api/v1/x', headers: authorization === undefined ? {} : { authorization } })).statusCode;

describe('bearer token auth', () => {
  it('takes the scheme in any letter case (RFC 9110 §11.1), the token exactly', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) expect(await status(`${scheme} ${TOKEN}`)).toBe(200);
    expect(await status(`Bearer ${TOKEN.toUpperCase()}`)).toBe(401);
  });

  it('refuses a missing, empty, wrong or differently-schemed credential with a Bearer challenge', async () => {
    for (const header of [undefined, '', 'Bearer', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, `Token ${TOKEN}`])
      expect(await status(header), String(header)).toBe(401);
    const reply = await app.inject({ url: '/api/v1/x' });
    expect(reply.headers['www-authenticate']).toBe('Bearer realm="jwks-monitor"');
  });
});
