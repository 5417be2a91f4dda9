/** Builders for the history tests: keys, reports as the engine would make them, and a migrated store on disk. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckReport } from '../../src/checks/report.js';
import type { Finding } from '../../src/checks/types.js';
import {
  recordPoll,
  type RecordPollInput,
  type RecordPollOptions,
  type RecordPollResult,
} from '../../src/history/record-poll.js';
import type { PollOutcome } from '../../src/history/types.js';
import { PRIVATE_MEMBERS } from '../../src/jwks/types.js';
import { jwkThumbprint } from '../../src/jwks/thumbprint.js';
import { migrate } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import type { NewProvider } from '../../src/store/providers-repository.js';
import { createStore, type Store } from '../../src/store/store.js';
import { isRecord } from '../../src/json/guards.js';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');
export const T0 = Date.UTC(2026, 5, 1);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type Jwk = Record<string, unknown>;

/** A fresh EC P-256 public JWK with the given kid (and alg/use). */
export function ecKey(kid: string, extra: Jwk = {}): Jwk {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig', ...extra };
}

/** A fresh RSA key pair as JWKs: the public one and the full private one (with d, p, q, dp, dq, qi). */
export function rsaKeyPair(kid: string): { publicJwk: Jwk; privateJwk: Jwk } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
  };
}

export function jwks(...keys: Jwk[]): { keys: Jwk[] } {
  return { keys };
}

export interface ReportOptions {
  findings?: Finding[];
  discovery?: Record<string, unknown>;
  skippedRules?: string[];
  /** Raw text of the JWKS as served (default JSON.stringify of the value). */
  text?: string;
}

/** A CheckReport as the engine would produce it for `value` (no findings unless given). */
export function report(value: unknown, options: ReportOptions = {}): CheckReport {
  const text = options.text ?? JSON.stringify(value);
  const keys = isRecord(value) && Array.isArray(value['keys']) ? value['keys'] : [];
  const documents: CheckReport['documents'][number][] = [];
  if (options.discovery !== undefined) {
    const discoveryText = JSON.stringify(options.discovery);
    documents.push({
      kind: 'discovery',
      source: 'https://idp.test/.well-known/openid-configuration',
      sha256: sha256(discoveryText),
      bytes: discoveryText.length,
    });
  }
  documents.push({ kind: 'jwks', source: 'https://idp.test/jwks', sha256: sha256(text), bytes: text.length });
  return {
    kind: options.discovery !== undefined ? 'discovery' : 'jwks',
    profile: 'core',
    findings: options.findings ?? [],
    keys: keys.map((key: unknown, index) => {
      const object = isRecord(key) ? key : {};
      const kid = typeof object['kid'] === 'string' ? object['kid'] : undefined;
      const kty = typeof object['kty'] === 'string' ? object['kty'] : undefined;
      const thumbprint = jwkThumbprint(object);
      return {
        index,
        ...(kid !== undefined && { kid }),
        ...(kty !== undefined && { kty }),
        ...(thumbprint !== undefined && { thumbprint }),
        privateMembers: PRIVATE_MEMBERS.filter((m) => m in object),
      };
    }),
    skippedRules: options.skippedRules ?? [],
    documents,
    jwksParsed: true,
    jwksValue: value,
    ...(options.discovery !== undefined && { discoveryValue: options.discovery }),
  };
}

export function finding(ruleId: string, overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    severity: 'error',
    message: `${ruleId} fired`,
    pointer: '',
    document: 'jwks',
    spec: 'test',
    ...overrides,
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface TestStore {
  readonly store: Store;
  readonly dir: string;
  readonly path: string;
  reopen(): TestStore;
  cleanup(): void;
}

/** A migrated store in a fresh temporary directory (a real SQLite file with its WAL). */
export function tempStore(dir = mkdtempSync(join(tmpdir(), 'jwks-monitor-history-'))): TestStore {
  const path = join(dir, 'data', 'jwks-monitor.db');
  const db = openDatabase(path);
  migrate(db, MIGRATIONS_DIR, { now: () => T0 });
  const store = createStore(db);
  return {
    store,
    dir,
    path,
    reopen() {
      if (store.db.open) store.close();
      return tempStore(dir);
    },
    cleanup() {
      if (store.db.open) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addProvider(store: Store, overrides: Partial<NewProvider> = {}): number {
  return store.providers.create(
    { name: 'idp', url: 'https://idp.test/jwks', kind: 'jwks', profile: 'core', intervalSeconds: 60, ...overrides },
    T0,
  ).id;
}

export interface PollOptions {
  outcome?: PollOutcome;
  report?: CheckReport;
  etag?: string;
  lastModified?: string;
  cacheControl?: string;
  notModified?: boolean;
  errorMessage?: string;
}

/** Records one poll of `value` (a JWKS) at `now`. */
export function poll(
  store: Store,
  providerId: number,
  now: number,
  value: unknown,
  options: PollOptions = {},
  recordOptions?: RecordPollOptions,
): RecordPollResult {
  return recordPoll(store.poll, pollInput(providerId, now, value, options), recordOptions);
}

/** The recorder's input for one poll of `value` (a JWKS) at `now`. */
export function pollInput(providerId: number, now: number, value: unknown, options: PollOptions = {}): RecordPollInput {
  return {
    provider: { id: providerId },
    outcome: options.outcome ?? 'ok',
    ...(options.report !== undefined ? { report: options.report } : value !== undefined && { report: report(value) }),
    fetch: {
      notModified: options.notModified ?? false,
      headers: {
        ...(options.etag !== undefined && { etag: options.etag }),
        ...(options.lastModified !== undefined && { lastModified: options.lastModified }),
        ...(options.cacheControl !== undefined && { cacheControl: options.cacheControl }),
      },
    },
    ...(options.errorMessage !== undefined && { errorMessage: options.errorMessage }),
    now,
  };
}

export function eventTypes(result: RecordPollResult): string[] {
  return result.events.map((e) => e.type);
}

/** An event's data as a record (payloads are JSON objects). */
export function dataOf(event: { readonly data: unknown } | undefined): Record<string, unknown> {
  return isRecord(event?.data) ? { ...event.data } : {};
}
