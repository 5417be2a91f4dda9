/**
 * Where discovery documents live, and what a target URL is. OpenID Connect Discovery §4 appends the well-known
 * string to the issuer; RFC 8414 §3 inserts it between the host and the issuer's path. Pure string work on the
 * WHATWG URL parser: the same serialisation the fetcher requests, so comparisons are like for like.
 */
import type { DiscoveryFlavour } from '../checks/types.js';

/** OIDC Discovery §4. */
export const OPENID_WELL_KNOWN = '/.well-known/openid-configuration';
/** RFC 8414 §3 (the registered default suffix). */
export const OAUTH_WELL_KNOWN = '/.well-known/oauth-authorization-server';

/**
 * Last path segments that name a JWK Set at the identity providers seen in the wild: `/oauth2/v3/certs` (Google),
 * `/protocol/openid-connect/certs` (Keycloak), `/discovery/v2.0/keys` (Entra ID), `/.well-known/jwks.json`
 * (Auth0, Cognito), `/oauth2/v1/keys` (Okta), `/auth/keys` (Apple).
 */
const JWKS_LAST_SEGMENT = /^(?:jwks|jwk|certs|keys|jwks_uri)(?:\.json)?$/i;

/** One discovery URL to try for a target, with the issuer the document must then name. */
export interface DiscoveryCandidate {
  readonly discoveryUrl: string;
  /** The issuer the URL was built from (OIDC Discovery §4.3, RFC 8414 §3.3). */
  readonly expectedIssuer: string;
  readonly flavour: DiscoveryFlavour;
}

/**
 * What a URL given as a target is, by its shape alone. A bare URL may be an issuer or a JWKS URL; its content
 * decides (see detectDocumentKind). Every variant carries `candidates`, the discovery URLs worth trying.
 */
export type TargetUrl =
  /** A well-known discovery URL: one candidate, itself. */
  | { readonly kind: 'discovery'; readonly url: string; readonly candidates: readonly [DiscoveryCandidate] }
  /** Looks like a JWK Set (path or a query, which an issuer cannot have). */
  | { readonly kind: 'jwks'; readonly url: string; readonly candidates: readonly [] }
  /** An issuer or a JWKS URL: the OpenID then the RFC 8414 discovery URL of the issuer it would be. */
  | { readonly kind: 'issuer-or-jwks'; readonly url: string; readonly candidates: readonly DiscoveryCandidate[] }
  /** Not an absolute http(s) URL; fetching it will say why. */
  | { readonly kind: 'invalid'; readonly url: string; readonly reason: string; readonly candidates: readonly [] };

/** The URL, when `value` is an absolute URL the WHATWG parser accepts. */
export function parseAbsoluteUrl(value: string): URL | undefined {
  return URL.canParse(value) ? new URL(value) : undefined;
}

/** The issuer as a URL a well-known URL can be built from: http(s), no query, no fragment. */
function issuerUrl(issuer: string): URL | undefined {
  const url = parseAbsoluteUrl(issuer);
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  // The parser drops an empty query or fragment ('…?'), so the raw string is checked too.
  return issuer.includes('?') || issuer.includes('#') ? undefined : url;
}

/** The path with one terminating '/' removed ('' for the root path), as both specs require before building. */
function pathWithoutTerminatingSlash(url: URL): string {
  return url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
}

/**
 * OIDC Discovery §4: issuer, terminating '/' removed, + '/.well-known/openid-configuration'. Undefined when the
 * issuer is not an absolute URL, or has a query or fragment (it is then no issuer; OIDC Discovery §3).
 */
export function openidConfigurationUrl(issuer: string): string | undefined {
  const url = issuerUrl(issuer);
  if (url === undefined) return undefined;
  return `${url.origin}${pathWithoutTerminatingSlash(url)}${OPENID_WELL_KNOWN}`;
}

/** RFC 8414 §3: host + '/.well-known/oauth-authorization-server' + the issuer's path (terminating '/' removed). */
export function oauthMetadataUrl(issuer: string): string | undefined {
  const url = issuerUrl(issuer);
  if (url === undefined) return undefined;
  return `${url.origin}${OAUTH_WELL_KNOWN}${pathWithoutTerminatingSlash(url)}`;
}

export function wellKnownUrl(issuer: string, flavour: DiscoveryFlavour): string | undefined {
  return flavour === 'openid' ? openidConfigurationUrl(issuer) : oauthMetadataUrl(issuer);
}

/** Whether the URL's path is the flavour's well-known form (OIDC: suffix; RFC 8414: prefix at a segment boundary). */
export function hasWellKnownPath(url: URL, flavour: DiscoveryFlavour): boolean {
  if (flavour === 'openid') return url.pathname.endsWith(OPENID_WELL_KNOWN);
  return url.pathname === OAUTH_WELL_KNOWN || url.pathname.startsWith(`${OAUTH_WELL_KNOWN}/`);
}

/** Whether the path's last segment names a JWK Set (e.g. `/certs`, `/keys`, `/.well-known/jwks.json`). */
export function isJwksPath(pathname: string): boolean {
  const segments = pathname.split('/').filter((s) => s !== '');
  const last = segments.at(-1);
  return last !== undefined && JWKS_LAST_SEGMENT.test(last);
}

/**
 * The issuer a discovery URL was built from, when its path is a well-known form. For OpenID the prefix before
 * the suffix; for RFC 8414 the host plus what follows the well-known string. Also recognises the common
 * non-conforming RFC 8414 form with the string appended (Keycloak's `/realms/x/.well-known/oauth-…`), so that
 * `disc.url.well-known` can report it rather than the URL being taken for an issuer.
 */
function discoveryCandidateOf(url: URL): DiscoveryCandidate | undefined {
  const discoveryUrl = url.href;
  if (url.pathname.endsWith(OPENID_WELL_KNOWN)) {
    const prefix = url.pathname.slice(0, -OPENID_WELL_KNOWN.length);
    return { discoveryUrl, expectedIssuer: `${url.origin}${prefix}`, flavour: 'openid' };
  }
  if (hasWellKnownPath(url, 'oauth')) {
    const issuerPath = url.pathname.slice(OAUTH_WELL_KNOWN.length);
    return { discoveryUrl, expectedIssuer: `${url.origin}${issuerPath === '/' ? '' : issuerPath}`, flavour: 'oauth' };
  }
  if (url.pathname.endsWith(OAUTH_WELL_KNOWN)) {
    const prefix = url.pathname.slice(0, -OAUTH_WELL_KNOWN.length);
    return { discoveryUrl, expectedIssuer: `${url.origin}${prefix}`, flavour: 'oauth' };
  }
  return undefined;
}

/**
 * Classifies a target URL by shape. The issuer of a bare URL keeps what the user wrote about a terminating '/'
 * (the serialiser adds one to a root path), since OIDC Discovery §4.3 compares issuers code point for code point.
 */
export function classifyTargetUrl(target: string): TargetUrl {
  const url = parseAbsoluteUrl(target.trim());
  if (url === undefined) return { kind: 'invalid', url: target, reason: 'not an absolute URL', candidates: [] };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      kind: 'invalid',
      url: target,
      reason: `scheme "${url.protocol.slice(0, -1)}" is not http or https`,
      candidates: [],
    };
  }
  const candidate = discoveryCandidateOf(url);
  if (candidate !== undefined) return { kind: 'discovery', url: url.href, candidates: [candidate] };
  // An issuer has no query or fragment (OIDC Discovery §3, RFC 8414 §2), so such a URL can only be a JWKS.
  if (isJwksPath(url.pathname) || url.search !== '' || url.hash !== '' || target.includes('?')) {
    return { kind: 'jwks', url: url.href, candidates: [] };
  }
  const keepsSlash = url.pathname !== '/' || target.trim().endsWith('/');
  const issuer = `${url.origin}${keepsSlash ? url.pathname : ''}`;
  const candidates: DiscoveryCandidate[] = [];
  for (const flavour of ['openid', 'oauth'] as const) {
    const discoveryUrl = wellKnownUrl(issuer, flavour);
    if (discoveryUrl !== undefined) candidates.push({ discoveryUrl, expectedIssuer: issuer, flavour });
  }
  return { kind: 'issuer-or-jwks', url: url.href, candidates };
}
