/**
 * The API as the service assembles it, for `app.inject()` tests: a real SQLite file in a temp directory, migrated;
 * a real MonitorService whose probe is the real runProbe; the guarded fetcher trusting the fake IdP's test CA; an
 * ad-hoc checker built on checkTarget. Only the clock is the test's (it moves when told), and nothing schedules.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createAlerts } from '../../src/alerts/index.js';
import { buildApp } from '../../src/api/app.js';
import type { AdhocChecker } from '../../src/api/routes/check.js';
import { createEngine } from '../../src/checks/engine.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/types.js';
import { AppError } from '../../src/errors.js';
import { createFetcher } from '../../src/fetch/index.js';
import { DEFAULT_RECORDER_SETTINGS } from '../../src/history/types.js';
import { checkTarget } from '../../src/probe/check-target.js';
import { groupedRecorder } from '../../src/history/record-poll.js';
import { summarizeProbe } from '../../src/probe/poller.js';
import { createDocumentMemory, runProbe, type ProbeDeps } from '../../src/probe/run-probe.js';
import { createMonitorService, type MonitorService } from '../../src/service/monitor-service.js';
import { migrate } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createStore, type Store } from '../../src/store/store.js';

const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');
const TEST_FETCH_TIMEOUT_MS = 3_000;
const UNCONDITIONAL_EVERY = 10;
/** What the ad-hoc checker calls a posted document in its report. */
const POSTED_DOCUMENT = '(posted document)';

export interface HarnessOptions {
  /** Extra CAs the fetcher trusts (the fake IdP's). */
  readonly ca?: readonly string[];
  /** Service URL policy and fetcher address policy alike. Default true (the fake IdP is on loopback). */
  readonly allowPrivateNetworks?: boolean;
  readonly bodyLimitBytes?: number;
}

export interface Harness {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly service: MonitorService;
  readonly clock: { now(): number; advance(ms: number): void };
  /** Times the service asked the scheduler to look for due work. */
  readonly wakes: () => number;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const allowPrivateNetworks = options.allowPrivateNetworks ?? true;
  const dir = mkdtempSync(join(tmpdir(), 'jwks-monitor-api-'));
  const db = openDatabase(join(dir, 'jwks-monitor.db'));
  migrate(db, MIGRATIONS_DIR);
  const store = createStore(db);

  let now = Date.now();
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  let wakes = 0;

  const fetcher = createFetcher({
    allowPrivateNetworks,
    totalTimeoutMs: TEST_FETCH_TIMEOUT_MS,
    connectTimeoutMs: TEST_FETCH_TIMEOUT_MS,
    ...(options.ca !== undefined && { ca: options.ca }),
  });
  const engine = createEngine();
  const probeDeps: ProbeDeps = {
    fetch: (url, fetchOptions) => fetcher.get(url, fetchOptions),
    engine,
    now: clock.now,
    recorder: groupedRecorder(store.poll, DEFAULT_RECORDER_SETTINGS),
    memory: createDocumentMemory(100),
    recorderSettings: DEFAULT_RECORDER_SETTINGS,
    unconditionalEvery: UNCONDITIONAL_EVERY,
  };
  const service = createMonitorService({
    providers: store.providers,
    policy: { allowPrivateNetworks },
    now: clock.now,
    probe: (provider, signal) => runProbe(provider, probeDeps, signal),
    probeSummary: async (provider, signal) => summarizeProbe(await runProbe(provider, probeDeps, signal)),
    wake: () => void wakes++,
    // As with PROVIDERS_FILE set: file-managed providers are read-only here.
    providersFileSet: true,
  });

  const refuse = (what: string) => () =>
    Promise.reject(new AppError('INPUT_UNREADABLE', `${what} is not available here`));
  const adhoc: AdhocChecker = {
    check(request, settings) {
      const judged = {
        profile: settings.profile,
        options: { ...DEFAULT_CHECK_OPTIONS, minKeys: settings.minKeys, maxKeys: settings.maxKeys },
      };
      const base = { engine, now: () => new Date(clock.now()) };
      if ('url' in request) {
        return checkTarget(
          request.url,
          { ...base, fetch: (url) => fetcher.get(url), readFile: refuse('a file') },
          judged,
        );
      }
      const text = typeof request.document === 'string' ? request.document : JSON.stringify(request.document);
      const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
      return checkTarget(
        POSTED_DOCUMENT,
        { ...base, fetch: refuse('the network'), readFile: () => Promise.resolve(bytes) },
        judged,
      );
    },
  };

  // Alerts are built but never started here: the webhook routes exist, nothing is delivered.
  const alerts = createAlerts({ store, clock: fakeTimers(clock.now), policy: { allowPrivateNetworks: true } });
  const app = await buildApp({
    store,
    service,
    adhoc,
    webhooks: alerts.webhooks,
    readiness: () => ({ database: true, migrations: true, scheduler: true }),
    metrics: () => '',
    apiToken: undefined,
    metricsPublic: true,
    ...(options.bodyLimitBytes !== undefined && { bodyLimitBytes: options.bodyLimitBytes }),
  });
  await app.ready();

  return {
    app,
    store,
    service,
    clock,
    wakes: () => wakes,
    async close() {
      await app.close();
      await fetcher.close();
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T> {
  readonly status: number;
  /** The parsed JSON body ({} when there is none), typed as the caller expects the API to answer. */
  readonly body: T;
  /** The body as sent, for searching it whole. */
  readonly text: string;
}

/** Thin `app.inject()` calls under /api/v1; `T` is the shape the test expects (the API's own output). */
export interface Api {
  get<T = ErrorView>(path: string): Promise<ApiResponse<T>>;
  post<T = ErrorView>(path: string, payload?: unknown): Promise<ApiResponse<T>>;
  patch<T = ErrorView>(path: string, payload: unknown): Promise<ApiResponse<T>>;
  delete<T = ErrorView>(path: string): Promise<ApiResponse<T>>;
  /** A raw body with an explicit content type. */
  send<T = ErrorView>(
    method: 'POST' | 'PATCH',
    path: string,
    body: string,
    contentType?: string,
  ): Promise<ApiResponse<T>>;
}

export const API = '/api/v1';

export function apiOf(app: FastifyInstance): Api {
  const wrap = <T>(response: LightMyRequestResponse): ApiResponse<T> => ({
    status: response.statusCode,
    body: (response.body === '' ? {} : JSON.parse(response.body)) as T,
    text: response.body,
  });
  return {
    get: async (path) => wrap(await app.inject({ method: 'GET', url: `${API}${path}` })),
    post: async (path, payload) =>
      wrap(
        await app.inject({
          method: 'POST',
          url: `${API}${path}`,
          ...(payload !== undefined && { payload: payload as object }),
        }),
      ),
    patch: async (path, payload) =>
      wrap(await app.inject({ method: 'PATCH', url: `${API}${path}`, payload: payload as object })),
    delete: async (path) => wrap(await app.inject({ method: 'DELETE', url: `${API}${path}` })),
    send: async (method, path, body, contentType = 'application/json') =>
      wrap(await app.inject({ method, url: `${API}${path}`, headers: { 'content-type': contentType }, payload: body })),
  };
}

// The API's answers as the tests read them (a subset of each response schema).

export interface ErrorView {
  readonly code: string;
  readonly message: string;
  readonly details?: { readonly fields?: readonly { readonly field: string; readonly problem: string }[] } & Record<
    string,
    unknown
  >;
}

export interface ProviderView {
  readonly id: number;
  readonly name: string;
  readonly url: string;
  readonly kind: string;
  readonly profile: string;
  readonly intervalSeconds: number;
  readonly minKeys: number | null;
  readonly tags: readonly string[];
  readonly enabled: boolean;
  readonly source: string;
  readonly status: string;
  readonly lastPollAt: string | null;
  readonly keyCount: number | null;
  readonly openFindings: { readonly error: number; readonly warning: number; readonly info: number };
  readonly lastRotationAt: string | null;
  readonly latestSnapshotId: number | null;
}

export interface ProviderPage {
  readonly providers: readonly ProviderView[];
  readonly nextCursor: number | null;
}

export interface FindingView {
  readonly ruleId: string;
  readonly severity: string;
  readonly pointer: string;
  readonly kid?: string;
}

export interface KeySummaryView {
  readonly index: number;
  readonly kid?: string;
  readonly thumbprint?: string;
  readonly privateMembers: readonly string[];
}

export interface PollView {
  readonly status: string;
  readonly runId: number;
  readonly findings: readonly FindingView[];
  readonly keys: readonly KeySummaryView[];
  readonly error?: { readonly code: string; readonly message: string };
}

export interface AdhocView {
  readonly kind: string | null;
  readonly ok: boolean;
  readonly profile: string | null;
  readonly findings: readonly FindingView[];
  readonly keys: readonly KeySummaryView[];
  readonly error?: { readonly code: string; readonly message: string };
}

export interface HistoryEntryView {
  readonly id: number;
  readonly snapshotId: number;
  readonly hash: string;
  readonly keyCount: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly confirmedAt: string | null;
  readonly cacheControl: string | null;
}

export interface KeyViewView {
  readonly id: string;
  readonly kid?: string;
  readonly privateMembers: readonly string[];
}

export interface DiffView {
  readonly from: number;
  readonly to: number;
  readonly added: readonly KeyViewView[];
  readonly removed: readonly KeyViewView[];
  readonly rotationState: string;
}

export interface InventoryView {
  readonly keys: readonly {
    readonly keyId: string;
    readonly kid: string | null;
    readonly firstSeenAt: string;
    readonly lastSeenAt: string;
    readonly removedAt: string | null;
  }[];
}

export interface IncidentView {
  readonly id: number;
  readonly ruleId: string;
  readonly state: 'open' | 'resolved';
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly resolvedAt: string | null;
}

export interface EventView {
  readonly id: number;
  readonly type: string;
  readonly providerId: number | null;
  readonly createdAt: string;
  readonly data: Record<string, unknown>;
}

export interface EventPage {
  readonly events: readonly EventView[];
  readonly nextCursor: number | null;
}

export interface RunView {
  readonly id: number;
  readonly outcome: string;
  readonly status: string;
  readonly snapshotId: number | null;
  readonly pollCount: number;
}

/** What a write must leave untouched when it is refused: every table that a write could reach. */
export function databaseState(store: Store): string {
  const tables = ['providers', 'snapshots', 'provider_snapshots', 'keys', 'incidents', 'runs', 'events'];
  return JSON.stringify(tables.map((table) => store.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()));
}

/** A Clock over the harness's manual time; no timer is ever due, since nothing here starts a loop. */
function fakeTimers(now: () => number) {
  return { now, setTimeout: () => ({ id: 0 }), clearTimeout: () => {} };
}
