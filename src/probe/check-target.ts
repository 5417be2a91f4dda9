/**
 * One target, end to end: work out what it is (issuer, discovery URL, JWKS URL or file), get the bytes, and
 * judge them. Getting is I/O through the injected `fetch`/`readFile`; judging is the engine's.
 */
import { createHash } from 'node:crypto';
import { ruleById } from '../checks/catalogue.js';
import type { Engine, EvaluationRequest } from '../checks/engine.js';
import type { CheckReport, DocumentFacts } from '../checks/report.js';
import type { CheckOptions, DiscoveryFlavour, DocumentKind, Finding, Profile } from '../checks/types.js';
import { findingsForFetchError } from '../checks/transport/fetch-error-findings.js';
import { classifyTargetUrl, type TargetUrl } from '../discovery/index.js';
import { isAppError, type ErrorCode } from '../errors.js';
import type { JudgedFetch } from '../fetch/types.js';
import { displayUrl, urlForMessage } from '../fetch/url-rules.js';
import { LruCache } from '../util/lru-cache.js';
import { LoadedDocument, type LoadedDiscovery } from './loaded-document.js';

const TARGET_KINDS_REMEMBERED = 50_000;

export interface CheckTargetDeps {
  fetch(url: string): Promise<JudgedFetch>;
  readFile(path: string): Promise<Uint8Array>;
  readonly engine: Engine;
  now(): Date;
}

export interface CheckTargetSettings {
  /** Undefined: core for a JWKS, oidc when a discovery document is involved. */
  readonly profile: Profile | undefined;
  readonly options: CheckOptions;
}

export interface TargetError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Which document could not be had. */
  readonly document?: DocumentKind;
}

export interface TargetOutcome {
  readonly target: string;
  /** Present whenever at least one document was read. */
  readonly report?: CheckReport;
  /** Set when a document could not be fetched or read: the verdict is then incomplete. */
  readonly error?: TargetError;
}

export interface LoadedTarget {
  readonly jwks?: LoadedDocument;
  readonly discovery?: LoadedDiscovery;
  readonly error?: TargetError;
  /** Findings that come from a failed fetch (e.g. a TLS failure is `transport.tls.certificate`). */
  readonly fetchFindings: readonly Finding[];
}

export async function checkTarget(
  target: string,
  deps: CheckTargetDeps,
  settings: CheckTargetSettings,
): Promise<TargetOutcome> {
  const loaded = isUrl(target) ? await loadUrl(target, deps) : await loadFile(target, deps);
  if (loaded.jwks === undefined && loaded.discovery === undefined) {
    // Nothing was read, but a failed fetch may still be a finding (an untrusted certificate, a timeout).
    const report: CheckReport | undefined =
      loaded.fetchFindings.length === 0
        ? undefined
        : {
            kind: loaded.error?.document ?? 'jwks',
            profile: settings.profile ?? 'core',
            findings: loaded.fetchFindings,
            keys: [],
            skippedRules: [],
            documents: [],
            jwksParsed: false,
          };
    return {
      target,
      ...(report !== undefined && { report }),
      ...(loaded.error !== undefined && { error: loaded.error }),
    };
  }
  return {
    target,
    report: judge(loaded, deps, settings),
    ...(loaded.error !== undefined && { error: loaded.error }),
  };
}

export function judge(
  loaded: LoadedTarget,
  deps: Pick<CheckTargetDeps, 'engine' | 'now'>,
  settings: CheckTargetSettings,
): CheckReport {
  const profile = settings.profile ?? (loaded.discovery !== undefined ? 'oidc' : 'core');
  const { jwks, discovery } = loaded;
  // Literals rather than spreads: this runs on every poll, and object spread costs ~40x a literal on Node 20.
  const request: { -readonly [K in keyof EvaluationRequest]: EvaluationRequest[K] } = {
    profile,
    options: settings.options,
    now: deps.now(),
  };
  if (jwks !== undefined) request.jwks = jwks;
  if (discovery !== undefined) request.discovery = discovery;
  const evaluation = deps.engine.evaluate(request);
  const documents: DocumentFacts[] = [];
  if (discovery !== undefined) documents.push(facts('discovery', discovery));
  if (jwks !== undefined) documents.push(facts('jwks', jwks));
  return {
    kind: discovery !== undefined ? 'discovery' : 'jwks',
    profile,
    // The engine's own array when nothing is added: an unchanged poll then hands the recorder the same array.
    findings:
      loaded.fetchFindings.length === 0 ? evaluation.findings : [...loaded.fetchFindings, ...evaluation.findings],
    keys: evaluation.keys,
    skippedRules: evaluation.skippedRules,
    documents,
    // An error page is no key set, even when it is JSON (`503 {"error": …}`): read as one, it would look like every
    // key removed. A 304 arrives here as the remembered 200.
    jwksParsed: jwks?.outline.ok === true && (jwks.fetch === undefined || isSuccess(jwks.fetch.status)),
    // Getters: the values are parsed only when read (an unchanged poll is recorded without them).
    get jwksValue() {
      return jwks?.parsed.ok === true ? jwks.parsed.value : undefined;
    },
    get discoveryValue() {
      return discovery?.parsed.ok === true ? discovery.parsed.value : undefined;
    },
  };
}

/** A 2xx status: what a document must be answered with to be read as one. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function facts(kind: DocumentKind, doc: LoadedDocument): DocumentFacts {
  return { kind, source: doc.fetch?.url ?? doc.source, sha256: doc.sha256, bytes: doc.body.byteLength };
}

async function loadFile(path: string, deps: CheckTargetDeps): Promise<LoadedTarget> {
  let bytes: Uint8Array;
  try {
    bytes = await deps.readFile(path);
  } catch (error) {
    return { error: toTargetError(error), fetchFindings: [] };
  }
  const doc = new LoadedDocument(path, bytes, createHash('sha256').update(bytes).digest('hex'), deps.engine);
  // A discovery file's jwks_uri is not fetched: its xdoc rules are skipped.
  return doc.outline.kind === 'discovery'
    ? { discovery: doc.asDiscovery(undefined, undefined), fetchFindings: [] }
    : { jwks: doc, fetchFindings: [] };
}

/** What loadUrl reads of a URL's classification: not the URL itself, which the caller holds already. */
type TargetRoute =
  | { readonly kind: 'jwks'; readonly candidates: readonly [] }
  | { readonly kind: 'invalid'; readonly reason: string; readonly candidates: readonly [] }
  | Pick<Exclude<TargetUrl, { kind: 'jwks' | 'invalid' }>, 'kind' | 'candidates'>;

/** One shared route for every URL that is a JWK Set by its look, the commonest kind in a fleet. */
const JWKS_ROUTE: TargetRoute = { kind: 'jwks', candidates: [] };

/**
 * What a URL is depends on the string alone; a service classifies the same few thousand URLs on every poll. The
 * remembered route leaves out the normalised URL that the classification returns: kept for 20,000 providers, that
 * copy and an empty candidates array each were about 3 MB.
 */
const targetRoutes = new LruCache<string, TargetRoute>(TARGET_KINDS_REMEMBERED);

function routeOf(url: string): TargetRoute {
  let route = targetRoutes.get(url);
  if (route === undefined) {
    const target = classifyTargetUrl(url);
    route =
      target.kind === 'jwks'
        ? JWKS_ROUTE
        : target.kind === 'invalid'
          ? { kind: 'invalid', reason: target.reason, candidates: [] }
          : { kind: target.kind, candidates: target.candidates };
    targetRoutes.set(url, route);
  }
  return route;
}

async function loadUrl(url: string, deps: CheckTargetDeps): Promise<LoadedTarget> {
  const target = routeOf(url);
  if (target.kind === 'invalid') {
    // Shown without credentials even though it does not parse: a mistyped URL must not put a password in a CI log.
    const shown = urlForMessage(displayUrl(url));
    return { error: { code: 'FETCH_INVALID_URL', message: `${shown}: ${target.reason}` }, fetchFindings: [] };
  }
  if (target.kind === 'discovery') return loadDiscoveryThenJwks(target.candidates, deps);

  const first = await fetchDocument(url, 'jwks', deps);
  if (!(first instanceof LoadedDocument)) return first;
  const kind = first.outline.kind;
  if (kind === 'discovery') return withJwksOf(first.asDiscovery(url, undefined), deps);
  if (kind === 'jwks' || target.kind === 'jwks') return { jwks: first, fetchFindings: [] };
  // Neither document: the URL is taken as an issuer, whose discovery document lives at a well-known URL.
  return loadDiscoveryThenJwks(target.candidates, deps, first);
}

/** Tries each discovery URL in turn (OpenID, then RFC 8414); the first that answers with a document wins. */
async function loadDiscoveryThenJwks(
  candidates: readonly { discoveryUrl: string; expectedIssuer: string; flavour: DiscoveryFlavour }[],
  deps: CheckTargetDeps,
  fallback?: LoadedDocument,
): Promise<LoadedTarget> {
  let lastFailure: LoadedTarget | undefined;
  for (const candidate of candidates) {
    const doc = await fetchDocument(candidate.discoveryUrl, 'discovery', deps);
    if (!(doc instanceof LoadedDocument)) {
      lastFailure = doc;
      continue;
    }
    const discovery = doc.asDiscovery(candidate.discoveryUrl, candidate.expectedIssuer, candidate.flavour);
    if (candidates.length > 1 && (doc.fetch?.status !== 200 || doc.outline.kind !== 'discovery')) {
      lastFailure = { discovery, fetchFindings: [] };
      continue;
    }
    return withJwksOf(discovery, deps);
  }
  if (fallback !== undefined) return { jwks: fallback, fetchFindings: [] };
  return (
    lastFailure ?? { error: { code: 'INPUT_UNRECOGNISED', message: 'no discovery document found' }, fetchFindings: [] }
  );
}

async function withJwksOf(discovery: LoadedDiscovery, deps: CheckTargetDeps): Promise<LoadedTarget> {
  const jwksUri = discovery.outline.jwksUri;
  if (jwksUri === undefined || !isUrl(jwksUri)) return { discovery, fetchFindings: [] };
  const jwks = await fetchDocument(jwksUri, 'jwks', deps);
  if (!(jwks instanceof LoadedDocument))
    return { discovery, ...(jwks.error !== undefined && { error: jwks.error }), fetchFindings: jwks.fetchFindings };
  return { discovery, jwks, fetchFindings: [] };
}

async function fetchDocument(
  url: string,
  document: DocumentKind,
  deps: CheckTargetDeps,
): Promise<LoadedDocument | LoadedTarget> {
  try {
    const fetch = await deps.fetch(url);
    return new LoadedDocument(url, fetch.body, fetch.sha256, deps.engine, fetch);
  } catch (error) {
    const targetError = { ...toTargetError(error), document };
    const mapped = findingsForFetchError(targetError.code, targetError.message);
    const rule = mapped === undefined ? undefined : ruleById(mapped.ruleId);
    const fetchFindings: Finding[] =
      mapped === undefined || rule === undefined
        ? []
        : [
            {
              ruleId: rule.id,
              severity: mapped.draft.severity ?? rule.severity,
              message: mapped.draft.message,
              pointer: '',
              document,
              spec: rule.spec,
            },
          ];
    return { error: targetError, fetchFindings };
  }
}

function toTargetError(error: unknown): TargetError {
  if (isAppError(error)) return { code: error.code, message: error.message };
  return { code: 'INPUT_UNREADABLE', message: error instanceof Error ? error.message : String(error) };
}

export function isUrl(target: string): boolean {
  return /^https?:\/\//i.test(target);
}
