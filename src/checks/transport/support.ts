/** Parsing shared by the transport rules: URLs, media types and Cache-Control directives (all remote strings). */
import { algorithmInfo } from '../../jwks/algorithms.js';
import type { TransportKeyFacts } from '../types.js';
import { ENCRYPTION_KEY_OPS } from '../support.js';

export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** The media type of a Content-Type value, lower-cased, without parameters (RFC 9110 §8.3.1); undefined if absent. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return type === '' ? undefined : type;
}

/**
 * Cache-Control directives by lower-cased name (RFC 9111 §5.2: `token [ "=" ( token / quoted-string ) ]`, comma
 * separated, names case-insensitive). The first occurrence of a name wins; a quoted value is unquoted.
 */
export function parseCacheControl(value: string): ReadonlyMap<string, string | undefined> {
  const directives = new Map<string, string | undefined>();
  for (const part of value.split(',')) {
    const equals = part.indexOf('=');
    const name = (equals < 0 ? part : part.slice(0, equals)).trim().toLowerCase();
    if (name === '' || directives.has(name)) continue;
    const raw = equals < 0 ? undefined : part.slice(equals + 1).trim();
    directives.set(
      name,
      raw !== undefined && raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw,
    );
  }
  return directives;
}

/** The key is for encryption: `use` "enc", an encryption `alg` (RFC 7518 §4), or encryption `key_ops`. */
export function isEncryptionKey(key: TransportKeyFacts): boolean {
  if (key.use === 'enc') return true;
  if (key.alg !== undefined && algorithmInfo(key.alg)?.use === 'enc') return true;
  return key.keyOps?.some((op) => ENCRYPTION_KEY_OPS.includes(op)) ?? false;
}

export function documentName(document: 'jwks' | 'discovery'): string {
  return document === 'jwks' ? 'the JWK Set' : 'the discovery document';
}
