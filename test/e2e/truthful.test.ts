/**
 * What the dashboard claims, in Chromium against the real service (regression tests for the dashboard review):
 * a provider no poll could read is not shown as "No keys published" and "every rule passes" (defect 2); the Events
 * section shows the newest events of a provider with thousands (defect 7); the timeline counts every key set and
 * the Compare pickers reach the older ones (defect 9); a test delivery that is never retried is not "Retrying"
 * (defect 10); a valid 64-character tag does not widen a phone page (defect 11); and on a token-protected service
 * whose only provider is paused, the header does not say "All providers healthy" (defect 3) and "Lock" appears as
 * soon as the token is entered (defect 8).
 */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../alerts/helpers.js';
import {
  PHONE,
  launchBrowser,
  openPage,
  problemsOf,
  screenshot,
  startStack,
  waitInPage,
  type Stack,
  type WatchedPage,
} from './harness.js';

const HOUR_S = 3_600;
/** DOWN_AFTER_FAILURES, the default. */
const DOWN_AFTER_FAILURES = 3;
/** The fake IdP's headers: with them a JWKS of one RSA key has no finding. */
const CLEAN_JWKS_HEADERS = {
  'content-type': 'application/jwk-set+json',
  'cache-control': 'public, max-age=300',
  'access-control-allow-origin': '*',
};

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

async function page(viewport?: { width: number; height: number }): Promise<WatchedPage> {
  const w = await openPage(browser, stack, viewport);
  pages.push(w);
  return w;
}

function ecPublicJwk(): JsonWebKey {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function register(name: string, url: string, extra: { enabled?: boolean; tags?: string[] } = {}): number {
  return stack.monitor.service.create({ name, url, intervalSeconds: HOUR_S, ...extra }).id;
}

/** Polls until the provider has failed DOWN_AFTER_FAILURES times in a row (the scheduler's first poll may count). */
async function pollUntilDown(id: number): Promise<void> {
  for (let i = 0; i < DOWN_AFTER_FAILURES + 1 && stack.monitor.service.get(id).state.status !== 'down'; i++) {
    await stack.monitor.service.pollNow(id);
  }
  expect(stack.monitor.service.get(id).state.status).toBe('down');
}

describe('a provider the monitor cannot read', () => {
  it('never reached: says unreachable and gives no verdict, in neither green nor "No keys published"', async () => {
    const id = register('never-reached', `https://127.0.0.1:${await closedPort()}/jwks`);
    await pollUntilDown(id);

    const { page: p } = await page();
    await p.goto(`/#/providers/${id}`);
    await p.locator('.provider-header .badge', { hasText: 'Down' }).waitFor();
    const keys = p.locator('#keys .card-body');
    await keys.getByText('Unreachable: no key set could be read').waitFor();
    expect(await keys.innerText()).not.toContain('No keys published');
    const findings = p.locator('#findings .card-body');
    await findings.locator('.no-verdict').waitFor();
    expect(await findings.innerText()).not.toContain('every rule passes');
    expect(await p.locator('.all-clear').count()).toBe(0);
    await screenshot(p, 'provider-never-reached');
  });

  it('down after being up: shows the keys as last read with a warning, and no green all-clear', async () => {
    const key = { ...ecPublicJwk(), kid: 'kept-key', alg: 'ES256', use: 'sig' };
    stack.idp.server.setRoute('/was-up', { json: { keys: [key] }, headers: CLEAN_JWKS_HEADERS });
    const id = register('was-up', stack.idp.server.url('/was-up'));
    await stack.monitor.service.pollNow(id);
    expect(stack.monitor.service.get(id).state.status).toBe('up');
    stack.idp.server.setRoute('/was-up', { status: 503, body: 'maintenance' });
    await pollUntilDown(id);

    const { page: p } = await page();
    await p.goto(`/#/providers/${id}`);
    await p.locator('.table-keys tbody tr', { hasText: 'kept-key' }).waitFor();
    expect(await p.locator('#keys .alert-warning').innerText()).toMatch(/keys as last read/);
    await p.locator('#findings .no-verdict').waitFor();
    expect(await p.locator('.all-clear').count()).toBe(0);
  });
});

describe('the Events section', () => {
  it('shows the newest events of a provider with more than 5,000 in 90 days', async () => {
    const id = register('event-heavy', 'https://event-heavy.idp.test/jwks', { enabled: false });
    const insert = stack.monitor.store.db.prepare<[number, number, string]>(
      "INSERT INTO events (type, provider_id, created_at, payload) VALUES ('key.added', ?, ?, ?)",
    );
    const now = Date.now();
    const total = 6_000;
    stack.monitor.store.db.transaction(() => {
      for (let i = 0; i < total; i++) {
        const payload = { provider: { id, name: 'event-heavy' }, key: { kid: `kid-${i}`, kty: 'RSA' } };
        insert.run(id, now - (total - i) * 60_000, JSON.stringify(payload));
      }
    })();

    const { page: p } = await page();
    await p.goto(`/#/providers/${id}`);
    const rows = p.locator('#events tbody tr');
    await rows.first().waitFor();
    expect(await rows.first().innerText()).toContain(`kid-${total - 1}`);
    expect(await rows.count()).toBe(50);
    expect(await rows.last().innerText()).toContain(`kid-${total - 50}`);
  });
});

describe('the timeline and the Compare pickers', () => {
  it('count every key set and list the older ones on request', async () => {
    const path = '/churn';
    const publishFreshKey = () => {
      stack.idp.server.setRoute(path, {
        json: { keys: [{ ...ecPublicJwk(), kid: `ec-${Date.now()}-${Math.random()}` }] },
      });
    };
    publishFreshKey();
    const id = register('churn', stack.idp.server.url(path));
    const keySets = () => stack.monitor.store.history.listHistory(id, { limit: 1_000 }).length;
    // A poll already under way is joined rather than repeated, so count what was recorded.
    for (let i = 0; i < 120 && keySets() < 61; i++) {
      publishFreshKey();
      await stack.monitor.service.pollNow(id);
    }
    expect(keySets()).toBe(61);

    const { page: p } = await page();
    await p.goto(`/#/providers/${id}`);
    const timeline = p.locator('#timeline');
    await timeline.getByText('The 12 most recent of at least 50 key sets shown.').waitFor();
    const from = p.getByLabel('From');
    expect(await from.locator('option').count()).toBe(50);

    await p.getByRole('button', { name: 'Load older key sets' }).click();
    await timeline.getByText('The 12 most recent of 61 key sets shown.').waitFor();
    expect(await p.getByLabel('From').locator('option').count()).toBe(61);
    expect(await p.locator('#compare').innerText()).toContain('All 61 key sets listed.');
    expect(await p.getByRole('button', { name: 'Load older key sets' }).count()).toBe(0);
  });
});

describe('the delivery log', () => {
  it('labels a failed test delivery, which is never retried, "Failed" rather than "Retrying"', async () => {
    receiver.reply(() => ({ status: 404 }));
    const created = await fetch(`${stack.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url('/missing'), description: 'gone endpoint' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const tested = await fetch(`${stack.url}/api/v1/webhooks/${id}/test`, { method: 'POST' });
    expect(tested.ok).toBe(true);
    await receiver.waitFor(1);

    const { page: p } = await page();
    await p.goto(`/#/webhooks/${id}`);
    const row = p.locator('.table-deliveries tbody tr', { hasText: 'webhook.test' });
    await row.waitFor();
    await waitInPage(p, () => document.querySelector('.table-deliveries')?.textContent?.includes('HTTP 404') ?? false);
    const text = await row.innerText();
    expect(text).toContain('Failed');
    expect(text).not.toContain('Retrying');
  });
});

describe('a phone', () => {
  it('does not scroll sideways for a provider with a 64-character tag', async () => {
    const tag = 'x'.repeat(64);
    const id = register('long-tag', 'https://long-tag.idp.test/jwks', { enabled: false, tags: [tag] });
    const { page: p } = await page(PHONE);
    const pageWidth = () => p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);

    await p.goto(`/#/?tag=${tag}`);
    await p.locator('.table-providers tbody tr', { hasText: 'long-tag' }).waitFor();
    const [overviewWidth, viewport] = await pageWidth();
    expect(overviewWidth).toBeLessThanOrEqual(viewport ?? 0);

    await p.goto(`/#/providers/${id}`);
    await p.getByRole('heading', { level: 1, name: 'long-tag' }).waitFor();
    const [providerWidth] = await pageWidth();
    expect(providerWidth).toBeLessThanOrEqual(viewport ?? 0);
    await screenshot(p, 'phone-long-tag');
  });
});

describe('a long value from the document', () => {
  it('wraps in the keys table, leaving every column in view on a desktop', async () => {
    const key = { ...ecPublicJwk(), kid: 'long-values', alg: `ES256${'x'.repeat(200)}`, use: `sig${'y'.repeat(200)}` };
    stack.idp.server.setRoute('/long-values', { json: { keys: [key] }, headers: CLEAN_JWKS_HEADERS });
    const id = register('long-values', stack.idp.server.url('/long-values'));
    await stack.monitor.service.pollNow(id);

    const { page: p } = await page();
    await p.goto(`/#/providers/${id}`);
    await p.locator('.table-keys tbody tr', { hasText: 'long-values' }).waitFor();
    const [scrollWidth, clientWidth] = await p
      .locator('#keys .table-wrap')
      .evaluate((wrap) => [wrap.scrollWidth, wrap.clientWidth]);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth ?? 0);
  });
});

describe('a token-protected service whose only provider is paused', () => {
  const TOKEN = 'e2e-token-8a41f7c2';
  let guarded: Stack;

  beforeAll(async () => {
    guarded = await startStack({ API_TOKEN: TOKEN });
    guarded.monitor.service.create({ name: 'paused-one', url: guarded.idp.jwksUrl, enabled: false });
  });
  afterAll(() => guarded?.close());

  it('offers "Lock" once the token is entered, and does not call the fleet healthy', async () => {
    const w = await openPage(browser, guarded);
    pages.push(w);
    const { page: p } = w;
    await p.goto('/');
    const dialog = p.locator('dialog[open]');
    await dialog.getByLabel('API token').fill(TOKEN);
    await dialog.getByRole('button', { name: 'Unlock' }).click();

    await p.locator('#session').getByRole('button', { name: 'Lock' }).waitFor();
    const health = p.locator('.summary-health');
    await health.waitFor();
    expect(await health.innerText()).not.toContain('healthy');
    expect(await health.innerText()).toContain('1 provider without a verdict yet');
  });
});
