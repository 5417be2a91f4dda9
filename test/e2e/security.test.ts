/**
 * What a hostile provider cannot do to the dashboard: a leaked private key shows as a critical finding and its value
 * reaches neither the page nor any API answer the page received; markup in a kid or a name renders as text and runs
 * nothing (no script dialog, no CSP violation). And with API_TOKEN set, the page asks for the token once.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../../src/api/routes/dashboard.js';
import { rsaPublicJwk } from '../helpers/fake-idp.js';
import {
  launchBrowser,
  openPage,
  problemsOf,
  screenshot,
  startStack,
  type Stack,
  type WatchedPage,
} from './harness.js';

/** A private exponent that is easy to recognise anywhere (valid base64url). */
const LEAKED_D = 'TOPSECRETdValueE2eLeak4f2a9c8e7b6d5c4b3a2f1e0d';
const XSS_KID = '<img src=x onerror=alert(1)>';
const XSS_NAME = '<script>alert(2)</script> Tenant';

let stack: Stack;
let browser: Browser;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
afterEach(async () => {
  for (const w of pages.splice(0)) {
    expect(problemsOf(w)).toEqual([]);
    await w.close();
  }
});

async function page(target: Stack = stack): Promise<WatchedPage> {
  const w = await openPage(browser, target);
  pages.push(w);
  return w;
}

describe('a provider that leaks a private key', () => {
  it('shows a critical finding, and the secret is nowhere in the page or in the API answers it read', async () => {
    stack.idp.server.setRoute('/leaky', { json: { keys: [{ ...rsaPublicJwk('leaky-1'), d: LEAKED_D }] } });
    const created = stack.monitor.service.create({ name: 'Leaky Corp', url: stack.idp.server.url('/leaky') });
    const w = await page();
    const { page: p } = w;
    await p.goto(`/#/providers/${created.id}`);
    await p.locator('.critical', { hasText: 'private key material is published' }).waitFor({ timeout: 20_000 });
    const leakRow = p.locator('.table-findings tbody tr', { hasText: 'jwk.private.members' });
    await leakRow.waitFor();
    expect(await leakRow.locator('.badge').first().innerText()).toContain('Error');
    expect(await p.locator('.table-keys .badge-private').innerText()).toContain('(d)');
    await p.locator('#events .event-badge', { hasText: 'Private key leaked' }).waitFor();

    // "check now" too: its answer carries findings straight from the poll.
    await Promise.all([
      p.waitForResponse((r) => r.url().endsWith('/check')),
      p.getByRole('button', { name: 'Check now' }).click(),
    ]);
    await p.locator('.check-panel').waitFor();
    await p.locator('#compare').waitFor();
    await screenshot(p, 'provider-leak');

    expect(await p.content()).not.toContain(LEAKED_D);
    expect(w.apiBodies.length).toBeGreaterThan(5);
    expect(w.apiBodies.some((b) => b.url.includes(`/providers/${created.id}/snapshots/`))).toBe(true);
    for (const { url, body } of w.apiBodies) {
      expect(body, url).not.toContain(LEAKED_D);
      expect(body, url).not.toContain(LEAKED_D.slice(0, 16));
    }
  });
});

describe('markup in monitored values', () => {
  it('renders a kid and a provider name holding HTML as literal text, and nothing runs', async () => {
    const plain = rsaPublicJwk('plain-1');
    stack.idp.server.setRoute('/xss', { json: { keys: [plain] } });
    const created = stack.monitor.service.create({ name: XSS_NAME, url: stack.idp.server.url('/xss') });
    const w = await page();
    const { page: p } = w;

    await p.goto('/');
    await p.locator('.table-providers .row-link', { hasText: XSS_NAME }).waitFor({ timeout: 20_000 });
    await p.goto(`/#/providers/${created.id}`);
    await p.locator('.table-keys').waitFor({ timeout: 20_000 });
    // The hostile kid arrives in a rotation, so it is also in an event (key.added) and in a diff.
    stack.idp.server.setRoute('/xss', { json: { keys: [plain, rsaPublicJwk(XSS_KID)] } });
    for (let i = 0; i < 2; i++) {
      await Promise.all([
        p.waitForResponse((r) => r.url().endsWith('/check') && r.status() === 200),
        p.getByRole('button', { name: 'Check now' }).click(),
      ]);
    }
    const kid = p.locator('.table-keys code.kid', { hasText: XSS_KID });
    await kid.waitFor({ timeout: 20_000 });
    expect(await kid.innerText()).toBe(XSS_KID);
    expect(await p.getByRole('heading', { level: 1 }).innerText()).toBe(XSS_NAME);
    await p.locator('#events', { hasText: XSS_KID }).waitFor();
    await p.locator('#compare .diff-added', { hasText: XSS_KID }).waitFor();
    await screenshot(p, 'provider-xss');

    expect(await p.locator('img[src="x"], main script, main img').count()).toBe(0);
    expect(await p.evaluate(() => document.title)).toContain(XSS_NAME);
    expect(await p.content()).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Give any injected handler a moment to fire before the afterEach checks for dialogs.
    await p.waitForTimeout(300);
    expect(w.dialogs).toEqual([]);
  });

  it('serves the page under the strict Content-Security-Policy', async () => {
    const { page: p } = await page();
    const response = await p.goto('/');
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('a token-protected service', () => {
  const TOKEN = 'e2e-token-5c1d0e9b';
  let guarded: Stack;

  beforeAll(async () => {
    guarded = await startStack({ API_TOKEN: TOKEN });
    guarded.monitor.service.create({ name: 'Guarded IdP', url: guarded.idp.jwksUrl });
  });
  afterAll(() => guarded?.close());

  it('asks for the token once, keeps it for the session, and asks again only after a refused token', async () => {
    const w = await page(guarded);
    const { page: p } = w;
    let prompts = 0;
    await p.exposeFunction('countPrompt', () => void prompts++);
    await p.addInitScript(() => {
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of Array.from(record.addedNodes)) {
            if (node instanceof HTMLDialogElement && node.textContent?.includes('API token required')) {
              (window as unknown as { countPrompt(): void }).countPrompt();
            }
          }
        }
      }).observe(document, { childList: true, subtree: true });
    });

    await p.goto('/');
    const dialog = p.getByRole('dialog');
    await dialog.getByLabel('API token').waitFor();
    await screenshot(p, 'token-prompt');
    await dialog.getByLabel('API token').fill('not-the-token');
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await dialog.getByText('The service refused that token').waitFor();
    await dialog.getByLabel('API token').fill(TOKEN);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await p.locator('.table-providers', { hasText: 'Guarded IdP' }).waitFor();
    expect(prompts).toBe(2);

    // Every view, and a reload, with no further prompt.
    await p.getByRole('link', { name: 'Guarded IdP' }).click();
    await p.locator('.table-keys').waitFor({ timeout: 20_000 });
    await p.getByRole('link', { name: 'Webhooks' }).click();
    await p.locator('#endpoints .empty, #endpoints table').first().waitFor();
    await p.reload();
    await p.locator('#endpoints .empty, #endpoints table').first().waitFor();
    expect(prompts).toBe(2);
    expect(await p.locator('dialog[open]').count()).toBe(0);
    expect(w.apiBodies.filter((b) => b.status === 401).length).toBeGreaterThan(0);
    expect(await p.content()).not.toContain(TOKEN);
  });
});
