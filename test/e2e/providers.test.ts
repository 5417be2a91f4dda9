/**
 * The dashboard in Chromium against the real service: register a provider and watch it go up, the server's
 * validation errors next to their fields, edit and delete, a key rotation on the timeline and in the events,
 * silencing a rule, keyboard navigation, and the layout at phone width.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedX5c, testKey } from '../helpers/x5c.js';
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

async function page(viewport?: { width: number; height: number }): Promise<WatchedPage> {
  const w = await openPage(browser, stack, viewport);
  pages.push(w);
  return w;
}

describe('registering a provider', () => {
  it('adds a provider through the form, shows it pending, then up, on its page and in the overview', async () => {
    const { page: p } = await page();
    await p.goto('/');
    await p.getByRole('link', { name: 'Add provider' }).first().click();
    await p.getByLabel('Name').fill('Acme Identity');
    await p.getByLabel('URL', { exact: false }).first().fill(stack.idp.jwksUrl);
    await p.getByLabel('Tags').fill('prod, eu');
    await p.getByRole('button', { name: 'Add provider' }).click();

    await p.getByRole('heading', { level: 1, name: 'Acme Identity' }).waitFor();
    await p.locator('.provider-header .badge', { hasText: 'Up' }).waitFor({ timeout: 20_000 });
    await p.locator('.table-keys tbody tr').first().waitFor();
    expect(await p.locator('.table-keys tbody tr').count()).toBe(1);

    await p.getByRole('link', { name: 'Providers' }).first().click();
    const row = p.locator('.table-providers tbody tr', { hasText: 'Acme Identity' });
    await row.waitFor();
    expect(await row.locator('.badge').innerText()).toContain('Up');
    expect(await row.innerText()).toContain('prod');
    await screenshot(p, 'overview');
  });

  it("shows the server's validation errors next to the field they concern", async () => {
    const { page: p } = await page();
    await p.goto('/#/providers/new');
    await p.getByLabel('Name').fill('Acme Identity');
    await p.getByLabel('URL', { exact: false }).first().fill('ftp://keys.example');
    await p.getByLabel('Check every (seconds)').fill('5');
    await p.getByRole('button', { name: 'Add provider' }).click();

    // The request schema answers first: the interval is below the minimum.
    const intervalError = p.locator('.field-intervalSeconds .field-error');
    await intervalError.waitFor();
    expect(await intervalError.innerText()).toMatch(/10/);
    expect(await p.getByLabel('Check every (seconds)').getAttribute('aria-invalid')).toBe('true');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('intervalSeconds');

    // Then the service's own checks: an ftp URL is refused, named on the URL field.
    await p.getByLabel('Check every (seconds)').fill('60');
    await p.getByRole('button', { name: 'Add provider' }).click();
    const urlError = p.locator('.field-url .field-error');
    await urlError.waitFor();
    expect(await urlError.innerText()).toMatch(/ftp/);
    expect(await intervalError.isHidden()).toBe(true);
    await screenshot(p, 'provider-form-errors');

    // A good URL under a name already taken: the 409 lands on the name.
    await p.getByLabel('URL', { exact: false }).first().fill(stack.idp.jwksUrl);
    await p.getByRole('button', { name: 'Add provider' }).click();
    await p.locator('.field-name .field-error').waitFor();
    expect(await urlError.isHidden()).toBe(true);
  });

  it('edits a provider and deletes it after an in-page confirmation', async () => {
    const created = stack.monitor.service.create({ name: 'Short-lived', url: `${stack.idp.jwksUrl}?edit=1` });
    const { page: p } = await page();
    await p.goto(`/#/providers/${created.id}/edit`);
    await p.getByLabel('Check every (seconds)').fill('120');
    await p.getByLabel('Minimum keys').fill('1');
    await p.getByRole('button', { name: 'Save changes' }).click();
    await p.getByRole('heading', { level: 1, name: 'Short-lived' }).waitFor();
    expect(stack.monitor.store.providers.get(created.id)).toMatchObject({ intervalSeconds: 120, minKeys: 1 });

    await p.getByRole('button', { name: 'Delete' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete provider' }).click();
    await p.getByRole('heading', { level: 1, name: 'Providers' }).waitFor();
    expect(stack.monitor.store.providers.get(created.id)).toBeUndefined();
  });
});

describe('a key rotation', () => {
  it('appears on the timeline with its rotation state and in the events after "check now"', async () => {
    stack.idp.server.setRoute('/rotating', {
      json: { keys: [stack.idp.keys()[0]] },
      headers: { 'cache-control': 'max-age=60' },
    });
    const created = stack.monitor.service.create({ name: 'Rotating IdP', url: stack.idp.server.url('/rotating') });
    const { page: p } = await page();
    await p.goto(`/#/providers/${created.id}`);
    await p.locator('.provider-header .badge', { hasText: /Up|Degraded/ }).waitFor({ timeout: 20_000 });

    const fresh = stack.idp.rotate();
    stack.idp.server.setRoute('/rotating', {
      json: { keys: [stack.idp.keys()[0], fresh] },
      headers: { 'cache-control': 'max-age=60' },
    });
    // Two polls: the first sees the new key set, the second confirms it (a rotation is reported once confirmed).
    for (let i = 0; i < 2; i++) {
      await Promise.all([
        p.waitForResponse((r) => r.url().endsWith(`/providers/${created.id}/check`) && r.status() === 200),
        p.getByRole('button', { name: 'Check now' }).click(),
      ]);
      await p.locator('.check-panel').waitFor();
    }
    await waitInPage(p, () => (document.querySelector('svg.timeline')?.textContent ?? '').includes('Safe overlap'));
    await waitInPage(p, () => (document.querySelector('#events')?.textContent ?? '').includes('Safe overlap rotation'));
    expect(await p.locator('svg.timeline .tl-node').count()).toBe(2);
    expect(await p.locator('#compare .diff-added').innerText()).toContain(String(fresh.kid));
    expect(await p.locator('.table-keys tbody tr').count()).toBe(2);
    expect(await p.locator('.check-panel').innerText()).toMatch(/answered in/);
    await screenshot(p, 'provider');
  });

  it('silences a rule with a reason, and lifts the silence', async () => {
    const provider = stack.monitor.store.providers.getByName('Rotating IdP');
    if (provider === undefined) throw new Error('the rotation test creates this provider');
    const { page: p } = await page();
    await p.goto(`/#/providers/${provider.id}`);
    const silence = p
      .locator('.table-findings')
      .getByRole('button', { name: /^Silence rule / })
      .first();
    await silence.waitFor();
    const ruleId = String(await silence.getAttribute('aria-label')).replace('Silence rule ', '');
    await silence.click();
    const dialog = p.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('accepted risk: legacy clients');
    await dialog.getByRole('button', { name: 'Silence rule' }).click();
    await p.locator('.silenced-list', { hasText: ruleId }).waitFor();
    expect(stack.monitor.store.providers.get(provider.id)?.silencedRules).toEqual([
      { ruleId, reason: 'accepted risk: legacy clients' },
    ]);
    await p.getByRole('button', { name: `Unsilence rule ${ruleId}` }).click();
    await p.locator('.silenced-list').waitFor({ state: 'detached' });
    expect(stack.monitor.store.providers.get(provider.id)?.silencedRules).toEqual([]);
  });
});

describe('the key table', () => {
  it("reads each key's certificate expiry from its x5c, and marks one that expires soon", async () => {
    const DAY_MS = 24 * 60 * 60 * 1000;
    const EXPIRES_IN_DAYS = 20;
    const key = testKey('ec-P-256', 7);
    const notAfter = new Date(Date.now() + EXPIRES_IN_DAYS * DAY_MS);
    const { x5c } = await selfSignedX5c(key, { notBefore: new Date(Date.now() - DAY_MS), notAfter });
    stack.idp.server.setRoute('/certified', {
      json: { keys: [{ ...key.jwk, kid: 'cert-key', alg: 'ES256', use: 'sig', x5c }] },
    });
    const created = stack.monitor.service.create({ name: 'Certified IdP', url: stack.idp.server.url('/certified') });
    const { page: p } = await page();
    await p.goto(`/#/providers/${created.id}`);
    const cert = p.locator('.table-keys .cert');
    await cert.waitFor({ timeout: 20_000 });
    expect(await cert.locator('time').getAttribute('datetime')).toBe(
      new Date(Math.floor(notAfter.getTime() / 1000) * 1000).toISOString(),
    );
    expect(await cert.innerText()).toMatch(/in (19|20) d/);
    expect(await cert.getAttribute('class')).toContain('cert-soon');
    expect(await p.locator('.table-keys tbody tr').innerText()).toContain('EC P-256');
  });
});

describe('keyboard and small screens', () => {
  it('reaches a provider from the overview with the keyboard alone, focus visible on the way', async () => {
    const { page: p } = await page();
    await p.goto('/');
    await p.locator('.table-providers').waitFor();
    const target = p.locator('.table-providers .row-link').first();
    const name = await target.innerText();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await p.keyboard.press('Tab');
      reached = await target.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    expect(await target.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name }).waitFor();
    expect(await p.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const provider = stack.monitor.store.providers.getByName('Rotating IdP');
    const { page: p } = await page(PHONE);
    await p.goto('/');
    await p.locator('.table-providers').waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(p, 'overview-phone');
    await p.goto(`/#/providers/${provider?.id ?? 0}`);
    await p.locator('svg.timeline').waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(p, 'provider-phone');
  });
});
