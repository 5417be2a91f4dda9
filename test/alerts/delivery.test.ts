/**
 * Deliveries to a real receiver on loopback: signing verified with the official library, retries on the schedule
 * (a fake clock, no sleeps), 410, Retry-After, giving up, redirects, timeouts, the concurrency cap, the address
 * policy at connect time, and a process killed between enqueueing and sending.
 */
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/alerts/dispatcher.js';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../../src/alerts/retry.js';
import { newMessageId } from '../../src/alerts/webhook-service.js';
import { createWebhookDeliveriesRepository } from '../../src/store/webhook-deliveries-repository.js';
import { createWebhooksRepository } from '../../src/store/webhooks-repository.js';
import { ecKey, jwks, T0 } from '../history/helpers.js';
import { harness, isSignedWith, takeDown, bringUp, waitUntil, type AlertsHarness } from './helpers.js';

const harnesses: AlertsHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.cleanup();
});

async function setup(...args: Parameters<typeof harness>): Promise<AlertsHarness> {
  const h = await harness(...args);
  harnesses.push(h);
  return h;
}

function deliveriesOf(h: AlertsHarness, webhookId: number) {
  return h.alerts.webhooks.listDeliveries(webhookId);
}

describe('a change event', () => {
  it('is delivered once, signed so that the official library verifies it', async () => {
    const h = await setup({ publicUrl: 'https://monitor.example' });
    const { webhook, secret } = h.alerts.webhooks.create({ url: h.receiver.url() });
    takeDown(h.store, h.providerId);

    expect(await h.alerts.runDue()).toEqual({ routed: 1, attempted: 1 });
    expect(h.receiver.messages).toHaveLength(1);
    const message = h.receiver.messages[0]!;
    expect(message.headers['content-type']).toBe('application/json');
    expect(message.timestamp).toBe(String(Math.floor(h.clock.now() / 1000)));
    const headers = {
      'webhook-id': message.id,
      'webhook-timestamp': message.timestamp,
      'webhook-signature': message.signatures.join(' '),
    };
    expect(new Webhook(secret).verify(message.body, headers)).toMatchObject({
      type: 'provider.down',
      data: {
        provider: {
          id: h.providerId,
          name: 'idp',
          url: 'https://idp.test/jwks',
          dashboardUrl: `https://monitor.example/#/providers/${h.providerId}`,
        },
        error: { code: 'FETCH_CONNECT' },
      },
    });
    expect(message.id).toMatch(/^msg_[A-Za-z0-9_-]+$/);

    const [delivery] = deliveriesOf(h, webhook.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, messageId: message.id, lastStatusCode: 204 });
    expect(delivery?.log).toHaveLength(1);

    // Nothing is sent twice.
    h.clock.advance(60 * 60_000);
    expect(await h.alerts.runDue()).toEqual({ routed: 0, attempted: 0 });
    expect(h.receiver.messages).toHaveLength(1);
  });

  it('passes the cursor without routing while no endpoint is enabled; an endpoint enabled later gets only later events', async () => {
    const h = await setup();
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url(), enabled: false });
    takeDown(h.store, h.providerId);
    const webhooks = createWebhooksRepository(h.store.db);
    expect(webhooks.dispatchCursor()).toBeLessThan(h.store.events.latestEventId());

    expect(await h.alerts.runDue()).toEqual({ routed: 0, attempted: 0 });
    expect(webhooks.dispatchCursor()).toBe(h.store.events.latestEventId());
    expect(deliveriesOf(h, webhook.id)).toHaveLength(0);

    h.alerts.webhooks.update(webhook.id, { url: h.receiver.url(), enabled: true });
    bringUp(h.store, h.providerId, T0 + 10 * 60_000, jwks(ecKey('a')));
    expect(await h.alerts.runDue()).toEqual({ routed: 1, attempted: 1 });
    expect(deliveriesOf(h, webhook.id).map((d) => d.eventType)).toEqual(['provider.recovered']);
    expect(h.receiver.messages).toHaveLength(1);
  });

  it('is routed only to endpoints that subscribe to its type and provider', async () => {
    const h = await setup();
    const other = h.store.providers.create(
      {
        name: 'other',
        url: 'https://other.test/jwks',
        kind: 'jwks',
        profile: 'core',
        intervalSeconds: 60,
        tags: ['staging'],
      },
      T0,
    ).id;
    const { webhooks } = h.alerts;
    webhooks.create({ url: h.receiver.url('/all') });
    webhooks.create({ url: h.receiver.url('/keys'), eventTypes: ['key.added'] });
    webhooks.create({ url: h.receiver.url('/prod'), tags: ['prod'] });
    webhooks.create({ url: h.receiver.url('/other'), providerIds: [other] });
    webhooks.create({ url: h.receiver.url('/off'), enabled: false });
    takeDown(h.store, h.providerId);
    await h.alerts.runDue();
    expect(h.receiver.messages.map((m) => m.path).sort()).toEqual(['/all', '/prod']);
  });

  it('does not reach an endpoint created after it', async () => {
    const h = await setup();
    takeDown(h.store, h.providerId);
    h.alerts.webhooks.create({ url: h.receiver.url() });
    await h.alerts.runDue();
    expect(h.receiver.messages).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retry after a 500 on the schedule, with the same webhook-id and body and a new timestamp', async () => {
    const h = await setup();
    const { webhook, secret } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply((_, index) => ({ status: index === 0 ? 500 : 200 }));
    takeDown(h.store, h.providerId);

    await h.alerts.runDue();
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({
      status: 'failed',
      lastStatusCode: 500,
      nextAttemptAt: h.clock.now() + 5_000,
    });
    h.clock.advance(4_999);
    await h.alerts.runDue();
    expect(h.receiver.messages).toHaveLength(1);
    h.clock.advance(1);
    await h.alerts.runDue();

    const [first, second] = h.receiver.messages;
    expect(second?.id).toBe(first?.id);
    expect(second?.body).toBe(first?.body);
    expect(Number(second?.timestamp) - Number(first?.timestamp)).toBe(5);
    expect(h.receiver.messages.every((m) => isSignedWith(m, secret))).toBe(true);
    const [delivery] = deliveriesOf(h, webhook.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(delivery?.log.map((a) => [a.outcome, a.statusCode])).toEqual([
      ['failed', 500],
      ['delivered', 200],
    ]);
  });

  it('honour Retry-After on a 503', async () => {
    const h = await setup();
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply((_, index) =>
      index === 0 ? { status: 503, headers: { 'retry-after': '120' } } : { status: 204 },
    );
    takeDown(h.store, h.providerId);

    await h.alerts.runDue();
    expect(deliveriesOf(h, webhook.id)[0]?.nextAttemptAt).toBe(h.clock.now() + 120_000);
    h.clock.advance(119_000);
    await h.alerts.runDue();
    expect(h.receiver.messages).toHaveLength(1);
    h.clock.advance(1_000);
    await h.alerts.runDue();
    expect(h.receiver.messages).toHaveLength(2);
    expect(deliveriesOf(h, webhook.id)[0]?.status).toBe('delivered');
  });

  // Review D1: a 503 with `Retry-After: 1` used a step per second, and the alert was given up 15 s after the event.
  it('keep to the whole schedule when a throttled receiver asks for a shorter wait', async () => {
    const h = await setup();
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply(() => ({ status: 503, headers: { 'retry-after': '1' } }));
    takeDown(h.store, h.providerId);
    const createdAt = h.clock.now();

    const gaps: number[] = [];
    await h.alerts.runDue();
    for (let delivery = deliveriesOf(h, webhook.id)[0]; delivery?.nextAttemptAt !== undefined;) {
      gaps.push(delivery.nextAttemptAt - h.clock.now());
      h.clock.set(delivery.nextAttemptAt);
      await h.alerts.runDue();
      delivery = deliveriesOf(h, webhook.id)[0];
    }
    expect(gaps).toEqual([...DEFAULT_RETRY_SCHEDULE_MS]);
    expect(h.receiver.messages).toHaveLength(DEFAULT_RETRY_SCHEDULE_MS.length + 1);
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'given_up' });
    expect(h.clock.now() - createdAt).toBeGreaterThan(3 * 24 * 60 * 60_000);
  });

  it('give up after the schedule and mark the endpoint failing until a delivery succeeds', async () => {
    const h = await setup({ settings: { retryScheduleMs: [1_000, 2_000] } });
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    let failing = true;
    h.receiver.reply(() => ({ status: failing ? 500 : 204 }));
    takeDown(h.store, h.providerId);

    for (const step of [0, 1_000, 2_000]) {
      h.clock.advance(step);
      await h.alerts.runDue();
    }
    expect(h.receiver.messages).toHaveLength(3);
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'given_up', attempts: 3 });
    expect(deliveriesOf(h, webhook.id)[0]?.nextAttemptAt).toBeUndefined();
    expect(h.alerts.webhooks.get(webhook.id).failingSince).toBe(h.clock.now());
    h.clock.advance(24 * 60 * 60_000);
    await h.alerts.runDue();
    expect(h.receiver.messages).toHaveLength(3);

    // A failing endpoint still receives new events; the first success clears the mark.
    failing = false;
    bringUp(h.store, h.providerId, T0 + 60 * 60_000, jwks(ecKey('a')));
    await h.alerts.runDue();
    expect(h.receiver.messages.at(-1)?.type).toBe('provider.recovered');
    expect(h.alerts.webhooks.get(webhook.id).failingSince).toBeUndefined();
  });

  it('restart from the first step after a manual redelivery of a given-up delivery, under the same webhook-id', async () => {
    const h = await setup({ settings: { retryScheduleMs: [1_000] } });
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply(() => ({ status: 500 }));
    takeDown(h.store, h.providerId);
    await h.alerts.runDue();
    h.clock.advance(1_000);
    await h.alerts.runDue();
    const [givenUp] = deliveriesOf(h, webhook.id);
    expect(givenUp).toMatchObject({ status: 'given_up', attempts: 2 });

    const again = await h.alerts.webhooks.redeliver(givenUp!.id);
    expect(again).toMatchObject({ status: 'failed', attempts: 3, retryStep: 1, nextAttemptAt: h.clock.now() + 1_000 });
    expect(again.log.at(-1)).toMatchObject({ manual: true, outcome: 'failed', statusCode: 500 });
    h.receiver.reply(() => ({ status: 204 }));
    h.clock.advance(1_000);
    await h.alerts.runDue();
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'delivered', attempts: 4 });
    expect(new Set(h.receiver.messages.map((m) => m.id)).size).toBe(1);
    expect(h.receiver.messages).toHaveLength(4);
  });

  it('do not follow redirects: a 3xx is a failure', async () => {
    const h = await setup();
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url('/old') });
    h.receiver.reply(() => ({ status: 302, headers: { location: '/new' } }));
    takeDown(h.store, h.providerId);
    await h.alerts.runDue();
    expect(h.receiver.messages.map((m) => m.path)).toEqual(['/old']);
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'failed', lastStatusCode: 302 });
  });

  it('time out a receiver that does not answer', async () => {
    const h = await setup({ settings: { timeoutMs: 200 } });
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply(() => ({ delayMs: 2_000 }));
    takeDown(h.store, h.providerId);
    await h.alerts.runDue();
    const [delivery] = deliveriesOf(h, webhook.id);
    expect(delivery).toMatchObject({ status: 'failed' });
    expect(delivery?.lastError).toMatch(/^FETCH_TIMEOUT/);
    expect(delivery?.lastStatusCode).toBeUndefined();
  });
});

describe("a poll's new events (routeNewEvents)", () => {
  it('are routed and sent at once, while a retry that fell due waits for the tick', async () => {
    const h = await setup();
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply((_, index) => ({ status: index === 0 ? 500 : 204 }));
    takeDown(h.store, h.providerId);
    expect(await h.alerts.routeNewEvents()).toEqual({ routed: 1, attempted: 1 });
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'failed', nextAttemptAt: h.clock.now() + 5_000 });

    h.clock.advance(5_000);
    expect(await h.alerts.routeNewEvents()).toEqual({ routed: 0, attempted: 0 });
    expect(h.receiver.messages).toHaveLength(1);

    // New events make a delivery: that run sends what is due, the retry with it.
    bringUp(h.store, h.providerId, T0 + 10 * 60_000, jwks(ecKey('a')));
    expect(await h.alerts.routeNewEvents()).toEqual({ routed: 1, attempted: 2 });
    expect(h.receiver.messages.map((m) => m.type).sort()).toEqual([
      'provider.down',
      'provider.down',
      'provider.recovered',
    ]);
    expect(await h.alerts.runDue()).toEqual({ routed: 0, attempted: 0 });
  });

  it('write nothing while no endpoint is enabled: the tick moves the cursor past them', async () => {
    const h = await setup();
    h.alerts.webhooks.create({ url: h.receiver.url(), enabled: false });
    const webhooks = createWebhooksRepository(h.store.db);
    const before = webhooks.dispatchCursor();
    takeDown(h.store, h.providerId);
    expect(await h.alerts.routeNewEvents()).toEqual({ routed: 0, attempted: 0 });
    expect(webhooks.dispatchCursor()).toBe(before);
    expect(await h.alerts.runDue()).toEqual({ routed: 0, attempted: 0 });
    expect(webhooks.dispatchCursor()).toBe(h.store.events.latestEventId());
  });

  it('do not take the place of a tick asked for while a run is active: the tick sends what is due at once', async () => {
    const h = await setup();
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    const slow = h.alerts.webhooks.create({ url: h.receiver.url('/slow') }).webhook;
    h.receiver.reply((message, index) =>
      message.path === '/slow' ? { status: 204, delayMs: 1_000 } : { status: index === 0 ? 500 : 204 },
    );
    takeDown(h.store, h.providerId);
    const active = h.alerts.runDue();
    await waitUntil(() => deliveriesOf(h, webhook.id)[0]?.status === 'failed', 'the first failure');
    h.clock.advance(5_000);

    expect(await h.alerts.routeNewEvents()).toEqual({ routed: 0, attempted: 0 });
    expect(await h.alerts.runDue()).toEqual({ routed: 0, attempted: 1 });
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(deliveriesOf(h, slow.id)[0]?.attempts).toBe(0);
    expect(await active).toEqual({ routed: 1, attempted: 2 });
  });
});

describe('an endpoint that answers 410 Gone', () => {
  it('is disabled, receives nothing more, and is enabled again by an update', async () => {
    const h = await setup();
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply(() => ({ status: 410 }));
    takeDown(h.store, h.providerId);
    await h.alerts.runDue();
    expect(h.alerts.webhooks.get(webhook.id)).toMatchObject({ enabled: false, disabledReason: 'gone' });
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'given_up', lastStatusCode: 410 });

    bringUp(h.store, h.providerId, T0 + 60 * 60_000, jwks(ecKey('a')));
    h.clock.advance(60 * 60_000);
    await h.alerts.runDue();
    expect(h.receiver.messages).toHaveLength(1);

    const enabled = h.alerts.webhooks.update(webhook.id, { enabled: true });
    expect(enabled.enabled).toBe(true);
    expect(enabled.disabledReason).toBeUndefined();
  });
});

describe('the sender', () => {
  it('keeps at most `concurrency` attempts in flight', async () => {
    const h = await setup({ settings: { concurrency: 2 } });
    for (let i = 0; i < 6; i++) h.alerts.webhooks.create({ url: h.receiver.url(`/hook${i}`) });
    h.receiver.reply(() => ({ status: 204, delayMs: 30 }));
    takeDown(h.store, h.providerId);
    expect(await h.alerts.runDue()).toEqual({ routed: 1, attempted: 6 });
    expect(h.receiver.messages).toHaveLength(6);
    expect(h.receiver.maxConcurrent).toBe(2);
  });

  it('refuses at connect time a name that resolves to a private address when private networks are not allowed', async () => {
    const h = await setup();
    const port = new URL(h.receiver.url()).port;
    const lookup: LookupFunction = (_hostname, _options, callback) => {
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    };
    const guarded = h.build({ policy: { allowPrivateNetworks: false }, transport: { lookup } });
    const { webhook } = guarded.webhooks.create({ url: `https://hooks.example:${port}/hook` });
    takeDown(h.store, h.providerId);
    await guarded.runDue();
    expect(h.receiver.messages).toHaveLength(0);
    expect(deliveriesOf(h, webhook.id)[0]?.lastError).toMatch(/^FETCH_FORBIDDEN_ADDRESS/);
  });

  // Review D8: with ALLOW_PRIVATE_NETWORKS=1, alerts went over plain http to public hosts.
  it('sends plain http only to a name that resolves to a private network', async () => {
    const h = await setup();
    const port = new URL(h.receiver.url()).port;
    const lookup: LookupFunction = (_hostname, _options, callback) => {
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    };
    const internal = h.build({ transport: { lookup } });
    // The same receiver, made to look like a public address.
    const outside = h.build({ transport: { lookup, classifyAddress: () => 'public' } });
    const url = `http://hooks.example:${port}/hook`;
    const { webhook } = internal.webhooks.create({ url });
    takeDown(h.store, h.providerId);

    await outside.runDue();
    expect(h.receiver.messages).toHaveLength(0);
    const [refused] = deliveriesOf(h, webhook.id);
    expect(refused?.lastError).toMatch(/^FETCH_FORBIDDEN_ADDRESS/);
    expect(refused?.lastError).toContain('plain http is sent only to receivers on private networks');

    h.clock.advance(refused!.nextAttemptAt! - h.clock.now());
    await internal.runDue();
    expect(h.receiver.messages.map((m) => m.path)).toEqual(['/hook']);
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'delivered' });
  });

  it('refuses at connect time plain http to a public address literal stored before the rule', async () => {
    const h = await setup();
    const port = new URL(h.receiver.url()).port;
    const { webhook } = h.alerts.webhooks.create({ url: `http://127.0.0.1:${port}/hook` });
    const outside = h.build({ transport: { classifyAddress: () => 'public' } });
    takeDown(h.store, h.providerId);
    await outside.runDue();
    expect(h.receiver.messages).toHaveLength(0);
    expect(deliveriesOf(h, webhook.id)[0]?.lastError).toMatch(/^FETCH_FORBIDDEN_ADDRESS/);
  });

  it('runs on the clock once started and stops idempotently', async () => {
    const h = await setup({ settings: { tickMs: 1_000 } });
    h.alerts.webhooks.create({ url: h.receiver.url() });
    takeDown(h.store, h.providerId);
    h.alerts.start();
    h.clock.advance(1_000);
    await h.receiver.waitFor(1);
    await h.alerts.stop();
    await h.alerts.stop();
    expect(h.clock.timerCount).toBe(0);
    expect(h.receiver.messages).toHaveLength(1);
  });
});

describe('a process killed', () => {
  it('between enqueueing and sending delivers after restart, once, with the enqueued webhook-id', async () => {
    const h = await setup();
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    takeDown(h.store, h.providerId);
    // The first process routes the event into the outbox, then dies before sending.
    const db = h.store.db;
    createDispatcher({
      webhooks: createWebhooksRepository(db),
      deliveries: createWebhookDeliveriesRepository(db),
      events: h.store.events,
      providers: h.store.providers,
      newMessageId,
      now: () => h.clock.now(),
    }).dispatch();
    const enqueued = deliveriesOf(h, webhook.id);
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]?.status).toBe('pending');
    h.reopen();

    const restarted = h.build();
    expect(await restarted.runDue()).toEqual({ routed: 0, attempted: 1 });
    h.clock.advance(24 * 60 * 60_000);
    await restarted.runDue();
    expect(h.receiver.messages.map((m) => m.id)).toEqual([enqueued[0]?.messageId]);
  });

  it('while a receiver was answering sends the message again after restart under the same webhook-id', async () => {
    const h = await setup();
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply((_, index) => ({ status: 204, ...(index === 0 && { delayMs: 100 }) }));
    takeDown(h.store, h.providerId);
    const first = h.alerts.runDue();
    await h.receiver.waitFor(1);
    h.reopen(); // the process dies before it records the answer
    await first;

    const restarted = h.build();
    await restarted.runDue();
    const ids = h.receiver.messages.map((m) => m.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
    expect(restarted.webhooks.listDeliveries(webhook.id)[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

// Review D5: SIGTERM waited for attempts to a hanging receiver until their 15 s deadline, whatever SHUTDOWN_GRACE_MS.
describe('stopping', () => {
  const HANGING_TIMEOUT_MS = 10 * 60_000;

  it('aborts attempts still in flight, leaves them due, and the next process sends them under the same webhook-id', async () => {
    const h = await setup({ settings: { timeoutMs: HANGING_TIMEOUT_MS } });
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply((_, index) => (index === 0 ? { delayMs: HANGING_TIMEOUT_MS } : { status: 204 }));
    takeDown(h.store, h.providerId);
    const run = h.alerts.routeNewEvents();
    await h.receiver.waitFor(1);

    await h.alerts.stop();
    expect(await run).toEqual({ routed: 1, attempted: 1 });
    const [left] = deliveriesOf(h, webhook.id);
    expect(left).toMatchObject({ status: 'pending', attempts: 0, retryStep: 0, log: [] });
    expect(left?.nextAttemptAt).toBeLessThanOrEqual(h.clock.now());

    const restarted = h.build();
    expect(await restarted.runDue()).toEqual({ routed: 0, attempted: 1 });
    h.clock.advance(24 * 60 * 60_000);
    await restarted.runDue();
    expect(h.receiver.messages.map((m) => m.id)).toEqual([left?.messageId, left?.messageId]);
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('lets attempts in flight finish within the grace period', async () => {
    const h = await setup({ settings: { timeoutMs: HANGING_TIMEOUT_MS } });
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply(() => ({ status: 204, delayMs: 50 }));
    takeDown(h.store, h.providerId);
    const run = h.alerts.routeNewEvents();
    await h.receiver.waitFor(1);

    // The grace runs on the alerts' clock, which does not move here: only the answer can end the wait.
    await h.alerts.stop(1_000);
    await run;
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('aborts an attempt still in flight when the grace period ends', async () => {
    const h = await setup({ settings: { timeoutMs: HANGING_TIMEOUT_MS } });
    const { webhook } = h.alerts.webhooks.create({ url: h.receiver.url() });
    h.receiver.reply(() => ({ delayMs: HANGING_TIMEOUT_MS }));
    takeDown(h.store, h.providerId);
    void h.alerts.routeNewEvents();
    await h.receiver.waitFor(1);

    const stopped = h.alerts.stop(1_000);
    h.clock.advance(1_000);
    await stopped;
    expect(deliveriesOf(h, webhook.id)[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
