/**
 * Which document a parsed value is, by content: a file or a bare URL carries no other clue. A JWK Set is an
 * object with `keys` (RFC 7517 §5); discovery metadata is an object naming its `issuer` or `jwks_uri`
 * (OIDC Discovery §3, RFC 8414 §2). `keys` wins, since no discovery metadata is named `keys`.
 */
import type { DiscoveryFlavour, DocumentKind } from '../checks/types.js';
import { isRecord } from '../json/guards.js';

/** Metadata only an OpenID Provider publishes (OIDC Discovery §3); RFC 8414 documents do not carry them. */
const OPENID_ONLY_METADATA = [
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
  'userinfo_endpoint',
] as const;

export function detectDocumentKind(value: unknown): DocumentKind | undefined {
  if (!isRecord(value)) return undefined;
  if (Object.hasOwn(value, 'keys')) return 'jwks';
  if (Object.hasOwn(value, 'issuer') || Object.hasOwn(value, 'jwks_uri')) return 'discovery';
  return undefined;
}

/** The flavour of a discovery document known only by content (a file): OpenID when it has OpenID-only metadata. */
export function detectDiscoveryFlavour(value: unknown): DiscoveryFlavour {
  return isRecord(value) && OPENID_ONLY_METADATA.some((name) => Object.hasOwn(value, name)) ? 'openid' : 'oauth';
}
