/**
 * Runs the catalogue over one target's documents. Pure apart from the in-memory caches: the same bytes under
 * the same settings cost a hash lookup (and are not even parsed: a document's `parsed` is read only on a miss),
 * and a key seen before (most keys survive a rotation) is not imported again. Transport rules read per-fetch facts
 * (status, headers, timings); their verdict is remembered while those facts repeat.
 */
import { analyzeKey, atIndex, keyContentHash, summarizeKey } from '../jwks/key-facts.js';
import type { KeyFacts, KeySummary } from '../jwks/types.js';
import type { JudgedFetch } from '../fetch/types.js';
import { parseDocument } from '../json/parse-document.js';
import type { ParsedDocument } from '../json/types.js';
import { isRecord } from '../json/guards.js';
import { Interner } from '../util/interner.js';
import { LruCache } from '../util/lru-cache.js';
import { CATALOGUE } from './catalogue.js';
import { MAX_FINDINGS_PER_RULE, MAX_KEYS_CHECKED, uncheckedKeysDraft, unlistedFindingsDraft } from './limits.js';
import { jwksKeyCount } from './set/key-count.js';
import { transportVerdictKey } from './transport/verdict-key.js';
import { resolveSeverity } from './severity.js';
import { scrubFindings, shownDocument, type ShownDocument } from './shown-document.js';
import {
  SKIP,
  SEVERITIES,
  type CheckOptions,
  type DiscoveryFlavour,
  type DocumentKind,
  type Finding,
  type FindingDraft,
  type Profile,
  type Rule,
  type RuleInputs,
  type RuleScope,
  type Severity,
  type TransportKeyFacts,
} from './types.js';

export interface JwksDocumentInput {
  /** Read only when the content has no remembered verdict, so it may be a getter that parses on first read. */
  readonly parsed: ParsedDocument;
  /** Hex SHA-256 of the bytes (the cache key). */
  readonly sha256: string;
  /** Absent for a file: transport rules are then skipped. */
  readonly fetch?: JudgedFetch;
}

export interface DiscoveryDocumentInput extends JwksDocumentInput {
  readonly discoveryUrl: string | undefined;
  readonly expectedIssuer: string | undefined;
  readonly flavour: DiscoveryFlavour;
}

export interface EvaluationRequest {
  readonly profile: Profile;
  readonly options: CheckOptions;
  readonly now: Date;
  readonly jwks?: JwksDocumentInput;
  readonly discovery?: DiscoveryDocumentInput;
}

export interface Evaluation {
  readonly findings: readonly Finding[];
  /** One entry per element of the JWKS `keys` array up to MAX_KEYS_CHECKED (empty without a JWKS). */
  readonly keys: readonly KeySummary[];
  /** Rules with no input, or that returned SKIP for all of it, or that are 'off' under the profile. */
  readonly skippedRules: readonly string[];
}

export interface EngineOptions {
  readonly rules?: readonly Rule[];
  /** Distinct documents whose verdict is remembered (each entry is one or two KB). */
  readonly documentCacheEntries?: number;
  /** Distinct keys whose facts are remembered (each entry is a few KB). */
  readonly keyCacheEntries?: number;
  /** Distinct documents kept parsed. */
  readonly parseCacheEntries?: number;
  /**
   * How long a cached verdict stands. Certificate-expiry rules read the clock, so a verdict cannot stand forever;
   * an hour is far below the warning window (days) those rules use.
   */
  readonly cacheTtlMs?: number;
}

export interface Engine {
  /** Parses a document's bytes, remembering the last few by SHA-256 (a burst of checks of one document parses once). */
  parse(bytes: Uint8Array, sha256: string): ParsedDocument;
  evaluate(request: EvaluationRequest): Evaluation;
}

/**
 * Sized to hold a whole fleet of 20,000 providers polled every minute (issue 7) with room for rotations, so
 * unchanged content is never judged again: a document that is not held is parsed and judged again on every poll.
 * A verdict keeps findings and key summaries, not the parsed document or the key facts: about 1.5 KB at the bench
 * fleet's 20,000 providers (heap snapshot of 2026-11-23), where keeping the facts cost about 5 KB.
 */
const DEFAULT_DOCUMENT_CACHE_ENTRIES = 25_000;
/**
 * Keys are analysed only when a document's content has no verdict (a new or changed document), so this needs to
 * span the documents that change between two polls of a provider, not the fleet: at 20,000 providers a minute with
 * 2% changing, 400 documents of two or three keys (and the cache holds up to twice this). Facts hold the key's
 * members and decoded bytes (a few KB).
 */
const DEFAULT_KEY_CACHE_ENTRIES = 2_048;
/** A parse is needed only when a verdict is not remembered, and then once per poll (the document memoises it). */
const DEFAULT_PARSE_CACHE_ENTRIES = 256;
const DEFAULT_CACHE_TTL_MS = 60 * 60 * 1000;
/**
 * Transport verdicts remembered per document of a content: a provider with validators alternates between 304s and
 * the periodic unconditional 200, whose facts differ.
 */
const TRANSPORT_SLOTS = 2;
const SHARED_TRANSPORT_KEYS = 256;
/** Distinct finding texts shared at once; texts naming a kid or a size do not repeat. */
const SHARED_TEXTS = 4_096;
/** Distinct sets (and lists) of rule ids shared: a fleet's verdicts come in a few dozen shapes. */
const INTERNED_RULE_SETS = 1_024;

interface ContentVerdict {
  readonly findings: readonly Finding[];
  readonly keys: readonly KeySummary[];
  /** What the transport rules read of the JWKS keys (empty when there is no keys array). */
  readonly transportKeys: readonly TransportKeyFacts[];
  /** Rule ids that produced a verdict (pass or findings) on the content. */
  readonly evaluated: ReadonlySet<string>;
  readonly expiresAt: number;
  /**
   * The transport verdicts last worked out for fetches of this content's JWKS and discovery document, most recent
   * first, by memo key. Members of the verdict rather than an object of their own, as are the last evaluation's:
   * each object held per provider costs its header and fields again (about 1.7 MB at 20,000 providers).
   */
  jwksSlots: readonly TransportSlot[];
  discoverySlots: readonly TransportSlot[];
  /** The last evaluation built on this verdict, and the transport verdicts it combined. */
  lastEvaluation: Evaluation | undefined;
  lastJwksVerdict: TransportVerdict | undefined;
  lastDiscoveryVerdict: TransportVerdict | undefined;
}

interface TransportVerdict {
  readonly findings: readonly Finding[];
  readonly evaluated: ReadonlySet<string>;
  readonly expiresAt: number;
}

interface TransportSlot {
  /** transportVerdictKey's key: a digest of the facts (see verdict-key.ts), held by up to two slots per provider. */
  readonly key: string;
  readonly verdict: TransportVerdict;
}

type ScopeGroups = { readonly [S in RuleScope]: readonly Rule<S>[] };

export function createEngine(options: EngineOptions = {}): Engine {
  const groups = groupByScope(options.rules ?? CATALOGUE);
  const ttlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const interned = createInterner();
  const allRuleIds = [...new Set((options.rules ?? CATALOGUE).map((r) => r.id))].sort();
  const documentCache = new LruCache<string, ContentVerdict>(
    options.documentCacheEntries ?? DEFAULT_DOCUMENT_CACHE_ENTRIES,
  );
  const keyCache = new LruCache<string, KeyFacts>(options.keyCacheEntries ?? DEFAULT_KEY_CACHE_ENTRIES);
  const parseCache = new LruCache<string, ParsedDocument>(options.parseCacheEntries ?? DEFAULT_PARSE_CACHE_ENTRIES);

  function factsFor(value: unknown, index: number, privateValues: 'redacted' | 'kept'): KeyFacts {
    // By content alone, not by index: a rotation that adds a key in front of the kept ones moves each of them to
    // another place in the array, and importing them and parsing their certificates again is the cost. A digest,
    // not the JSON itself: the cache holds tens of thousands of keys, and an RSA key with x5c serialises to ~2 KB.
    const digest = keyContentHash(value);
    const cacheKey = privateValues === 'kept' ? `kept ${digest}` : digest;
    const cached = keyCache.get(cacheKey);
    if (cached !== undefined) return cached.index === index ? cached : atIndex(cached, index);
    const facts = analyzeKey(value, index, privateValues);
    keyCache.set(cacheKey, facts);
    return facts;
  }

  function judgeContent(request: EvaluationRequest): ContentVerdict {
    // Inputs are built as literals, once per document or key: object spread costs ~40x a literal on Node 20.
    const { profile, options: opts, now } = request;
    const sink = new FindingSink(profile);
    const { jwks, discovery } = request;
    const privateValues = opts.privateKeyMode ? 'kept' : 'redacted';
    const shownJwks = jwks === undefined ? undefined : shownFor(jwks.parsed, privateValues);
    const shownDiscovery = discovery === undefined ? undefined : shownFor(discovery.parsed, privateValues);

    for (const [document, shown] of [
      ['jwks', shownJwks],
      ['discovery', shownDiscovery],
    ] as const) {
      if (shown === undefined) continue;
      const { parsed, privateValues: found } = shown;
      const documentInput = { profile, options: opts, now, document, parsed, privateValues: found };
      for (const rule of groups.document) sink.run(rule, document, documentInput);
    }

    // The keys as published: their facts keep the private members' names, and show the rest redacted.
    const keyValues = jwks !== undefined ? keysArrayOf(jwks.parsed) : undefined;
    // Keys past the ceiling are neither analysed nor summarised: a set is a handful of keys, and each costs key
    // rules, an import and a summary (see limits.ts). One finding says which keys were left out.
    const judged =
      keyValues !== undefined && keyValues.length > MAX_KEYS_CHECKED ? keyValues.slice(0, MAX_KEYS_CHECKED) : keyValues;
    const keys = judged?.map((value, index) => factsFor(value, index, privateValues)) ?? [];
    if (keyValues !== undefined) {
      for (const key of keys) {
        const keyInput = { profile, options: opts, now, key };
        for (const rule of groups.key) sink.run(rule, 'jwks', keyInput, key);
      }
      const setInput = { profile, options: opts, now, keys };
      for (const rule of groups.set) sink.run(rule, 'jwks', setInput);
      if (keyValues.length > MAX_KEYS_CHECKED) sink.note(jwksKeyCount, 'jwks', uncheckedKeysDraft(keyValues.length));
    }

    const shownDiscoveryValue = shownDiscovery?.parsed.ok === true ? shownDiscovery.parsed.value : undefined;
    const discoveryDoc = isRecord(shownDiscoveryValue) ? shownDiscoveryValue : undefined;
    if (discovery !== undefined && discoveryDoc !== undefined) {
      const input = {
        profile,
        options: opts,
        now,
        doc: discoveryDoc,
        discoveryUrl: discovery.discoveryUrl,
        expectedIssuer: discovery.expectedIssuer,
        flavour: discovery.flavour,
      };
      for (const rule of groups.discovery) sink.run(rule, 'discovery', input);
      if (keyValues !== undefined) {
        const xdocInput = { profile, options: opts, now, discovery: discoveryDoc, keys, flavour: discovery.flavour };
        for (const rule of groups.xdoc) sink.run(rule, 'discovery', xdocInput);
      }
    }
    const removedValues = [...(shownJwks?.removedValues ?? []), ...(shownDiscovery?.removedValues ?? [])];
    return {
      findings: held(scrubFindings(sink.done(), removedValues)),
      keys: keys.map(summarizeKey),
      transportKeys: transportKeysOf(keys),
      evaluated: interned.set(sink.evaluated),
      expiresAt: request.now.getTime() + ttlMs,
      jwksSlots: EMPTY,
      discoverySlots: EMPTY,
      // Declared here although set later: a property added to an object after its literal goes to a separate
      // store of its own (about 40 bytes more for each of 20,000 verdicts).
      lastEvaluation: undefined,
      lastJwksVerdict: undefined,
      lastDiscoveryVerdict: undefined,
    };
  }

  function contentVerdict(request: EvaluationRequest): ContentVerdict {
    const cacheKey = contentCacheKey(request);
    const cached = documentCache.get(cacheKey);
    if (cached !== undefined && cached.expiresAt > request.now.getTime()) return cached;
    const verdict = judgeContent(request);
    documentCache.set(cacheKey, verdict);
    return verdict;
  }

  return {
    parse(bytes, sha256) {
      const cached = parseCache.get(sha256);
      if (cached !== undefined) return cached;
      const parsed = parseDocument(bytes);
      parseCache.set(sha256, parsed);
      return parsed;
    },
    evaluate(request) {
      const content = contentVerdict(request);
      const jwksVerdict = transportVerdict(request, 'jwks', request.jwks, content);
      const discoveryVerdict = transportVerdict(request, 'discovery', request.discovery, content);
      // The same content and transport verdicts as last time give the same evaluation: an unchanged poll reuses
      // it (and its findings array, which the recorder's signature memo recognises).
      const last = content.lastEvaluation;
      if (
        last !== undefined &&
        content.lastJwksVerdict === jwksVerdict &&
        content.lastDiscoveryVerdict === discoveryVerdict
      )
        return last;
      const transportFindings = [...(jwksVerdict?.findings ?? []), ...(discoveryVerdict?.findings ?? [])];
      const skippedRules = interned.list(
        allRuleIds.filter(
          (id) =>
            !content.evaluated.has(id) &&
            jwksVerdict?.evaluated.has(id) !== true &&
            discoveryVerdict?.evaluated.has(id) !== true,
        ),
      );
      const findings =
        transportFindings.length === 0
          ? content.findings
          : held(sortFindings([...content.findings, ...transportFindings]));
      const evaluation = { findings, keys: content.keys, skippedRules };
      content.lastEvaluation = evaluation;
      content.lastJwksVerdict = jwksVerdict;
      content.lastDiscoveryVerdict = discoveryVerdict;
      return evaluation;
    },
  };

  /** The transport rules' verdict on one document's fetch, remembered while the fetch's facts repeat. */
  function transportVerdict(
    request: EvaluationRequest,
    document: DocumentKind,
    input: JwksDocumentInput | undefined,
    content: ContentVerdict,
  ): TransportVerdict | undefined {
    const fetch = input?.fetch;
    if (fetch === undefined) return undefined;
    const { profile, options: opts, now } = request;
    const keys = document === 'jwks' ? content.transportKeys : undefined;
    const memo = transportVerdictKey(fetch, opts, now);
    // Kept on the content verdict: the keys are the content's (cache-control reads them).
    const slots = document === 'jwks' ? content.jwksSlots : content.discoverySlots;
    if (memo !== undefined) {
      for (const slot of slots)
        if (slot.key === memo.key && slot.verdict.expiresAt > now.getTime()) return slot.verdict;
    }
    const sink = new FindingSink(profile);
    const transportInput = { profile, options: opts, now, document, fetch, keys };
    for (const rule of groups.transport) sink.run(rule, document, transportInput);
    const verdict: TransportVerdict = {
      findings: held(sink.done()),
      evaluated: interned.set(sink.evaluated),
      expiresAt: Math.min(now.getTime() + ttlMs, memo?.stableUntil ?? 0),
    };
    if (memo !== undefined) {
      const kept = remembered(slots, { key: memo.key, verdict });
      if (document === 'jwks') content.jwksSlots = kept;
      else content.discoverySlots = kept;
    }
    return verdict;
  }
}

/** A document as its rules see it: private values redacted, unless they are what is judged (private-key mode). */
function shownFor(parsed: ParsedDocument, privateValues: 'redacted' | 'kept'): ShownDocument {
  return privateValues === 'kept' ? { parsed, privateValues: [], removedValues: [] } : shownDocument(parsed);
}

/**
 * `slots` with `slot` first, without any older slot of its key, and at most TRANSPORT_SLOTS long. A new array of
 * exactly that length (see held): one grown in place keeps room for more (held for every provider).
 */
function remembered(slots: readonly TransportSlot[], slot: TransportSlot): readonly TransportSlot[] {
  const kept = [slot];
  for (const older of slots) if (kept.length < TRANSPORT_SLOTS && older.key !== slot.key) kept.push(older);
  return held(kept);
}

/**
 * `items` in an array of exactly their number, for arrays a remembered verdict keeps. V8 grows an array that is
 * pushed to by at least 16 slots, so a list of one or two findings built by push took 152 bytes where 24 or 32 do;
 * a copy by slice is allocated at its length. Across 20,000 verdicts that was about 8 MB.
 */
function held<T>(items: readonly T[]): readonly T[] {
  return items.length === 0 ? EMPTY : items.slice();
}

/** Frozen: shared by every verdict without findings, so a change to it anywhere would be a change to all. */
const EMPTY: readonly never[] = Object.freeze([]);

/** What keys are for comes in a handful of combinations; each is held once, not once per key of every provider. */
const sharedTransportKeys = new Interner<TransportKeyFacts>(SHARED_TRANSPORT_KEYS);

/** Lists of key uses repeat as much as the uses do (two signing keys, say): one copy of each list too. */
const sharedTransportKeyLists = new Interner<readonly TransportKeyFacts[]>(SHARED_TRANSPORT_KEYS);

function transportKeysOf(keys: readonly KeyFacts[]): readonly TransportKeyFacts[] {
  if (keys.length === 0) return EMPTY;
  const facts = keys.map(transportKeyFacts);
  return sharedTransportKeyLists.of(JSON.stringify(facts.map(transportKeyId)), () => Object.freeze(facts));
}

/** JSON, so that no member's text can run into the next (a `key_ops` entry may hold a comma, `use` a NUL). */
function transportKeyId(key: TransportKeyFacts): string {
  return JSON.stringify([key.use ?? null, key.alg ?? null, key.keyOps ?? null]);
}

function transportKeyFacts(key: KeyFacts): TransportKeyFacts {
  return sharedTransportKeys.of(transportKeyId(key), () => ({
    use: key.use,
    alg: key.alg,
    keyOps: key.keyOps === undefined ? undefined : [...key.keyOps],
  }));
}

/**
 * One shared copy per distinct set of rule ids: every cached verdict keeps which rules it evaluated, and across a
 * fleet those sets come in a handful of shapes, so 20,000 verdicts share a few dozen sets instead of holding
 * their own.
 */
function createInterner() {
  const sets = new Interner<ReadonlySet<string>>(INTERNED_RULE_SETS);
  const lists = new Interner<readonly string[]>(INTERNED_RULE_SETS);
  return {
    set: (ids: ReadonlySet<string>): ReadonlySet<string> => sets.of([...ids].sort().join(' '), () => ids),
    list: (ids: readonly string[]): readonly string[] => lists.of(ids.join(' '), () => ids),
  };
}

/** What one rule left out of one document's findings past MAX_FINDINGS_PER_RULE. */
interface Unlisted {
  readonly rule: Rule;
  readonly document: DocumentKind;
  count: number;
  /** The worst severity left out, so the summary is as loud as what it stands for. */
  worst: Severity;
}

/**
 * Collects the findings of rule runs, completing drafts and turning a crashing rule into a finding. Lists at most
 * MAX_FINDINGS_PER_RULE findings per rule and document, then one summary: a key rule runs once per key, and a
 * document of thousands of bad keys must not make a finding for each (see limits.ts).
 */
class FindingSink {
  private readonly findings: Finding[] = [];
  readonly evaluated = new Set<string>();
  /** By document and rule id; made on the first finding, as most documents have a handful of findings or none. */
  private listed: Map<string, number> | undefined;
  private unlisted: Map<string, Unlisted> | undefined;

  constructor(private readonly profile: Profile) {}

  run<S extends RuleScope>(rule: Rule<S>, document: DocumentKind, input: RuleInputs[S], key?: KeyFacts): void {
    const severity = resolveSeverity(rule, this.profile);
    if (severity === 'off') return;
    let drafts: ReturnType<Rule<S>['run']>;
    try {
      drafts = rule.run(input);
    } catch (error) {
      // A crashing rule must not read as a pass (a missed leak is the worst outcome), nor abort the other rules.
      this.evaluated.add(rule.id);
      const message = `this rule could not be evaluated (internal error: ${describeError(error)})`;
      this.add(rule, 'error', document, { message }, key);
      return;
    }
    if (drafts === SKIP) return;
    this.evaluated.add(rule.id);
    for (const draft of drafts) this.add(rule, severity, document, draft, key);
  }

  /** A finding the engine makes about a rule's input, whatever the rule's severity under the profile. */
  note(rule: Rule, document: DocumentKind, draft: FindingDraft): void {
    this.evaluated.add(rule.id);
    this.add(rule, rule.severity, document, draft);
  }

  /** The findings, each rule's summary of what it left out last. */
  done(): Finding[] {
    if (this.unlisted !== undefined) {
      for (const { rule, document, count, worst } of this.unlisted.values())
        this.findings.push(complete(rule, worst, document, unlistedFindingsDraft(count, worst)));
      this.unlisted = undefined;
    }
    return this.findings;
  }

  private add(rule: Rule, ruleSeverity: Severity, ruleDocument: DocumentKind, draft: FindingDraft, key?: KeyFacts) {
    const document = draft.document ?? ruleDocument;
    // Counted before the finding is completed: a finding left out must not displace shared texts (see complete).
    const slot = `${document} ${rule.id}`;
    const listed = (this.listed ??= new Map<string, number>()).get(slot) ?? 0;
    if (listed < MAX_FINDINGS_PER_RULE) {
      this.listed.set(slot, listed + 1);
      this.findings.push(complete(rule, ruleSeverity, ruleDocument, draft, key));
      return;
    }
    const severity = draft.severity ?? ruleSeverity;
    const unlisted = (this.unlisted ??= new Map<string, Unlisted>()).get(slot);
    if (unlisted === undefined) this.unlisted.set(slot, { rule, document, count: 1, worst: severity });
    else {
      unlisted.count++;
      if (SEVERITY_RANK[severity] < SEVERITY_RANK[unlisted.worst]) unlisted.worst = severity;
    }
  }
}

function complete(
  rule: Rule,
  ruleSeverity: Severity,
  ruleDocument: DocumentKind,
  draft: FindingDraft,
  key?: KeyFacts,
): Finding {
  const ruleId = rule.id;
  const severity = draft.severity ?? ruleSeverity;
  const message = shared(draft.message);
  const pointer = shared(draft.pointer ?? key?.pointer ?? '');
  const document = draft.document ?? ruleDocument;
  const spec = rule.spec;
  const kid = draft.kid ?? key?.kid;
  const thumbprint = draft.thumbprint ?? key?.thumbprint;
  const expected = draft.expected === undefined ? undefined : shared(draft.expected);
  const actual = draft.actual === undefined ? undefined : shared(draft.actual);
  // Absent rather than undefined, so JSON output and stored rows carry only what applies. The common shapes are
  // built as one literal each: a property added after the literal goes to a separate store (about 40 bytes more),
  // and remembered verdicts hold tens of thousands of findings.
  const keyed = kid !== undefined && thumbprint !== undefined;
  const keyless = kid === undefined && thumbprint === undefined;
  const compared = expected !== undefined && actual !== undefined;
  const plain = expected === undefined && actual === undefined;
  if (keyed && compared)
    return { ruleId, severity, message, pointer, document, spec, kid, thumbprint, expected, actual };
  if (keyed && plain) return { ruleId, severity, message, pointer, document, spec, kid, thumbprint };
  if (keyless && (compared || plain)) {
    // Wholly made of shared parts, so shared whole: `transport.cors` alone is one such finding per provider. Found by
    // JSON, so that no part's text can run into the next (a pointer, message or value may quote the document).
    const id = JSON.stringify(
      compared
        ? [ruleId, severity, document, pointer, message, expected, actual]
        : [ruleId, severity, document, pointer, message],
    );
    return sharedFindings.of(id, () =>
      compared
        ? { ruleId, severity, message, pointer, document, spec, expected, actual }
        : { ruleId, severity, message, pointer, document, spec },
    );
  }
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
    ruleId,
    severity,
    message,
    pointer,
    document,
    spec,
  };
  if (kid !== undefined) finding.kid = kid;
  if (thumbprint !== undefined) finding.thumbprint = thumbprint;
  if (expected !== undefined) finding.expected = expected;
  if (actual !== undefined) finding.actual = actual;
  return finding;
}

/**
 * Most finding texts repeat across a fleet ("RSA modulus is 2048 bits: …" for every such key of every provider), and
 * remembered verdicts hold them all: one copy of each recent text is shared. Bounded, as texts naming a kid do not
 * repeat.
 */
const sharedTexts = new Interner<string>(SHARED_TEXTS);
/** Findings that name no key, one copy each (findings are values: nothing changes one). */
const sharedFindings = new Interner<Finding>(SHARED_TEXTS);

function shared(text: string): string {
  return sharedTexts.of(text, () => text);
}

function groupByScope(rules: readonly Rule[]): ScopeGroups {
  const of = <S extends RuleScope>(scope: S): Rule<S>[] =>
    rules.filter((rule): rule is Rule<S> => rule.scope === scope);
  return {
    transport: of('transport'),
    document: of('document'),
    key: of('key'),
    set: of('set'),
    discovery: of('discovery'),
    xdoc: of('xdoc'),
    history: of('history'),
  };
}

function keysArrayOf(parsed: ParsedDocument): readonly unknown[] | undefined {
  if (!parsed.ok || !isRecord(parsed.value)) return undefined;
  const keys = parsed.value['keys'];
  return Array.isArray(keys) ? keys : undefined;
}

/** Options objects are long-lived (per provider), so their serialisation is computed once per object. */
const optionsKeys = new WeakMap<CheckOptions, string>();

/** Options by their JSON, each given a short id: cache keys carry the id, not ~200 characters of JSON. */
const optionsIds = new Map<string, string>();

function optionsKey(options: CheckOptions): string {
  let key = optionsKeys.get(options);
  if (key === undefined) {
    const json = JSON.stringify(options);
    key = optionsIds.get(json);
    if (key === undefined) {
      key = `o${optionsIds.size}`;
      optionsIds.set(json, key);
    }
    optionsKeys.set(options, key);
  }
  return key;
}

function contentCacheKey(request: EvaluationRequest): string {
  const { jwks, discovery } = request;
  // NUL cannot occur in a hash, a URL or the options' JSON, so the parts cannot run together. Joined, not
  // concatenated: a join is one flat string, where `+` keeps a tree of pieces for as long as the cache holds the key.
  const parts = [request.profile, optionsKey(request.options), jwks?.sha256 ?? '-'];
  if (discovery !== undefined)
    parts.push(discovery.sha256, discovery.discoveryUrl ?? '-', discovery.expectedIssuer ?? '-', discovery.flavour);
  return parts.join('\u0000');
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.fromEntries(
  SEVERITIES.map((s, i) => [s, i]),
) as Record<Severity, number>;

/** Worst first, then by document and position (key 2 before key 10), then rule id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      compareText(a.document, b.document) ||
      keyIndexOf(a.pointer) - keyIndexOf(b.pointer) ||
      compareText(a.pointer, b.pointer) ||
      compareText(a.ruleId, b.ruleId),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const KEY_POINTER = /^\/keys\/(\d+)/;

function keyIndexOf(pointer: string): number {
  const match = KEY_POINTER.exec(pointer);
  return match === null ? -1 : Number(match[1]);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export { resolveSeverity };
