/**
 * One poll of one registered provider: fetch (conditionally, with an unconditional fetch every Nth poll so a
 * broken validator is still caught), judge with the engine, record in one transaction. Dependencies are passed
 * in; no timers, no SQL here.
 */
import type { Engine } from '../checks/engine.js';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../checks/types.js';
import { AppError } from '../errors.js';
import type { FetchOptions } from '../fetch/fetcher.js';
import type { FetchResult } from '../fetch/types.js';
import { recordPoll, type PollStore, type RecordPollResult } from '../history/record-poll.js';
import type { RecorderSettings } from '../history/types.js';
import type { ProviderRecord } from '../store/providers-repository.js';
import { LruCache } from '../util/lru-cache.js';
import { checkTarget, type TargetOutcome } from './check-target.js';

export interface ProbeDeps {
  fetch(url: string, options?: FetchOptions): Promise<FetchResult>;
  readonly engine: Engine;
  now(): number;
  readonly pollStore: PollStore;
  readonly memory: DocumentMemory;
  readonly recorderSettings: RecorderSettings;
  /** Every Nth fetch of a URL is unconditional. */
  readonly unconditionalEvery: number;
}

export interface ProbeResult {
  readonly outcome: TargetOutcome;
  readonly recorded: RecordPollResult;
}

interface Remembered {
  readonly body: Uint8Array;
  readonly sha256: string;
  /** The 200's status and headers: a 304 is judged as that response, updated by the 304's own headers. */
  readonly status: number;
  readonly headers: FetchResult['headers'];
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  fetches: number;
}

/** The last body and validators per URL, so a 304 can be judged without refetching. */
export type DocumentMemory = LruCache<string, Remembered>;

export function createDocumentMemory(maxEntries: number): DocumentMemory {
  return new LruCache<string, Remembered>(maxEntries);
}

export function checkOptionsFor(provider: Pick<ProviderRecord, 'minKeys' | 'maxKeys'>): CheckOptions {
  if (provider.minKeys === undefined && provider.maxKeys === undefined) return DEFAULT_CHECK_OPTIONS;
  return { ...DEFAULT_CHECK_OPTIONS, minKeys: provider.minKeys, maxKeys: provider.maxKeys };
}

export async function runProbe(provider: ProviderRecord, deps: ProbeDeps, signal?: AbortSignal): Promise<ProbeResult> {
  let jwksFetch: FetchResult | undefined;
  const conditionalFetch = async (url: string): Promise<FetchResult> => {
    const result = await fetchRemembering(url, deps, signal);
    jwksFetch = result;
    return result;
  };
  const outcome = await checkTarget(
    provider.url,
    {
      fetch: conditionalFetch,
      readFile: () => Promise.reject(new AppError('INPUT_UNREADABLE', 'providers are URLs, never files')),
      engine: deps.engine,
      now: () => new Date(deps.now()),
    },
    { profile: provider.profile, options: checkOptionsFor(provider) },
  );
  // The last fetch of a target is its JWKS (discovery comes first), which is what history records.
  const recorded = recordPoll(
    deps.pollStore,
    {
      provider: { id: provider.id },
      outcome: outcome.error === undefined ? 'ok' : outcome.error.code,
      ...(outcome.report !== undefined && { report: outcome.report }),
      ...(jwksFetch !== undefined && outcome.error?.document !== 'jwks' && { fetch: jwksFetch }),
      ...(outcome.error !== undefined && { errorMessage: outcome.error.message }),
      now: deps.now(),
    },
    { settings: deps.recorderSettings },
  );
  return { outcome, recorded };
}

async function fetchRemembering(url: string, deps: ProbeDeps, signal: AbortSignal | undefined): Promise<FetchResult> {
  const known = deps.memory.get(url);
  const conditional =
    known !== undefined &&
    known.fetches % deps.unconditionalEvery !== 0 &&
    (known.etag !== undefined || known.lastModified !== undefined);
  const validators = conditional
    ? {
        ...(known.etag !== undefined && { etag: known.etag }),
        ...(known.lastModified !== undefined && { lastModified: known.lastModified }),
      }
    : undefined;
  const result = await deps.fetch(url, {
    ...(validators !== undefined && { validators }),
    ...(signal !== undefined && { signal }),
  });
  if (result.notModified && known !== undefined) {
    known.fetches++;
    // The stored response stands, with the 304's headers laid over it (RFC 9111 §4.3.4). Judging the bare 304
    // instead would skip the rules that read a 200's headers (CORS, content type) and make findings flap
    // between conditional and unconditional polls.
    return {
      ...result,
      status: known.status,
      headers: { ...known.headers, ...definedHeaders(result.headers) },
      body: known.body,
      sha256: known.sha256,
    };
  }
  if (result.status === 200) {
    deps.memory.set(url, {
      body: result.body,
      sha256: result.sha256,
      status: result.status,
      headers: result.headers,
      etag: result.headers.etag,
      lastModified: result.headers.lastModified,
      fetches: (known?.fetches ?? 0) + 1,
    });
  }
  return result;
}

function definedHeaders(headers: FetchResult['headers']): FetchResult['headers'] {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined));
}
