/**
 * Webhooks in the dashboard, against a real loopback receiver: create an endpoint and see its secret once, send a
 * test and find it in the delivery log, redeliver it with the same webhook-id.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../alerts/helpers.js';
import {
  launchBrowser,
  openPage,
  problemsOf,
  screenshot,
  startStack,
  type Stack,
  type WatchedPage,
} from './harness.js';

let stack: Stack;
let browser: Browser;
let receiver: Receiver;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  [stack, browser, receiver] = await Promise.all([startStack(), launchBrowser(), startReceiver()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await receiver?.close();
});
afterEach(async () => {
  for (const w of pages.splice(0)) {
    expect(problemsOf(w)).toEqual([]);
    await w.close();
  }
});

describe('webhook endpoints', () => {
  it('shows the secret once, sends a test that lands in the delivery log, and redelivers it', async () => {
    const w = await openPage(browser, stack);
    pages.push(w);
    const { page: p } = w;
    await p.goto('/#/webhooks');
    await p.getByRole('button', { name: 'Add endpoint' }).first().click();
    await p.getByLabel('URL').fill(receiver.url('/hooks/jwks'));
    await p.getByLabel('Description').fill('Security on-call');
    await p.getByRole('button', { name: 'Create endpoint' }).click();

    const secret = p.getByRole('textbox', { name: 'Signing secret' });
    await secret.waitFor();
    const value = await secret.inputValue();
    expect(value).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await p.locator('.secret-panel').innerText()).toMatch(/shown only this once/);
    await screenshot(p, 'webhooks-secret');
    await p.getByRole('button', { name: 'I have stored it' }).click();
    expect(await p.content()).not.toContain(value);

    const row = p.locator('.table-webhooks tbody tr', { hasText: 'Security on-call' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Active');
    await row.getByRole('button', { name: /Send a test/ }).click();
    const delivered = p.locator('.table-deliveries tbody tr', { hasText: 'webhook.test' });
    await delivered.waitFor();
    expect(await delivered.innerText()).toMatch(/Delivered/);
    expect(await delivered.innerText()).toMatch(/HTTP 204/);
    await receiver.waitFor(1);
    expect(receiver.messages[0]?.type).toBe('webhook.test');

    await delivered.getByRole('button', { name: /Redeliver/ }).click();
    await receiver.waitFor(2);
    expect(receiver.messages[1]?.id).toBe(receiver.messages[0]?.id);
    await delivered.locator('.attempts summary', { hasText: '2 attempts' }).waitFor();
    await delivered.locator('.attempts summary').click();
    await screenshot(p, 'webhooks');
    // The list never serialises a secret: only the create (and rotate) answers carry one.
    const reads = w.apiBodies.filter(
      (b) => /\/webhooks(\/\d+(\/deliveries)?)?(\?.*)?$/.test(b.url) && !b.url.endsWith('/test'),
    );
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.filter((b) => b.body.includes(value)).length).toBe(1);
  });
});
