/**
 * Review D2: one slow or blackholed endpoint must not delay alerts to the others. The slow receiver is real (a
 * second loopback server) and answers only after the attempt's deadline; the healthy one answers at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addProvider, ecKey, jwks, T0 } from '../history/helpers.js';
import type { AlertSettings } from '../../src/alerts/index.js';
import { STALL_AFTER_MS } from '../../src/alerts/sender.js';
import { bringUp, harness, startReceiver, takeDown, waitUntil, type AlertsHarness, type Receiver } from './helpers.js';

/** The attempt's deadline in these tests; the slow receiver answers well after it. */
const TIMEOUT_MS = 2_000;
const SLOW_ANSWER_MS = 5 * TIMEOUT_MS;
/** How soon the healthy endpoint must have its message: well inside one attempt to the slow endpoint. */
const PROMPTLY_MS = TIMEOUT_MS / 2;

interface Setup {
  readonly h: AlertsHarness;
  readonly slow: Receiver;
  readonly slowId: number;
  readonly healthyId: number;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface SetupOptions {
  readonly healthy?: { readonly eventTypes: string[] };
  readonly settings?: Partial<AlertSettings>;
}

async function setup(options: SetupOptions = {}): Promise<Setup> {
  const h = await harness({ settings: { concurrency: 4, timeoutMs: TIMEOUT_MS, ...options.settings } });
  const slow = await startReceiver();
  // Closing the slow receiver first ends the attempts still waiting on it, so cleanup does not wait them out.
  cleanups.push(async () => {
    await slow.close();
    await h.cleanup();
  });
  slow.reply(() => ({ delayMs: SLOW_ANSWER_MS }));
  // Created first, so its deliveries come first in the due list.
  const slowId = h.alerts.webhooks.create({ url: slow.url('/hang') }).webhook.id;
  const healthyId = h.alerts.webhooks.create({ url: h.receiver.url('/hook'), ...options.healthy }).webhook.id;
  return { h, slow, slowId, healthyId };
}

function typesReceived(receiver: Receiver): string[] {
  return receiver.messages.map((m) => m.type);
}

function unanswered(h: AlertsHarness, webhookId: number): number {
  return h.alerts.webhooks.listDeliveries(webhookId).filter((d) => d.attempts === 0).length;
}

describe('a slow or blackholed endpoint (review D2)', () => {
  it("does not hold up a poll's new event to a healthy endpoint while its attempts are pending", async () => {
    const { h, slow, slowId } = await setup();
    takeDown(h.store, h.providerId);
    const first = h.alerts.routeNewEvents();
    await waitUntil(() => h.receiver.messages.length === 1 && slow.messages.length === 1, 'provider.down at both');

    bringUp(h.store, h.providerId, T0 + 10 * 60_000, jwks(ecKey('a')));
    const second = h.alerts.routeNewEvents();
    await waitUntil(() => h.receiver.messages.length === 2, 'provider.recovered at the healthy endpoint', PROMPTLY_MS);
    expect(typesReceived(h.receiver)).toEqual(['provider.down', 'provider.recovered']);
    expect(unanswered(h, slowId)).toBe(2);

    // The slow endpoint's attempts did run into the deadline, after the healthy endpoint had both messages.
    expect(await first).toEqual({ routed: 1, attempted: 2 });
    expect(await second).toEqual({ routed: 1, attempted: 2 });
    const toSlow = h.alerts.webhooks.listDeliveries(slowId);
    expect(toSlow.map((d) => [d.status, d.lastError?.split(':')[0]])).toEqual([
      ['failed', 'FETCH_TIMEOUT'],
      ['failed', 'FETCH_TIMEOUT'],
    ]);
  });

  it('holds at most two of the slots, so a backlog to it leaves room for a new event to another endpoint', async () => {
    const { h, slow } = await setup({ healthy: { eventTypes: ['provider.recovered'] } });
    for (let i = 0; i < 5; i++) takeDown(h.store, addProvider(h.store, { name: `idp${i}` }));
    takeDown(h.store, h.providerId);
    void h.alerts.routeNewEvents();
    await waitUntil(() => slow.messages.length >= 2, 'attempts to the slow endpoint');

    bringUp(h.store, h.providerId, T0 + 10 * 60_000, jwks(ecKey('a')));
    void h.alerts.routeNewEvents();
    await waitUntil(() => h.receiver.messages.length === 1, 'provider.recovered at the healthy endpoint', PROMPTLY_MS);
    expect(typesReceived(h.receiver)).toEqual(['provider.recovered']);
    expect(slow.messages).toHaveLength(2);
    expect(slow.maxConcurrent).toBe(2);
  });

  it('does not hold up the tick: a retry to a healthy endpoint goes out when it falls due', async () => {
    const { h, slowId, healthyId } = await setup({ settings: { tickMs: 1_000 } });
    const status = (): string | undefined => h.alerts.webhooks.listDeliveries(healthyId)[0]?.status;
    h.receiver.reply((_, index) => ({ status: index === 0 ? 500 : 204 }));
    takeDown(h.store, h.providerId);
    h.alerts.start();

    h.clock.advance(1_000);
    await waitUntil(() => status() === 'failed', 'the first failure at the healthy endpoint');
    h.clock.advance(5_000);
    await waitUntil(() => status() === 'delivered', 'the retry at the healthy endpoint', PROMPTLY_MS);
    expect(h.receiver.messages).toHaveLength(2);
    expect(unanswered(h, slowId)).toBe(1);
  });

  it('leaves a healthy endpoint its alerts however many receivers hang: they stall out of the shared slots', async () => {
    const h = await harness({ settings: { concurrency: 4, timeoutMs: 10 * 60_000 } });
    const hanging = await Promise.all([1, 2, 3, 4, 5].map(() => startReceiver()));
    cleanups.push(async () => {
      for (const receiver of hanging) await receiver.close();
      await h.cleanup();
    });
    for (const receiver of hanging) {
      receiver.reply(() => ({ delayMs: 60 * 60_000 }));
      h.alerts.webhooks.create({ url: receiver.url('/hang') });
    }
    h.alerts.webhooks.create({ url: h.receiver.url('/hook') });
    for (let i = 0; i < 3; i++) takeDown(h.store, addProvider(h.store, { name: `idp${i}` }));
    const atHanging = (): number => hanging.reduce((sum, receiver) => sum + receiver.messages.length, 0);

    void h.alerts.routeNewEvents();
    await waitUntil(() => atHanging() === 4, 'the hanging receivers holding every shared slot');
    expect(h.receiver.messages).toHaveLength(0);

    // Once their attempts have lasted the stall time, the hanging receivers no longer hold the shared slots.
    h.clock.advance(STALL_AFTER_MS);
    void h.alerts.runDue();
    await waitUntil(() => h.receiver.messages.length === 3, 'every alert at the healthy endpoint');
    expect(typesReceived(h.receiver)).toEqual(['provider.down', 'provider.down', 'provider.down']);
    // Stalled receivers get no second attempt while one hangs; the fifth, not yet known to hang, may have two.
    expect(hanging.slice(0, 4).map((receiver) => receiver.maxConcurrent)).toEqual([1, 1, 1, 1]);
  });
});
