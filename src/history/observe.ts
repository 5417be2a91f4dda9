/**
 * From a check report to what the history keeps of it: the JWKS redacted before anything else touches it, its
 * order-insensitive content hash, the key views (identity and metadata, no private value) and the discovery facts.
 */
import { MAX_KEYS_CHECKED } from '../checks/limits.js';
import type { CheckReport } from '../checks/report.js';
import type { FetchResult } from '../fetch/types.js';
import { jwksContentHash } from '../jwks/canonical.js';
import { keyViewsOf } from '../jwks/diff.js';
import { redactJwks } from '../jwks/redact.js';
import { isRecord } from '../json/guards.js';
import type { Observation, Validators } from './types.js';

/** Hex digits of each document's SHA-256 kept in the raw-bytes identity (128 bits each). */
const RAW_SHA_HEX = 32;

/** The content of a report's JWKS, or undefined when the report holds no parsed JWKS. */
export function observe(report: CheckReport): Observation | undefined {
  if (!report.jwksParsed || report.jwksValue === undefined) return undefined;
  // A document without a keys array is no key set (an error object, a lone JWK): taken as one, it would read as
  // every key removed. Its findings say what is wrong with it.
  if (!isRecord(report.jwksValue) || !Array.isArray(report.jwksValue['keys'])) return undefined;
  // Keys are identified on the document as served, so an `oct` key keeps its RFC 7638 thumbprint; the views hold
  // member names and hashes only.
  // As many views as the engine judged keys (limits.ts): a 1 MiB set of 349,000 empty keys made 30 MB of views.
  const keys = keyViewsOf(report.jwksValue, report.keys, MAX_KEYS_CHECKED);
  const redaction = redactJwks(report.jwksValue);
  const keyCount = report.jwksValue['keys'].length;
  return {
    // The key set is the content: a member beside "keys" that changes on every response (a timestamp, a request id)
    // would make every poll a new content that never confirms, hiding real key changes behind it. The document
    // stored for a key set is the first one seen with it.
    hash: jwksContentHash({ keys: isRecord(redaction.value) ? redaction.value['keys'] : [] }),
    document: JSON.stringify(redaction.value),
    keys,
    keyCount,
    privateMemberCount: redaction.members.length,
    removedValues: redaction.removedValues,
    discovery: discoveryFacts(report.discoveryValue),
  };
}

function discoveryFacts(value: unknown): Observation['discovery'] {
  if (!isRecord(value)) return undefined;
  const issuer = value['issuer'];
  const jwksUri = value['jwks_uri'];
  return {
    ...(typeof issuer === 'string' && { issuer }),
    ...(typeof jwksUri === 'string' && { jwksUri }),
  };
}

/**
 * Identity of the raw bytes read this poll (JWKS and discovery): equal bytes are equal content, so an unchanged
 * poll is recognised without redacting or hashing anything again.
 */
export function rawShaOf(report: CheckReport | undefined): string | undefined {
  // jwksParsed, not jwksValue: reading the value may parse the document, which an unchanged poll never needs.
  if (report?.jwksParsed !== true) return undefined;
  const jwks = report.documents.find((d) => d.kind === 'jwks')?.sha256;
  if (jwks === undefined) return undefined;
  const discovery = report.documents.find((d) => d.kind === 'discovery')?.sha256 ?? '';
  return `${jwks.slice(0, RAW_SHA_HEX)}${discovery.slice(0, RAW_SHA_HEX)}`;
}

export function validatorsOf(fetch: Pick<FetchResult, 'headers'> | undefined): Validators {
  const headers = fetch?.headers;
  if (headers === undefined) return {};
  return {
    ...(headers.etag !== undefined && { etag: headers.etag }),
    ...(headers.lastModified !== undefined && { lastModified: headers.lastModified }),
    ...(headers.cacheControl !== undefined && { cacheControl: headers.cacheControl }),
  };
}
