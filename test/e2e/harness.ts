/**
 * The real service for browser tests: the composition root on a temp SQLite file, a ticker that ticks like
 * node-cron (only faster), the dashboard served as the service serves it, listening on 127.0.0.1; a loopback HTTPS
 * fake IdP; and Debian's Chromium driven by playwright-core, with every page watched for script dialogs, page
 * errors, CSP violations and the bodies of the API answers it received.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DASHBOARD_DIR, dashboardRoutes } from '../../src/api/routes/dashboard.js';
import { createMonitorApp, type MonitorApp, type Ticker } from '../../src/compose.js';
import { startFakeIdp, type FakeIdp } from '../helpers/fake-idp.js';
import { tempDatabasePath, testConfig } from '../service/harness.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'dashboard');
const TICK_MS = 500;
/** Phone and desktop viewports the screenshots are taken at. */
export const DESKTOP = { width: 1360, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Ticks every TICK_MS until stopped, as node-cron does every second in production. */
function intervalTicker(): Ticker {
  let timer: NodeJS.Timeout | undefined;
  return {
    start(tick) {
      timer = setInterval(tick, TICK_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

export interface Stack {
  /** http://127.0.0.1:PORT, the dashboard's origin. */
  readonly url: string;
  readonly monitor: MonitorApp;
  readonly idp: FakeIdp;
  close(): Promise<void>;
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const idp = await startFakeIdp();
  const monitor = await createMonitorApp(testConfig(tempDatabasePath(), env), {
    ticker: intervalTicker(),
    fetcher: { ca: [idp.ca] },
  });
  // Until src/api/app.ts registers the dashboard itself, register it here exactly as it will be.
  if (!monitor.app.hasRoute({ method: 'GET', url: '/' })) {
    await monitor.app.register(dashboardRoutes, { root: DASHBOARD_DIR });
  }
  await monitor.app.listen({ host: '127.0.0.1', port: 0 });
  monitor.start();
  const { port } = monitor.app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    monitor,
    idp,
    async close() {
      await monitor.stop();
      await idp.close();
    },
  };
}

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Script dialogs (alert, confirm, prompt) opened by the page: an XSS would show up here. */
  readonly dialogs: string[];
  readonly pageErrors: string[];
  /** Console messages about Content-Security-Policy violations. */
  readonly cspViolations: string[];
  /** Every /api/ answer the page received: url and body text. */
  readonly apiBodies: { url: string; status: number; body: string }[];
  /** Requests to any origin other than the service's. */
  readonly foreignRequests: string[];
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  stack: Stack,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, baseURL: stack.url, colorScheme: 'light' });
  const page = await context.newPage();
  const watched: WatchedPage = {
    page,
    context,
    dialogs: [],
    pageErrors: [],
    cspViolations: [],
    apiBodies: [],
    foreignRequests: [],
    close: () => context.close(),
  };
  page.on('dialog', (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) watched.cspViolations.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(stack.url) && !request.url().startsWith('data:'))
      watched.foreignRequests.push(request.url());
  });
  page.on('response', (response) => {
    if (!response.url().includes('/api/')) return;
    response
      .text()
      .then((body) => watched.apiBodies.push({ url: response.url(), status: response.status(), body }))
      .catch(() => undefined);
  });
  return watched;
}

/** Saves a full-page screenshot as test-results/dashboard/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** What no page may ever do: open a script dialog, throw, violate the CSP or reach another origin. */
export function problemsOf(watched: WatchedPage): string[] {
  return [
    ...watched.dialogs.map((d) => `dialog ${d}`),
    ...watched.pageErrors.map((e) => `page error ${e}`),
    ...watched.cspViolations.map((c) => `CSP ${c}`),
    ...watched.foreignRequests.map((r) => `foreign request ${r}`),
  ];
}

/** Waits (bounded) until `predicate` holds in the page. */
export async function waitInPage(page: Page, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  await page.waitForFunction(predicate, undefined, { timeout: timeoutMs, polling: 100 });
}
