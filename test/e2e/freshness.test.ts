/**
 * The dashboard keeps up with the user and with the service, in Chromium against the real service (regression tests
 * for the dashboard review): a filter or search changed while a refresh is under way is applied, and the rows, the
 * pager and the controls agree (defect 1); "check now" during a refresh of the provider page shows the check's
 * outcome (defect 1); a provider page whose first load failed loads by itself at the next refresh (defect 5); a hung
 * API times out, the page says its data is stale, and it recovers (defect 6). API answers are held with Playwright's
 * request interception, and the page's timers run on Playwright's clock: nothing here waits on wall-clock time.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, problemsOf, startStack, type Stack, type WatchedPage } from './harness.js';

/** The dashboard's refresh period and request timeout (dashboard/js/views/*.js, dashboard/js/api.js). */
const REFRESH_MS = 15_000;
const REQUEST_TIMEOUT_MS = 20_000;
const FLEET = 60;
/** Status of tenant-i is STATUSES[i % STATUSES.length]. */
const STATUSES = ['up', 'up', 'degraded', 'failing', 'down', 'pending'] as const;
const DOWN_COUNT = FLEET / STATUSES.length;
/** expect.poll's bound: generous, since it waits on the browser of a loaded machine (it returns as soon as it holds). */
const POLL = { timeout: 15_000 };

let stack: Stack;
let browser: Browser;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const { store } = stack.monitor;
  const now = Date.now();
  // Paused and on the reserved .test domain, so nothing polls them; their state is written as polls would leave it.
  const setState = store.db.prepare<[string, number, number]>(
    'UPDATE providers SET status = ?, last_poll_at = ? WHERE id = ?',
  );
  store.db.transaction(() => {
    for (let i = 0; i < FLEET; i++) {
      const created = store.providers.create(
        {
          name: `tenant-${String(i).padStart(2, '0')}`,
          url: `https://login-${i}.idp.test/jwks`,
          kind: 'jwks',
          profile: 'oidc',
          intervalSeconds: 300,
          enabled: false,
        },
        now,
      );
      setState.run(STATUSES[i % STATUSES.length] ?? 'up', now - 60_000, created.id);
    }
  })();
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

async function page(): Promise<WatchedPage> {
  const w = await openPage(browser, stack);
  pages.push(w);
  return w;
}

/** Page timers run only when the test moves the clock. */
async function pauseClock(p: Page): Promise<void> {
  await p.clock.install();
  await p.clock.pauseAt(Date.now() + 1_000);
}

/** Holds matching API requests until release(); requests the page aborted meanwhile are dropped. */
async function holdRequests(p: Page, matches: (url: URL) => boolean) {
  const held: Route[] = [];
  let holding = true;
  const matcher = (url: URL) => url.pathname.startsWith('/api/') && matches(url);
  await p.route(matcher, (route) => {
    if (holding) held.push(route);
    else void route.continue().catch(() => undefined);
  });
  return {
    urls: () => held.map((route) => route.request().url()),
    /** Lets the held requests and every later one through. */
    async release() {
      holding = false;
      for (const route of held.splice(0)) await route.continue().catch(() => undefined);
    },
    /** Lets later requests through; the held ones stay unanswered. */
    async stop() {
      await p.unroute(matcher);
    },
  };
}

describe('the overview while a refresh is under way', () => {
  it('applies a status filter chosen meanwhile: rows, pager and controls agree', async () => {
    const { page: p } = await page();
    await p.goto('/');
    const rows = p.locator('.table-providers tbody tr');
    await rows.nth(49).waitFor();

    const gate = await holdRequests(p, (url) => url.pathname.startsWith('/api/v1/providers'));
    await p.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => gate.urls().some((u) => u.includes('sort=status')), POLL).toBe(true);
    await p.getByLabel('Status', { exact: true }).selectOption('down');
    // The filter's own request is sent although the refresh has not been answered.
    await expect.poll(() => gate.urls().some((u) => u.includes('status=down')), POLL).toBe(true);
    await gate.release();

    await p.locator('.pager', { hasText: `1–${DOWN_COUNT} of ${DOWN_COUNT} providers` }).waitFor();
    await expect.poll(() => rows.count(), POLL).toBe(DOWN_COUNT);
    for (const text of await rows.locator('.col-status').allInnerTexts()) expect(text).toContain('Down');
    expect(await p.getByLabel('Status', { exact: true }).inputValue()).toBe('down');
    expect(p.url()).toContain('status=down');
  });

  it('applies a search typed meanwhile', async () => {
    const { page: p } = await page();
    await p.goto('/');
    const rows = p.locator('.table-providers tbody tr');
    await rows.nth(49).waitFor();

    const gate = await holdRequests(p, (url) => url.pathname.startsWith('/api/v1/providers'));
    await p.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => gate.urls().length, POLL).toBeGreaterThan(0);
    await p.getByRole('searchbox', { name: 'Search' }).fill('tenant-42');
    await expect.poll(() => gate.urls().some((u) => u.includes('q=tenant-42')), POLL).toBe(true);
    await gate.release();

    await p.locator('.pager', { hasText: '1–1 of 1 provider' }).waitFor();
    await expect.poll(() => rows.count(), POLL).toBe(1);
    expect(await rows.first().innerText()).toContain('tenant-42');
  });
});

describe('a hung API', () => {
  it('times out, says the data is stale, and recovers at a later refresh', async () => {
    const { page: p } = await page();
    await pauseClock(p);
    await p.goto('/');
    await p.locator('.table-providers tbody tr').first().waitFor();

    // Every API request from now on is held and never answered.
    const gate = await holdRequests(p, () => true);
    await p.clock.runFor(REFRESH_MS);
    await expect.poll(() => gate.urls().length, POLL).toBeGreaterThan(0);
    await p.clock.runFor(REQUEST_TIMEOUT_MS);
    await p.locator('.alert-error', { hasText: 'did not answer' }).waitFor();
    await p.clock.runFor(REFRESH_MS);
    const stale = p.locator('.stale-notice');
    await stale.waitFor();
    expect(await stale.innerText()).toMatch(/out of date/);

    // The service answers again: the refresh after the hung one has timed out brings the page back.
    await gate.stop();
    await p.clock.runFor(REQUEST_TIMEOUT_MS);
    await p.locator('.results[aria-busy="false"]').waitFor();
    await p.clock.runFor(REFRESH_MS);
    await p.locator('.table-providers tbody tr').first().waitFor();
    await stale.waitFor({ state: 'detached' });
    expect(await p.locator('.alert-error').count()).toBe(0);
  });
});

describe('the provider page', () => {
  it('loads by itself at the next refresh when its first load failed', async () => {
    const id = stack.monitor.service.create({ name: 'late-start', url: stack.idp.jwksUrl }).id;
    const { page: p } = await page();
    await pauseClock(p);
    await p.route(`**/api/v1/providers/${id}`, (route) => route.abort('connectionrefused'));
    await p.goto(`/#/providers/${id}`);
    await p.locator('.provider-header .alert-error').waitFor();
    expect(await p.locator('#keys .card-body').innerText()).toContain('Not loaded');
    expect(await p.locator('.loading').count()).toBe(0);

    await p.unroute(`**/api/v1/providers/${id}`);
    await p.clock.runFor(REFRESH_MS);
    await p.getByRole('heading', { level: 1, name: 'late-start' }).waitFor();
  });

  it('shows what "check now" found even when a refresh was under way', async () => {
    const id = stack.monitor.service.create({ name: 'checked', url: stack.idp.jwksUrl, intervalSeconds: 3_600 }).id;
    await stack.monitor.service.pollNow(id);
    const { page: p } = await page();
    await pauseClock(p);
    await p.goto(`/#/providers/${id}`);
    const before = String(stack.idp.keys()[0]?.kid);
    await p.locator('.table-keys tbody tr', { hasText: before }).waitFor();

    // The refresh reads the provider as it is now, but its answer arrives only after the check.
    const held: (() => Promise<void>)[] = [];
    await p.route(`**/api/v1/providers/${id}`, async (route) => {
      if (route.request().method() !== 'GET' || held.length > 0) return route.continue();
      const response = await route.fetch();
      held.push(() => route.fulfill({ response }));
    });
    await p.clock.runFor(REFRESH_MS);
    await expect.poll(() => held.length, POLL).toBe(1);

    const fresh = stack.idp.rotate({ dropOldest: true });
    await p.getByRole('button', { name: 'Check now' }).click();
    await p.locator('.check-panel').waitFor();
    await held[0]?.();
    await p.locator('.table-keys tbody tr', { hasText: String(fresh.kid) }).waitFor();
  });
});
