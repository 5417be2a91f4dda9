/**
 * One schema for the service's settings. Every setting is an environment variable with its default here;
 * `loadConfig` reports every problem at once. The README's configuration table is checked against
 * ENV_SETTINGS by a test, so the two cannot drift.
 */
import { AppError } from './errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The longest whole-fetch timeout accepted, by the service (FETCH_TIMEOUT_MS) and by `check --timeout-ms`. */
export const MAX_FETCH_TIMEOUT_MS = 300_000;

interface Setting<T> {
  readonly name: string;
  readonly description: string;
  /** Shown in the README; undefined = unset by default. */
  readonly defaultText: string;
  /** What a value may be, for the README table. */
  readonly allowed: string;
  parse(raw: string | undefined, problems: string[]): T;
}

const DECIMAL_INTEGER = /^\d+$/;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function text(name: string, description: string, fallback: string): Setting<string> {
  return {
    name,
    description,
    defaultText: fallback,
    allowed: 'text',
    parse: (raw) => (raw === undefined || raw === '' ? fallback : raw),
  };
}

function optionalText(name: string, description: string): Setting<string | undefined> {
  return {
    name,
    description,
    defaultText: '(unset)',
    allowed: 'text',
    parse: (raw) => (raw === undefined || raw === '' ? undefined : raw),
  };
}

function integer(
  name: string,
  description: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): Setting<number> {
  return {
    name,
    description,
    defaultText: String(fallback),
    allowed: max === Number.MAX_SAFE_INTEGER ? `integer ≥ ${min}` : `integer ${min}–${max}`,
    parse(raw, problems) {
      if (raw === undefined || raw === '') return fallback;
      // Plain decimal digits only, as the API takes numbers: Number() would also take "0x10", "1e3", " 8 " and "8.0".
      const n = DECIMAL_INTEGER.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) {
        problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
        return fallback;
      }
      return n;
    },
  };
}

function flag(name: string, description: string): Setting<boolean> {
  return {
    name,
    description,
    defaultText: '0',
    allowed: '`1`/`true` or `0`/`false`',
    parse(raw, problems) {
      if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
      if (raw === '1' || raw === 'true') return true;
      problems.push(`${name} must be 1, 0, true or false (got "${raw}")`);
      return false;
    },
  };
}

function oneOf<T extends string>(name: string, description: string, values: readonly T[], fallback: T): Setting<T> {
  return {
    name,
    description,
    defaultText: fallback,
    allowed: values.map((v) => `\`${v}\``).join(', '),
    parse(raw, problems) {
      if (raw === undefined || raw === '') return fallback;
      if ((values as readonly string[]).includes(raw)) return raw as T;
      problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
      return fallback;
    },
  };
}

export const ENV_SETTINGS = {
  databasePath: text(
    'DATABASE_PATH',
    'SQLite database file (created with its folder); `:memory:` for a throwaway run',
    './data/jwks-monitor.db',
  ),
  host: text('HOST', 'Address the API listens on. Without API_TOKEN only a loopback address is accepted', '127.0.0.1'),
  port: integer('PORT', 'Port the API listens on', 8080, 0, 65535),
  apiToken: optionalText(
    'API_TOKEN',
    'Bearer token required on every /api route (and /metrics unless METRICS_PUBLIC=1); at least 16 characters',
  ),
  metricsPublic: flag('METRICS_PUBLIC', '1 = /metrics needs no token'),
  allowPrivateNetworks: flag(
    'ALLOW_PRIVATE_NETWORKS',
    '1 = allow monitored and webhook URLs on private, loopback and link-local addresses',
  ),
  providersFile: optionalText(
    'PROVIDERS_FILE',
    'YAML or JSON file of providers, loaded at start and on SIGHUP (read-only in the API)',
  ),
  publicUrl: optionalText('PUBLIC_URL', "The dashboard's public base URL, used for links in webhook payloads"),
  logLevel: oneOf('LOG_LEVEL', 'Log level', LOG_LEVELS, 'info'),
  fetchConnectTimeoutMs: integer(
    'FETCH_CONNECT_TIMEOUT_MS',
    'Connect + response headers timeout of one fetch',
    5_000,
    100,
    120_000,
  ),
  fetchTimeoutMs: integer(
    'FETCH_TIMEOUT_MS',
    'Whole-fetch timeout (headers and body)',
    10_000,
    100,
    MAX_FETCH_TIMEOUT_MS,
  ),
  fetchMaxBodyBytes: integer(
    'FETCH_MAX_BODY_BYTES',
    'Largest response body read; beyond it the fetch is aborted',
    1_048_576,
    1_024,
    64 * 1_048_576,
  ),
  fetchMaxRedirects: integer('FETCH_MAX_REDIRECTS', 'Redirects followed per fetch (never https to http)', 3, 0, 10),
  concurrency: integer('SCHEDULER_CONCURRENCY', 'Polls in flight at once, across all providers', 32, 1, 1_000),
  perHostConcurrency: integer('SCHEDULER_PER_HOST_CONCURRENCY', 'Polls in flight at once against one host', 2, 1, 100),
  pollWorkers: integer(
    'POLL_WORKERS',
    'Worker threads that fetch and check (writes stay on the main thread); 0 = poll on the main thread. About one per core for thousands of providers at short intervals',
    0,
    0,
    16,
  ),
  unconditionalEvery: integer(
    'UNCONDITIONAL_EVERY',
    'Every Nth poll is sent without If-None-Match / If-Modified-Since, so a broken validator is caught',
    10,
    1,
    1_000,
  ),
  downAfterFailures: integer(
    'DOWN_AFTER_FAILURES',
    'Consecutive unreachable polls before a provider is down',
    3,
    1,
    100,
  ),
  upAfterSuccesses: integer('UP_AFTER_SUCCESSES', 'Consecutive good polls before a down provider is back', 2, 1, 100),
  retentionDays: integer(
    'RETENTION_DAYS',
    'Poll-run rows older than this are pruned (snapshots, incidents and events are kept)',
    90,
    1,
    3_650,
  ),
  heapGrowingPercent: integer(
    'HEAP_GROWING_PERCENT',
    'How far the JavaScript heap may grow past what the last full garbage collection kept, in percent, before the next one: lower keeps RSS down for a little more GC CPU; 0 = V8 chooses the factor',
    20,
    0,
    300,
  ),
  shutdownGraceMs: integer(
    'SHUTDOWN_GRACE_MS',
    'On SIGINT/SIGTERM, how long in-flight polls and webhook attempts may finish before they are aborted',
    10_000,
    0,
    120_000,
  ),
} as const;

type Settings = typeof ENV_SETTINGS;
export type ServiceConfig = { readonly [K in keyof Settings]: Settings[K] extends Setting<infer T> ? T : never };

const MIN_TOKEN_LENGTH = 16;

export function loadConfig(env: Env): ServiceConfig {
  const problems: string[] = [];
  const config = Object.fromEntries(
    Object.entries(ENV_SETTINGS).map(([key, setting]: [string, Setting<unknown>]) => [
      key,
      setting.parse(env[setting.name], problems),
    ]),
  ) as ServiceConfig;
  if (config.apiToken !== undefined && config.apiToken.length < MIN_TOKEN_LENGTH) {
    problems.push(`API_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
  }
  if (config.apiToken === undefined && !isLoopbackHost(config.host)) {
    problems.push(`HOST=${config.host} is not a loopback address: set API_TOKEN before exposing the API`);
  }
  if (config.publicUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(config.publicUrl)) {
    problems.push('PUBLIC_URL must be an http(s) URL');
  }
  if (problems.length > 0) {
    throw new AppError('CONFIG_INVALID', `invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }
  return config;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The README table of settings (a test keeps README.md in step with it). */
export function settingsTable(): string {
  const rows = Object.values(ENV_SETTINGS).map(
    (s: Setting<unknown>) =>
      `| \`${s.name}\` | ${s.defaultText === '(unset)' ? '(unset)' : `\`${s.defaultText}\``} | ${s.allowed} | ${s.description} |`,
  );
  return ['| variable | default | allowed | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
