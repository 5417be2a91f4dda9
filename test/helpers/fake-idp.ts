/**
 * A fake identity provider on loopback HTTPS: an OpenID discovery document at the well-known URL and a JWKS at
 * /jwks, with keys generated at test time. `rotate()` and `setJwks()` change what it publishes.
 */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { startServer, type RouteResponse, type TestServer } from './https-server.js';

export interface FakeIdp {
  readonly server: TestServer;
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly discoveryUrl: string;
  /** The CA PEM clients must trust. */
  readonly ca: string;
  /** Currently published keys. */
  keys(): JsonWebKey[];
  /** Publishes exactly these keys (or any JSON value as the JWKS document). */
  setJwks(document: unknown, headers?: RouteResponse['headers']): void;
  /** Adds a fresh RSA key (kid `key-N`) and, with `dropOldest`, removes the oldest. */
  rotate(options?: { dropOldest?: boolean }): JsonWebKey;
  close(): Promise<void>;
}

let counter = 0;

export function rsaPublicJwk(kid = `key-${++counter}`, modulusLength = 2048): JsonWebKey {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
}

export function discoveryDocument(issuer: string, jwksUri: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: jwksUri,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
  };
}

const JWKS_HEADERS = { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' };

export async function startFakeIdp(options: { keys?: JsonWebKey[] } = {}): Promise<FakeIdp> {
  const server = await startServer({ tls: true });
  const issuer = server.origin;
  const jwksUrl = server.url('/jwks');
  const discoveryUrl = server.url('/.well-known/openid-configuration');
  let keys = options.keys ?? [rsaPublicJwk()];
  const publish = (document: unknown, headers: RouteResponse['headers'] = JWKS_HEADERS) =>
    server.setRoute('/jwks', { json: document, headers: { 'content-type': 'application/jwk-set+json', ...headers } });
  publish({ keys });
  server.setRoute('/.well-known/openid-configuration', {
    json: discoveryDocument(issuer, jwksUrl),
    headers: JWKS_HEADERS,
  });
  return {
    server,
    issuer,
    jwksUrl,
    discoveryUrl,
    ca: server.ca ?? '',
    keys: () => keys,
    setJwks(document, headers) {
      if (typeof document === 'object' && document !== null && Array.isArray((document as { keys?: unknown }).keys)) {
        keys = (document as { keys: JsonWebKey[] }).keys;
      }
      publish(document, headers);
    },
    rotate({ dropOldest = false } = {}) {
      const fresh = rsaPublicJwk();
      keys = dropOldest ? [...keys.slice(1), fresh] : [...keys, fresh];
      publish({ keys });
      return fresh;
    },
    close: () => server.close(),
  };
}
