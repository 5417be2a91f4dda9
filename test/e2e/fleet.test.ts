/**
 * The overview with 20,000 providers: the server sorts worst first and pages, so the page renders one page of rows,
 * quickly, and search and paging reach any provider.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openPage,
  problemsOf,
  screenshot,
  startStack,
  type Stack,
  type WatchedPage,
} from './harness.js';

const FLEET = 20_000;
const PAGE_SIZE = 50;
/** Generous for a loaded CI machine; locally the first page renders in a few hundred milliseconds. */
const FIRST_PAGE_BUDGET_MS = 3_000;
const STATUSES = ['up', 'up', 'up', 'up', 'up', 'degraded', 'failing', 'down', 'pending'] as const;

let stack: Stack;
let browser: Browser;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const { store } = stack.monitor;
  const now = Date.now();
  // Disabled (and on the reserved .test domain), so nothing ever polls them; their latest state is written as polls would have left it.
  store.db.transaction(() => {
    for (let i = 0; i < FLEET; i++) {
      store.providers.create(
        {
          name: `tenant-${String(i).padStart(5, '0')}`,
          url: `https://login-${i}.idp.test/.well-known/openid-configuration`,
          kind: 'discovery',
          profile: 'oidc',
          intervalSeconds: 300,
          enabled: false,
          tags: i % 4 === 0 ? ['eu'] : ['us'],
        },
        now,
      );
    }
  })();
  const setState = store.db.prepare(
    'UPDATE providers SET status = ?, open_errors = ?, open_warnings = ?, key_count = ?, last_poll_at = ? WHERE id % ? = ?',
  );
  STATUSES.forEach((status, slot) => {
    setState.run(
      status,
      status === 'failing' || status === 'down' ? 1 + slot : 0,
      status === 'degraded' ? 2 : 0,
      2,
      now - 60_000,
      STATUSES.length,
      slot,
    );
  });
}, 120_000);
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

describe('a fleet of 20,000 providers', () => {
  it('renders the worst page first, fast, and finds and pages to any provider', async () => {
    const w = await openPage(browser, stack);
    pages.push(w);
    const { page: p } = w;
    const started = Date.now();
    await p.goto('/');
    await p
      .locator('.table-providers tbody tr')
      .nth(PAGE_SIZE - 1)
      .waitFor();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(FIRST_PAGE_BUDGET_MS);
    expect(await p.locator('.table-providers tbody tr').count()).toBe(PAGE_SIZE);
    expect(await p.locator('.table-providers tbody tr').first().locator('.badge').innerText()).toContain('Down');
    expect(await p.locator('.summary-total').innerText()).toContain('20,000');
    expect(await p.locator('.pager').innerText()).toContain(`of ${(FLEET / PAGE_SIZE).toLocaleString('en-US')}`);
    await screenshot(p, 'overview-fleet');

    await p.getByRole('button', { name: 'Next' }).click();
    await p.locator('.pager', { hasText: `${PAGE_SIZE + 1}–${2 * PAGE_SIZE}` }).waitFor();

    await p.getByRole('searchbox', { name: 'Search' }).fill('login-19999.idp');
    await p.locator('.table-providers tbody tr', { hasText: 'tenant-19999' }).waitFor();
    expect(await p.locator('.table-providers tbody tr').count()).toBe(1);
    expect(p.url()).toContain('q=login-19999.idp');

    await p.getByRole('searchbox', { name: 'Search' }).fill('');
    await p.getByLabel('Status', { exact: true }).selectOption('up');
    await p.getByLabel('Tag', { exact: true }).selectOption('eu');
    await p.locator('.pager', { hasText: 'of ' }).waitFor();
    const rows = p.locator('.table-providers tbody tr');
    await rows.first().waitFor();
    for (const text of await rows.allInnerTexts()) expect(text).toMatch(/Up/);
  });
});
