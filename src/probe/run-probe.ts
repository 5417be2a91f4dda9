/**
 * One poll of one registered provider: fetch (conditionally, with an unconditional fetch every Nth poll so a
 * broken validator is still caught), judge with the engine, record in one transaction. Dependencies are passed
 * in; no timers, no SQL here.
 */
import type { Engine } from '../checks/engine.js';
import type { CheckReport } from '../checks/report.js';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../checks/types.js';
import { AppError } from '../errors.js';
import type { FetchOptions } from '../fetch/fetcher.js';
import type {
  BodyNotHeld,
  CallerSignal,
  ConditionalValidators,
  FetchResult,
  JudgedFetch,
  ResponseHeaders,
} from '../fetch/types.js';
import {
  recordPollWith,
  type PollRecorder,
  type RecordPollInput,
  type RecordPollResult,
} from '../history/record-poll.js';
import type { RecorderSettings } from '../history/types.js';
import type { PollTarget } from '../store/providers-repository.js';
import { Interner } from '../util/interner.js';
import { LruCache } from '../util/lru-cache.js';
import { checkTarget, isSuccess, type TargetOutcome } from './check-target.js';
import { BodyNotHeldError } from './loaded-document.js';

export interface ProbeDeps {
  fetch(url: string, options?: FetchOptions): Promise<FetchResult>;
  readonly engine: Engine;
  now(): number;
  /** Where polls are written: the store on the main thread, or the main thread from a poll worker. */
  readonly recorder: PollRecorder;
  readonly memory: DocumentMemory;
  readonly recorderSettings: RecorderSettings;
  /** Every Nth fetch of a URL is unconditional. */
  readonly unconditionalEvery: number;
}

export interface ProbeResult {
  readonly outcome: TargetOutcome;
  readonly recorded: RecordPollResult;
}

/**
 * A 200 with validators (without them no conditional request is sent, so no 304 can stand for it). Its bytes are
 * not kept: a 304 is judged by their SHA-256, which is all the engine's remembered verdict and an unchanged poll's
 * record need. When more is needed, the document is fetched again (BodyNotHeldError, CheckedPoll.bytesHeld).
 */
export interface Remembered {
  /** The 200's length, for the rules that read it (`transport.body.size`). */
  readonly body: BodyNotHeld;
  readonly sha256: string;
  /** The 200's headers but Date and Age: a 304 is judged as that response, updated by the 304's own headers. */
  readonly headers: FetchResult['headers'];
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  fetches: number;
}

const HTTP_OK = 200;

/** The last 200's digest and validators per URL that has validators, so a 304 can be judged without refetching. */
export type DocumentMemory = LruCache<string, Remembered>;

export function createDocumentMemory(maxEntries: number): DocumentMemory {
  return new LruCache<string, Remembered>(maxEntries);
}

/** Poll targets are long-lived (cached per provider), so their options object is built once per target. */
const targetOptions = new WeakMap<PollTarget, CheckOptions>();

function checkOptionsFor(provider: Pick<PollTarget, 'minKeys' | 'maxKeys'>): CheckOptions {
  if (provider.minKeys === undefined && provider.maxKeys === undefined) return DEFAULT_CHECK_OPTIONS;
  return { ...DEFAULT_CHECK_OPTIONS, minKeys: provider.minKeys, maxKeys: provider.maxKeys };
}

function optionsOf(target: PollTarget): CheckOptions {
  let options = targetOptions.get(target);
  if (options === undefined) {
    options = checkOptionsFor(target);
    targetOptions.set(target, options);
  }
  return options;
}

/** What a poll found, before it is written: the outcome, and the recorder's input. */
export interface CheckedPoll {
  readonly outcome: TargetOutcome;
  readonly input: RecordPollInput;
  /**
   * False when a 304 stood for bytes that were not kept: the report's documents (`jwksValue`, `discoveryValue`)
   * cannot be read, so the poll can be recorded only by the unchanged-poll update. See pollWithBytes.
   */
  readonly bytesHeld: boolean;
}

/**
 * The checking part of a poll: fetch (conditionally, unless `fresh`) and judge. Writes nothing. A 304 whose bytes
 * the judging turns out to need (the engine no longer remembers their verdict) makes it start again, fresh.
 */
export async function checkPoll(
  provider: PollTarget,
  deps: Omit<ProbeDeps, 'recorder'>,
  signal?: CallerSignal,
  fresh = false,
): Promise<CheckedPoll> {
  let jwksFetch: JudgedFetch | undefined;
  let bytesHeld = true;
  // Made only when a fetch answers with an error status: most polls never need it.
  let errorStatuses: Map<string, number> | undefined;
  let outcome: TargetOutcome;
  try {
    outcome = await checkTarget(
      provider.url,
      {
        async fetch(url) {
          jwksFetch = await fetchRemembering(url, deps, signal, fresh);
          if (!(jwksFetch.body instanceof Uint8Array)) bytesHeld = false;
          if (!isSuccess(jwksFetch.status)) (errorStatuses ??= new Map()).set(jwksFetch.url, jwksFetch.status);
          return jwksFetch;
        },
        readFile: refuseFiles,
        engine: deps.engine,
        now: () => new Date(deps.now()),
      },
      { profile: provider.profile, options: optionsOf(provider) },
    );
  } catch (error) {
    if (error instanceof BodyNotHeldError && !fresh) return checkPoll(provider, deps, signal, true);
    throw error;
  }
  // An abort is the service's own doing (shutdown, a cancelled check): it says nothing about the provider, so the
  // poll is not recorded. Recorded, it counted towards down and could page provider.down for an IdP that was up.
  if (signal?.aborted === true) throw new AppError('FETCH_ABORTED', `the poll of provider ${provider.id} was aborted`);
  // The last fetch of a target is its JWKS (discovery comes first), which is what history records.
  if (errorStatuses !== undefined) outcome = withHttpStatusError(outcome, errorStatuses);
  const { error } = outcome;
  // A poll answered with an error status is an unreachable poll, as a timeout is: it counts towards down
  // (DOWN_AFTER_FAILURES) and its findings are not news. Recorded with them, an endpoint that answered 503 every
  // other poll opened and resolved transport.status incidents on every poll, an alert each time.
  const report = error?.code === 'FETCH_HTTP_STATUS' ? undefined : outcome.report;
  const input: { -readonly [K in keyof RecordPollInput]: RecordPollInput[K] } = {
    provider: { id: provider.id },
    outcome: error === undefined ? 'ok' : error.code,
    now: deps.now(),
  };
  if (report !== undefined) input.report = report;
  if (jwksFetch !== undefined && error?.document !== 'jwks') input.fetch = jwksFetch;
  if (error !== undefined) input.errorMessage = error.message;
  return { outcome, input, bytesHeld };
}

/**
 * `outcome` with a FETCH_HTTP_STATUS error when a document it judged was answered with one of `errorStatuses` (a 304
 * to this monitor's own conditional request arrives as the remembered 200, so it is none). The report stays, for a caller who
 * asked for the poll's findings.
 */
function withHttpStatusError(outcome: TargetOutcome, errorStatuses: ReadonlyMap<string, number>): TargetOutcome {
  if (outcome.error !== undefined || outcome.report === undefined) return outcome;
  for (const document of outcome.report.documents) {
    const status = errorStatuses.get(document.source);
    if (status === undefined) continue;
    const name = document.kind === 'jwks' ? 'the JWK Set' : 'the discovery document';
    return {
      ...outcome,
      error: {
        code: 'FETCH_HTTP_STATUS',
        message: `${name} at ${document.source} answered HTTP ${status}`,
        document: document.kind,
      },
    };
  }
  return outcome;
}

/**
 * `checked`, or the poll checked again, fresh, when its report cannot be read in full: before the poll is recorded
 * in full (the history redacts, hashes and diffs the documents) or its report crosses a thread (a structured clone
 * reads every member).
 */
export async function pollWithBytes(
  checked: CheckedPoll,
  provider: PollTarget,
  deps: Omit<ProbeDeps, 'recorder'>,
  signal?: CallerSignal,
): Promise<CheckedPoll> {
  if (checked.bytesHeld) return checked;
  const refetched = await checkPoll(provider, deps, signal, true);
  // The refetch only fetches bytes for the record: it is not a second poll. Behind round-robin replicas with one
  // failing, the healthy one's 304 was followed by a refetch answered 503, and that refetch, recorded as the poll,
  // made every poll after a failure another failure: the provider went down (DOWN_AFTER_FAILURES) and paged, where
  // the same endpoint without an ETag alternated ok/failed and stayed up (review rotation #2). The 304 stands then.
  if (refetched.input.outcome !== 'ok' && checked.input.outcome === 'ok' && checked.input.fetch?.notModified === true) {
    return asStoredContent(checked);
  }
  return refetched;
}

/**
 * `checked`, a 304 of the JWKS, as a poll the recorder writes without the bytes: the content it holds stands for
 * them, with this poll's findings (the engine's verdict on those bytes, and the 304's transport) and validators. Its
 * report says it holds no JWKS value (`jwksParsed: false`), which the recorder takes as a 304 of the content it
 * has (src/history/record-poll.ts, `isNotModified`); nothing in it reads the bytes, so it can cross a thread.
 */
function asStoredContent(checked: CheckedPoll): CheckedPoll {
  const { report } = checked.input;
  if (report === undefined) return checked;
  const withoutValues: CheckReport = {
    kind: report.kind,
    profile: report.profile,
    findings: report.findings,
    keys: report.keys,
    skippedRules: report.skippedRules,
    documents: report.documents,
    jwksParsed: false,
  };
  return {
    outcome: { ...checked.outcome, report: withoutValues },
    input: { ...checked.input, report: withoutValues },
    bytesHeld: true,
  };
}

/**
 * One poll, checked and recorded. `fresh` (the API's "check now", whose report is returned whole): every document
 * is fetched without validators, so its bytes are read.
 */
export async function runProbe(
  provider: PollTarget,
  deps: ProbeDeps,
  signal?: CallerSignal,
  fresh = false,
): Promise<ProbeResult> {
  const checked = await checkPoll(provider, deps, signal, fresh);
  // The outcome returned is that of the poll recorded: the one checked again, if it had to be.
  let { outcome } = checked;
  const recorded = await recordPollWith(deps.recorder, checked.input, deps.recorderSettings, async () => {
    const withBytes = await pollWithBytes(checked, provider, deps, signal);
    outcome = withBytes.outcome;
    return withBytes.input;
  });
  return { outcome, recorded };
}

function refuseFiles(): Promise<Uint8Array> {
  return Promise.reject(new AppError('INPUT_UNREADABLE', 'providers are URLs, never files'));
}

async function fetchRemembering(
  url: string,
  deps: Omit<ProbeDeps, 'recorder'>,
  signal: CallerSignal | undefined,
  fresh: boolean,
): Promise<JudgedFetch> {
  const known = deps.memory.get(url);
  const conditional =
    !fresh &&
    known !== undefined &&
    known.fetches % deps.unconditionalEvery !== 0 &&
    (known.etag !== undefined || known.lastModified !== undefined);
  const options: { validators?: ConditionalValidators; signal?: CallerSignal } = {};
  if (conditional) options.validators = validatorsOf(known);
  if (signal !== undefined) options.signal = signal;
  const result = await deps.fetch(url, options);
  if (result.notModified && known !== undefined) {
    known.fetches++;
    // The stored response stands, with the 304's headers laid over it (RFC 9111 §4.3.4). Judging the bare 304
    // instead would skip the rules that read a 200's headers (CORS, content type) and make findings flap
    // between conditional and unconditional polls.
    const judged: { -readonly [K in keyof JudgedFetch]: JudgedFetch[K] } = {
      requestedUrl: result.requestedUrl,
      url: result.url,
      redirects: result.redirects,
      status: HTTP_OK,
      headers: overlaid(known.headers, result.headers),
      timings: result.timings,
      body: known.body,
      sha256: known.sha256,
      notModified: true,
    };
    if (result.tls !== undefined) judged.tls = result.tls;
    return judged;
  }
  if (result.status === HTTP_OK) {
    const remembered = rememberedOf(result, (known?.fetches ?? 0) + 1);
    if (remembered !== undefined) deps.memory.set(url, remembered);
    else if (known !== undefined) deps.memory.delete(url);
  }
  return result;
}

/** What the document memory keeps of a 200 that has validators; undefined without them. */
export function rememberedOf(result: FetchResult, fetches: number): Remembered | undefined {
  const { headers, body } = result;
  if (headers.etag === undefined && headers.lastModified === undefined) return undefined;
  return {
    body: { byteLength: body.byteLength },
    sha256: result.sha256,
    headers: storedHeaders(headers),
    etag: headers.etag,
    lastModified: headers.lastModified,
    fetches,
  };
}

/**
 * The headers kept with a remembered 200: all but Date and Age, which describe one response (the 304 that stands
 * for it brings its own). Listed by name, so a header added to ResponseHeaders does not compile until it is placed
 * here; copied in a loop, not by an object rest, which costs far more on a path that runs on every 200.
 *
 * 'shared': values a fleet repeats (`application/json`, a Cache-Control policy, `*`) are kept as one copy each,
 * where each response brings its own (about 1 MB for 12,000 remembered 200s). 'own': validators and dates differ
 * per document.
 */
const STORED_HEADERS = {
  contentType: 'shared',
  cacheControl: 'shared',
  expires: 'own',
  etag: 'own',
  lastModified: 'own',
  vary: 'shared',
  accessControlAllowOrigin: 'shared',
  date: false,
  age: false,
} as const satisfies Record<keyof ResponseHeaders, 'shared' | 'own' | false>;
const STORED_HEADER_NAMES = (Object.keys(STORED_HEADERS) as (keyof ResponseHeaders)[]).filter(
  (name) => STORED_HEADERS[name] !== false,
);
const SHARED_HEADER_VALUES = 1_024;
const sharedHeaderValues = new Interner<string>(SHARED_HEADER_VALUES);

function storedHeaders(headers: ResponseHeaders): ResponseHeaders {
  const kept: { -readonly [K in keyof ResponseHeaders]: ResponseHeaders[K] } = {};
  for (const name of STORED_HEADER_NAMES) {
    const value = headers[name];
    if (value === undefined) continue;
    kept[name] = STORED_HEADERS[name] === 'shared' ? sharedHeaderValues.of(value, () => value) : value;
  }
  return kept;
}

function validatorsOf(known: Remembered): ConditionalValidators {
  const validators: { etag?: string; lastModified?: string } = {};
  if (known.etag !== undefined) validators.etag = known.etag;
  if (known.lastModified !== undefined) validators.lastModified = known.lastModified;
  return validators;
}

/** The stored headers with the 304's own laid over them (a header the 304 leaves out keeps its stored value). */
function overlaid(stored: ResponseHeaders, fresh: ResponseHeaders): ResponseHeaders {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(stored)) if (value !== undefined) headers[name] = value;
  for (const [name, value] of Object.entries(fresh)) if (value !== undefined) headers[name] = value;
  return headers;
}
