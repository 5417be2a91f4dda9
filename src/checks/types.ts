/**
 * The rule model (after the OpenID conformance suite): a rule is data (id, severity, spec) plus a pure function
 * that returns finding drafts. The engine fills in rule id, spec, resolved severity and key identity, so a rule
 * only says what it saw. Profiles change severities, never rule logic.
 */
import type { FetchResult } from '../fetch/types.js';
import type { HistoryInput } from './history/types.js';
import type { ParsedDocument } from '../json/types.js';
import type { RedactedMember } from '../jwks/redact.js';
import type { KeyFacts } from '../jwks/types.js';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PROFILES = ['core', 'oidc', 'fapi1', 'fapi2', 'shc'] as const;
export type Profile = (typeof PROFILES)[number];

/** A rule's severity under a profile; 'off' means the rule is not evaluated under that profile (it is skipped). */
export type ProfileSeverity = Severity | 'off';

/** Which input a rule reads. The engine runs a rule only when that input exists; otherwise the rule is skipped. */
export type RuleScope = 'transport' | 'document' | 'key' | 'set' | 'discovery' | 'xdoc' | 'history';

/** A finding as the product shows it. Private key values never appear in any field. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** JSON pointer into the document the finding is about ('' = the whole document). */
  readonly pointer: string;
  /** Which document: the JWKS or the discovery document. */
  readonly document: DocumentKind;
  readonly kid?: string;
  /** RFC 7638 SHA-256 thumbprint (base64url) of the key involved, when it could be computed. */
  readonly thumbprint?: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly spec: string;
}

/** What a rule returns; the engine completes it into a Finding. */
export interface FindingDraft {
  readonly message: string;
  /** Defaults to the key's pointer for key rules, '' otherwise. */
  readonly pointer?: string;
  /** Overrides the rule's (profile-resolved) severity, for rules whose table row splits severity by case. */
  readonly severity?: Severity;
  readonly kid?: string;
  readonly thumbprint?: string;
  readonly expected?: string;
  readonly actual?: string;
  /** Which document the pointer refers to, when a cross-document rule points into the JWKS. */
  readonly document?: DocumentKind;
}

export type DocumentKind = 'jwks' | 'discovery';

/** Settings that rules read; every one has a default in DEFAULT_CHECK_OPTIONS. */
export interface CheckOptions {
  readonly minKeys: number | undefined;
  readonly maxKeys: number | undefined;
  /** `jwks.key-count`: above this many keys a warning, above `keyCountErrorAbove` an error. */
  readonly keyCountWarnAbove: number;
  readonly keyCountErrorAbove: number;
  /** `transport.body.size` soft limit; the hard limit is the fetcher's `maxBodyBytes`. */
  readonly softBodyBytes: number;
  /** `transport.latency` budget. */
  readonly latencyBudgetMs: number;
  /** `jwk.rsa.modulus-upper` ceiling. */
  readonly rsaMaxBits: number;
  /** `jwk.x5c.validity`: warn this many days before a certificate expires. */
  readonly certExpiryWarnDays: number;
  /** `transport.cache-control`: a max-age above this delays rotation. */
  readonly maxCacheAgeSeconds: number;
  /** Private-key mode: validating a party's own key file rather than a published set. */
  readonly privateKeyMode: boolean;
}

export const DEFAULT_CHECK_OPTIONS: CheckOptions = {
  minKeys: undefined,
  maxKeys: undefined,
  keyCountWarnAbove: 10,
  keyCountErrorAbove: 100,
  softBodyBytes: 64 * 1024,
  latencyBudgetMs: 2_000,
  rsaMaxBits: 8192,
  certExpiryWarnDays: 30,
  maxCacheAgeSeconds: 24 * 60 * 60,
  privateKeyMode: false,
};

/** Everything every rule may read besides its own input. */
export interface RuleEnv {
  readonly profile: Profile;
  readonly options: CheckOptions;
  /** Injected time (certificate validity); never Date.now() inside a rule. */
  readonly now: Date;
}

/**
 * The part of a fetch the transport rules may read. The engine remembers transport verdicts by exactly these facts
 * (src/checks/transport/verdict-key.ts), so a rule cannot read a fact that would make a remembered verdict wrong:
 * headers that change on every response (Date, Age) are left out, and only whether the fetch was within the
 * latency budget is part of the key (a verdict over budget is never remembered, its message names the time).
 */
export interface TransportFacts {
  readonly requestedUrl: string;
  readonly url: string;
  readonly redirects: FetchResult['redirects'];
  readonly status: number;
  readonly headers: Pick<FetchResult['headers'], 'contentType' | 'cacheControl' | 'accessControlAllowOrigin'>;
  readonly timings: Pick<FetchResult['timings'], 'totalMs'>;
  readonly tls?: FetchResult['tls'];
  readonly body: { readonly byteLength: number };
  readonly notModified: boolean;
}

export interface TransportInput extends RuleEnv {
  readonly document: DocumentKind;
  readonly fetch: TransportFacts;
  /** The keys, when the document is a JWKS that parsed (e.g. `transport.cache-control` looks for encryption keys). */
  readonly keys: readonly TransportKeyFacts[] | undefined;
}

/**
 * What transport rules may read of a key: what it is for. A remembered content verdict keeps only this of each key
 * (not the parsed members, decoded bytes and certificates of KeyFacts), so 20,000 providers' verdicts stay small.
 */
export type TransportKeyFacts = Pick<KeyFacts, 'use' | 'alg' | 'keyOps'>;

/** Byte, tokenizer and shape rules of one document (they run for files too). */
export interface DocumentInput extends RuleEnv {
  readonly document: DocumentKind;
  /**
   * The document as parsed, with every private value replaced by its redaction marker (src/jwks/redact.ts): no
   * rule can quote what it never sees. In private-key mode, the document as published.
   */
  readonly parsed: ParsedDocument;
  /** Where the private values were, found before they were replaced: what `jwk.private.members` reports. */
  readonly privateValues: readonly RedactedMember[];
}

export interface KeyInput extends RuleEnv {
  readonly key: KeyFacts;
}

export interface SetInput extends RuleEnv {
  /** Every element of `keys`, including non-objects (their `object` is undefined). */
  readonly keys: readonly KeyFacts[];
}

export interface DiscoveryInput extends RuleEnv {
  /** The discovery document, when it is a JSON object. */
  readonly doc: Readonly<Record<string, unknown>>;
  /** The URL it was fetched from (absent for a file). */
  readonly discoveryUrl: string | undefined;
  /** The issuer the URL was built from (OIDC Discovery §4, RFC 8414 §3); absent for a file. */
  readonly expectedIssuer: string | undefined;
  /** Which well-known document this is: by URL, or by content for a file. */
  readonly flavour: DiscoveryFlavour;
}

export type DiscoveryFlavour = 'openid' | 'oauth';

export interface XdocInput extends RuleEnv {
  readonly discovery: Readonly<Record<string, unknown>>;
  readonly keys: readonly KeyFacts[];
  readonly flavour: DiscoveryFlavour;
}

export interface RuleInputs {
  readonly transport: TransportInput;
  readonly document: DocumentInput;
  readonly key: KeyInput;
  readonly set: SetInput;
  readonly discovery: DiscoveryInput;
  readonly xdoc: XdocInput;
  readonly history: HistoryInput;
}

/** Returned by a rule whose input is present but that does not apply (e.g. a private-mode rule on a public set). */
export const SKIP = Symbol('skip');
export type Skip = typeof SKIP;

export interface RuleMeta {
  /** The public id from the rule catalogue; never changes meaning. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Spec reference, e.g. 'RFC 7517 §4.5'. */
  readonly spec: string;
  /** Severity overrides per profile; fapi1/fapi2 inherit the oidc overrides. */
  readonly profiles?: Partial<Record<Profile, ProfileSeverity>>;
  readonly scope: RuleScope;
}

export interface Rule<S extends RuleScope = RuleScope> extends RuleMeta {
  readonly scope: S;
  run(input: RuleInputs[S]): readonly FindingDraft[] | Skip;
}

/** Identity helper so rule files get full type inference: `export const x = defineRule({ scope: 'key', … })`. */
export function defineRule<S extends RuleScope>(rule: Rule<S>): Rule<S> {
  return rule;
}
