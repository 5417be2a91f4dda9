/** Discovery fixtures and input builders, so each rule test states only what matters to it. */
import { readFileSync } from 'node:fs';
import {
  SKIP,
  type DiscoveryFlavour,
  type DiscoveryInput,
  type FindingDraft,
  type Rule,
} from '../../../src/checks/types.js';
import { resolveSeverity } from '../../../src/checks/engine.js';
import { isRecord } from '../../../src/json/guards.js';
import { env, type EnvOverrides } from '../../helpers/inputs.js';

export type Doc = Record<string, unknown>;

function load(name: string): Doc {
  const value: unknown = JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
  if (!isRecord(value)) throw new TypeError(`fixture ${name} is not an object`);
  return { ...value };
}

/** Google's OpenID configuration as published (it still lists PKCE "plain"). */
export const googleDoc = (): Doc => load('google-openid');
export const GOOGLE_URL = 'https://accounts.google.com/.well-known/openid-configuration';
export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** A Keycloak realm with the defaults of a recent release, hardened to PKCE S256 only. */
export const keycloakDoc = (): Doc => load('keycloak-openid');
export const KEYCLOAK_URL = 'https://sso.example.com/realms/demo/.well-known/openid-configuration';
export const KEYCLOAK_ISSUER = 'https://sso.example.com/realms/demo';

/** An RFC 8414 authorization server with a path in its issuer (the RFC 8414 §3.2 example, per tenant). */
export const oauthDoc = (): Doc => load('rfc8414-oauth');
export const OAUTH_URL = 'https://as.example.com/.well-known/oauth-authorization-server/tenant-a';
export const OAUTH_ISSUER = 'https://as.example.com/tenant-a';

export interface DiscoveryOverrides extends EnvOverrides {
  discoveryUrl?: string | undefined;
  expectedIssuer?: string | undefined;
  flavour?: DiscoveryFlavour;
}

export function discoveryInput(doc: Doc, overrides: DiscoveryOverrides = {}): DiscoveryInput {
  return {
    ...env(overrides),
    doc,
    discoveryUrl: 'discoveryUrl' in overrides ? overrides.discoveryUrl : undefined,
    expectedIssuer: 'expectedIssuer' in overrides ? overrides.expectedIssuer : undefined,
    flavour: overrides.flavour ?? 'openid',
  };
}

export const googleInput = (doc = googleDoc(), overrides: DiscoveryOverrides = {}): DiscoveryInput =>
  discoveryInput(doc, { discoveryUrl: GOOGLE_URL, expectedIssuer: GOOGLE_ISSUER, profile: 'oidc', ...overrides });
export const keycloakInput = (doc = keycloakDoc(), overrides: DiscoveryOverrides = {}): DiscoveryInput =>
  discoveryInput(doc, { discoveryUrl: KEYCLOAK_URL, expectedIssuer: KEYCLOAK_ISSUER, profile: 'oidc', ...overrides });
export const oauthInput = (doc = oauthDoc(), overrides: DiscoveryOverrides = {}): DiscoveryInput =>
  discoveryInput(doc, {
    discoveryUrl: OAUTH_URL,
    expectedIssuer: OAUTH_ISSUER,
    flavour: 'oauth',
    profile: 'core',
    ...overrides,
  });

export interface Outcome {
  readonly ruleId: string;
  readonly severity: string;
  readonly pointer: string;
}

/**
 * Runs a rule as the engine would: 'off' under the profile and SKIP both read as 'skip'; otherwise the findings
 * with their resolved severity (a draft's own severity wins).
 */
export function evaluate<S extends 'discovery' | 'xdoc' | 'document'>(
  rule: Rule<S>,
  input: Parameters<Rule<S>['run']>[0],
): readonly Outcome[] | 'skip' {
  const severity = resolveSeverity(rule, input.profile);
  if (severity === 'off') return 'skip';
  const drafts: readonly FindingDraft[] | typeof SKIP = rule.run(input);
  if (drafts === SKIP) return 'skip';
  return drafts.map((d) => ({ ruleId: rule.id, severity: d.severity ?? severity, pointer: d.pointer ?? '' }));
}

/** Severities of the findings, or 'skip'. */
export function severities<S extends 'discovery' | 'xdoc' | 'document'>(
  rule: Rule<S>,
  input: Parameters<Rule<S>['run']>[0],
): readonly string[] | 'skip' {
  const outcome = evaluate(rule, input);
  return outcome === 'skip' ? 'skip' : outcome.map((o) => o.severity);
}
