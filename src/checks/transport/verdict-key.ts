/**
 * What a transport verdict depends on, as a memo key: the engine remembers the transport rules' findings for a
 * fetch that repeats the previous one's facts, so an unchanged poll does not parse URLs and headers again.
 * TransportFacts (src/checks/types.ts) is the type the rules read, so the key covers everything they can see.
 */
import { hash } from 'node:crypto';
import type { CheckOptions, TransportFacts } from '../types.js';
import { tlsCertificateVerdictStableUntil } from './tls-certificate.js';

// Neither can occur in a URL or a header value (both are refused on the wire), so parts cannot run together.
const SEPARATOR = '\u0000';
const ABSENT = '\u0001';

export interface TransportVerdictKey {
  /** The facts' SHA-256 (base64url): the engine holds one or two keys per provider, and the facts themselves run to
   * about 200 characters (URL, headers, the certificate's names and dates): 7.6 MB at 20,000 providers. */
  readonly key: string;
  /** The verdict may be reused until this time (epoch ms); the clock-reading rules could change it after. */
  readonly stableUntil: number;
}

/** The memo key of the transport verdict on `fetch`, or undefined when the verdict must be worked out afresh. */
export function transportVerdictKey(
  fetch: TransportFacts,
  options: CheckOptions,
  now: Date,
): TransportVerdictKey | undefined {
  // A fetch over budget is reported with its time, which differs on every poll.
  if (!(fetch.timings.totalMs <= options.latencyBudgetMs)) return undefined;
  const stableUntil = tlsCertificateVerdictStableUntil(fetch, now, options);
  if (stableUntil === undefined) return undefined;
  const { headers, tls } = fetch;
  const parts: (string | number)[] = [
    fetch.requestedUrl,
    // Most fetches are not redirected: the final URL is then left out rather than held twice.
    fetch.url === fetch.requestedUrl ? '' : fetch.url,
    fetch.status,
    fetch.notModified ? '1' : '0',
    fetch.body.byteLength,
    headers.contentType ?? ABSENT,
    headers.cacheControl ?? ABSENT,
    headers.accessControlAllowOrigin ?? ABSENT,
  ];
  if (tls !== undefined) {
    const leaf = tls.leaf;
    parts.push(tls.protocol ?? ABSENT, tls.cipher ?? ABSENT);
    if (leaf === undefined) parts.push(ABSENT);
    else parts.push(leaf.subject, leaf.issuer, leaf.notBefore, leaf.notAfter);
  }
  for (const hop of fetch.redirects) parts.push(hop.url, hop.status, hop.location);
  return { key: hash('sha256', parts.join(SEPARATOR), 'base64url'), stableUntil };
}
