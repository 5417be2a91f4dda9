/**
 * /api/v1/webhooks and /api/v1/deliveries through app.inject(), with the real alerts service on a migrated store
 * and a real receiver on loopback.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alerts } from '../../src/alerts/index.js';
import { installErrorHandler } from '../../src/api/errors.js';
import { webhookRoutes } from '../../src/api/routes/webhooks.js';
import { validatorCompiler } from '../../src/api/validation.js';
import { isRecord } from '../../src/json/guards.js';
import { harness, isSignedWith, type AlertsHarness, type ReceivedMessage } from '../alerts/helpers.js';

const DAY = 24 * 60 * 60_000;

interface Setup {
  readonly h: AlertsHarness;
  readonly app: FastifyInstance;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function buildApp(alerts: Alerts): Promise<FastifyInstance> {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler());
  installErrorHandler(app);
  await app.register(webhookRoutes, { prefix: '/api/v1', webhooks: alerts.webhooks });
  await app.ready();
  return app;
}

async function setup(allowPrivateNetworks = true): Promise<Setup> {
  const h = await harness({ policy: { allowPrivateNetworks } });
  const app = await buildApp(h.alerts);
  cleanups.push(async () => {
    await app.close();
    await h.cleanup();
  });
  return { h, app };
}

function json(body: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(body);
  if (!isRecord(parsed)) throw new Error(`not a JSON object: ${body}`);
  return { ...parsed };
}

async function create(s: Setup, payload: Record<string, unknown> = {}): Promise<{ id: number; secret: string }> {
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    payload: { url: s.h.receiver.url(), ...payload },
  });
  expect(res.statusCode).toBe(201);
  const body = json(res.body);
  const { id, secret } = body;
  if (typeof id !== 'number' || typeof secret !== 'string') throw new Error(`unexpected create answer: ${res.body}`);
  return { id, secret };
}

function headersOf(message: ReceivedMessage): Record<string, string> {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': message.timestamp,
    'webhook-signature': message.signatures.join(' '),
  };
}

describe('POST /api/v1/webhooks', () => {
  it('creates an endpoint with defaults and shows its secret once', async () => {
    const s = await setup();
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/webhooks', payload: { url: s.h.receiver.url() } });
    expect(res.statusCode).toBe(201);
    const body = json(res.body);
    expect(body).toMatchObject({
      url: s.h.receiver.url(),
      description: '',
      eventTypes: [],
      providerIds: [],
      tags: [],
      enabled: true,
      disabledReason: null,
      failing: false,
      rotationEndsAt: null,
    });
    const secret = String(body['secret']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const reads = await Promise.all([
      s.app.inject({ method: 'GET', url: `/api/v1/webhooks/${String(body['id'])}` }),
      s.app.inject({ method: 'GET', url: '/api/v1/webhooks' }),
      s.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${String(body['id'])}`, payload: { description: 'ops' } }),
    ]);
    for (const read of reads) {
      expect(read.statusCode).toBe(200);
      expect(read.body).not.toContain('secret');
      expect(read.body).not.toContain(secret.slice('whsec_'.length, 20));
    }
  });

  it('refuses unknown fields, unknown event types and missing providers, naming the field', async () => {
    const s = await setup();
    const cases: [Record<string, unknown>, string][] = [
      [{ url: s.h.receiver.url(), secret: 'whsec_mine' }, 'body.secret'],
      [{ url: s.h.receiver.url(), eventTypes: ['key.exploded'] }, 'body.eventTypes.0'],
      [{ url: s.h.receiver.url(), providerIds: [999] }, 'body.providerIds.0'],
      [{ description: 'no url' }, 'body.url'],
      [{ url: 'ftp://hooks.example/x' }, 'body.url'],
      [{ url: 'https://user:pw@hooks.example/x' }, 'body.url'],
    ];
    for (const [payload, field] of cases) {
      const res = await s.app.inject({ method: 'POST', url: '/api/v1/webhooks', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const body = json(res.body);
      expect(body['code']).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(body['details'])).toContain(field);
    }
  });

  it('applies the address policy: https only, no private or loopback targets unless private networks are allowed', async () => {
    const s = await setup(false);
    for (const url of [
      'http://hooks.example/x',
      'https://10.0.0.5/x',
      'https://127.0.0.1/x',
      'https://localhost/x',
      'https://169.254.169.254/x',
    ]) {
      const res = await s.app.inject({ method: 'POST', url: '/api/v1/webhooks', payload: { url } });
      expect(res.statusCode, url).toBe(400);
      expect(json(res.body)['code']).toBe('VALIDATION_FAILED');
    }
    const ok = await s.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: 'https://hooks.example/x' },
    });
    expect(ok.statusCode).toBe(201);
  });
});

describe('/api/v1/webhooks URL rules', () => {
  it.each([
    'https:hooks.example/x',
    'https:\\\\hooks.example\\x',
    ' https://hooks.example/x',
    'https://hooks.example/x ',
    `https://${'a'.repeat(250)}.example/x`,
    `https://${'a'.repeat(64)}.example/x`,
  ])('refuses %j, which would be sent to another URL or nowhere, naming body.url', async (url) => {
    const s = await setup();
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/webhooks', payload: { url } });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(json(res.body)['details'])).toContain('body.url');
  });

  it('refuses a metadata address without pointing at ALLOW_PRIVATE_NETWORKS, which is already set', async () => {
    const s = await setup(true);
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: 'https://169.254.169.254/x' },
    });
    expect(res.statusCode).toBe(400);
    expect(json(res.body)['message']).toBe('body.url points at a cloud metadata service address, which is refused');
  });
});

describe('/api/v1/webhooks plain http (review D8)', () => {
  async function problemWith(s: Setup, url: string): Promise<string | undefined> {
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/webhooks', payload: { url } });
    if (res.statusCode === 201) return undefined;
    expect(res.statusCode, url).toBe(400);
    return String(json(res.body)['message']);
  }

  it('with private networks allowed, accepts it only for private-network addresses and names', async () => {
    const s = await setup(true);
    for (const url of ['http://8.8.8.8/hook', 'http://[2606:4700:4700::1111]/hook', 'http://93.184.216.34:8080/x'])
      expect(await problemWith(s, url)).toBe(
        'body.url must use https: plain http is sent only to receivers on private networks',
      );
    // A name is judged at connect time, on every address it resolves to (delivery.test.ts).
    for (const url of ['http://10.0.0.5/x', 'http://127.0.0.1:9000/x', 'http://[fd00::5]/x', 'http://localhost/x'])
      expect(await problemWith(s, url)).toBeUndefined();
    expect(await problemWith(s, 'http://alertmanager.internal:9093/hook')).toBeUndefined();
  });

  it('without private networks allowed, refuses it, pointing at the flag only where the flag would help', async () => {
    const s = await setup(false);
    expect(await problemWith(s, 'http://hooks.example/x')).toBe(
      'body.url must use https (ALLOW_PRIVATE_NETWORKS=1 also allows http to receivers on private networks)',
    );
    expect(await problemWith(s, 'http://8.8.8.8/x')).toBe(
      'body.url must use https: plain http is sent only to receivers on private networks',
    );
    expect(await problemWith(s, 'http://169.254.169.254/x')).toBe(
      'body.url points at a cloud metadata service address, which is refused',
    );
  });
});

describe('/api/v1/webhooks/:id', () => {
  it('answers WEBHOOK_NOT_FOUND and DELIVERY_NOT_FOUND for ids that do not exist', async () => {
    const s = await setup();
    const requests = [
      { method: 'GET', url: '/api/v1/webhooks/99' },
      { method: 'PATCH', url: '/api/v1/webhooks/99', payload: { enabled: false } },
      { method: 'DELETE', url: '/api/v1/webhooks/99' },
      { method: 'POST', url: '/api/v1/webhooks/99/rotate-secret' },
      { method: 'POST', url: '/api/v1/webhooks/99/test' },
      { method: 'GET', url: '/api/v1/webhooks/99/deliveries' },
    ] as const;
    for (const request of requests) {
      const res = await s.app.inject(request);
      expect(res.statusCode, `${request.method} ${request.url}`).toBe(404);
      expect(json(res.body)['code']).toBe('WEBHOOK_NOT_FOUND');
    }
    const redeliver = await s.app.inject({ method: 'POST', url: '/api/v1/deliveries/99/redeliver' });
    expect(redeliver.statusCode).toBe(404);
    expect(json(redeliver.body)['code']).toBe('DELIVERY_NOT_FOUND');
  });

  it('updates with a strict body and deletes', async () => {
    const s = await setup();
    const { id } = await create(s);
    const patched = await s.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${id}`,
      payload: { eventTypes: ['key.private_material'], tags: ['prod'], enabled: false },
    });
    expect(json(patched.body)).toMatchObject({ eventTypes: ['key.private_material'], tags: ['prod'], enabled: false });
    expect((await s.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${id}`, payload: {} })).statusCode).toBe(400);
    expect(
      (await s.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${id}`, payload: { enabled: 'yes' } })).statusCode,
    ).toBe(400);
    expect((await s.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${id}` })).statusCode).toBe(204);
    expect((await s.app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}` })).statusCode).toBe(404);
  });
});

describe('POST /api/v1/webhooks/:id/test', () => {
  it('sends a signed webhook.test now and reports the attempt', async () => {
    const s = await setup();
    const { id, secret } = await create(s);
    const res = await s.app.inject({ method: 'POST', url: `/api/v1/webhooks/${id}/test` });
    expect(res.statusCode).toBe(200);
    expect(json(res.body)).toMatchObject({
      kind: 'test',
      eventType: 'webhook.test',
      status: 'delivered',
      attemptCount: 1,
      lastStatusCode: 204,
    });
    const [message] = s.h.receiver.messages;
    expect(message?.type).toBe('webhook.test');
    expect(new Webhook(secret).verify(message?.body ?? '', headersOf(message!))).toMatchObject({
      data: { webhook: { id } },
    });
  });

  it('reports a failed test once, without scheduling retries or marking the endpoint failing', async () => {
    const s = await setup();
    const { id } = await create(s);
    s.h.receiver.reply(() => ({ status: 500 }));
    const res = await s.app.inject({ method: 'POST', url: `/api/v1/webhooks/${id}/test` });
    expect(json(res.body)).toMatchObject({
      status: 'failed',
      nextAttemptAt: null,
      lastStatusCode: 500,
      lastError: 'answered 500',
    });
    s.h.clock.advance(DAY);
    await s.h.alerts.runDue();
    expect(s.h.receiver.messages).toHaveLength(1);
    expect(json((await s.app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}` })).body)['failing']).toBe(false);
  });
});

describe('POST /api/v1/webhooks/:id/rotate-secret', () => {
  it('shows the new secret once and signs with both secrets until the rotation window ends', async () => {
    const s = await setup();
    const { id, secret: oldSecret } = await create(s);
    const res = await s.app.inject({ method: 'POST', url: `/api/v1/webhooks/${id}/rotate-secret` });
    expect(res.statusCode).toBe(200);
    const rotated = json(res.body);
    const newSecret = String(rotated['secret']);
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated['rotationEndsAt']).toBe(new Date(s.h.clock.now() + DAY).toISOString());
    const read = await s.app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}` });
    expect(read.body).not.toContain('secret');

    await s.app.inject({ method: 'POST', url: `/api/v1/webhooks/${id}/test` });
    const during = s.h.receiver.messages[0]!;
    expect(during.signatures).toHaveLength(2);
    expect(during.signatures.every((entry) => entry.startsWith('v1,'))).toBe(true);
    for (const secret of [newSecret, oldSecret])
      expect(() => new Webhook(secret).verify(during.body, headersOf(during))).not.toThrow();

    s.h.clock.advance(DAY);
    await s.app.inject({ method: 'POST', url: `/api/v1/webhooks/${id}/test` });
    const after = s.h.receiver.messages[1]!;
    expect(after.signatures).toHaveLength(1);
    expect(
      json((await s.app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}` })).body)['rotationEndsAt'],
    ).toBeNull();
  });
});

describe('POST /api/v1/webhooks/:id/rotate-secret twice within the window (review D4)', () => {
  async function rotate(s: Setup, id: number): Promise<{ secret: string; rotationEndsAt: unknown }> {
    const res = await s.app.inject({ method: 'POST', url: `/api/v1/webhooks/${id}/rotate-secret` });
    expect(res.statusCode).toBe(200);
    const body = json(res.body);
    return { secret: String(body['secret']), rotationEndsAt: body['rotationEndsAt'] };
  }

  /** Which secrets sign a test message sent now (the clock moves by hours, past the library's replay window). */
  async function secretsThatVerify(s: Setup, id: number, secrets: readonly string[]): Promise<boolean[]> {
    await s.app.inject({ method: 'POST', url: `/api/v1/webhooks/${id}/test` });
    const message = s.h.receiver.messages.at(-1)!;
    return secrets.map((secret) => isSignedWith(message, secret));
  }

  it('keeps every replaced secret signing for the window after its own rotation', async () => {
    const s = await setup();
    const { id, secret: original } = await create(s);
    const HOUR = 60 * 60_000;
    const firstRotationAt = s.h.clock.now();
    const { secret: second } = await rotate(s, id);
    s.h.clock.advance(HOUR);
    const { secret: third, rotationEndsAt } = await rotate(s, id);
    expect(rotationEndsAt).toBe(new Date(s.h.clock.now() + DAY).toISOString());

    expect(await secretsThatVerify(s, id, [original, second, third])).toEqual([true, true, true]);
    expect(s.h.receiver.messages.at(-1)?.signatures).toHaveLength(3);
    s.h.clock.set(firstRotationAt + DAY);
    expect(await secretsThatVerify(s, id, [original, second, third])).toEqual([false, true, true]);
    s.h.clock.advance(HOUR);
    expect(await secretsThatVerify(s, id, [original, second, third])).toEqual([false, false, true]);
    expect(s.h.receiver.messages.at(-1)?.signatures).toHaveLength(1);
  });

  it('signs with at most the current secret and three replaced ones, dropping the oldest', async () => {
    const s = await setup();
    const { id, secret: original } = await create(s);
    const secrets = [original];
    for (let i = 0; i < 4; i++) secrets.push((await rotate(s, id)).secret);

    expect(await secretsThatVerify(s, id, secrets)).toEqual([false, true, true, true, true]);
    expect(s.h.receiver.messages.at(-1)?.signatures).toHaveLength(4);
  });
});

describe('the delivery log', () => {
  it('lists each attempt, and a redelivery reuses the webhook-id', async () => {
    const s = await setup();
    const { id } = await create(s);
    s.h.receiver.reply((_, index) => ({ status: index === 0 ? 503 : 204 }));
    const test = json((await s.app.inject({ method: 'POST', url: `/api/v1/webhooks/${id}/test` })).body);
    expect(test['status']).toBe('failed');

    const redelivered = await s.app.inject({
      method: 'POST',
      url: `/api/v1/deliveries/${String(test['id'])}/redeliver`,
    });
    expect(redelivered.statusCode).toBe(200);
    expect(json(redelivered.body)).toMatchObject({
      id: test['id'],
      messageId: test['messageId'],
      status: 'delivered',
      attemptCount: 2,
    });
    const [first, second] = s.h.receiver.messages;
    expect(second?.id).toBe(first?.id);
    expect(second?.body).toBe(first?.body);

    const log = await s.app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries?limit=10` });
    expect(log.statusCode).toBe(200);
    const deliveries = json(log.body)['deliveries'];
    expect(deliveries).toEqual([
      expect.objectContaining({
        messageId: test['messageId'],
        attempts: [
          expect.objectContaining({ manual: true, outcome: 'failed', statusCode: 503, error: 'answered 503' }),
          expect.objectContaining({ manual: true, outcome: 'delivered', statusCode: 204, error: null }),
        ],
      }),
    ]);
    expect(JSON.stringify(deliveries)).not.toContain('whsec_');
    expect((await s.app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries?page=2` })).statusCode).toBe(
      400,
    );
  });
});
