/**
 * What a transport verdict depends on, as a memo key: the engine remembers the transport rules' findings for a
 * fetch that repeats the previous one's facts, so an unchanged poll does not parse URLs and headers again.
 * TransportFacts (src/checks/types.ts) is the type the rules read, so the key covers everything they can see.
 */
import type { CheckOptions, TransportFacts } from '../types.js';
import { tlsCertificateVerdictStableUntil } from './tls-certificate.js';

// Neither can occur in a URL or a header value (both are refused on the wire), so parts cannot run together.
const SEPARATOR = '\u0000';
const ABSENT = '\u0001';

export interface TransportVerdictKey {
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
  let key =
    fetch.requestedUrl +
    SEPARATOR +
    fetch.url +
    SEPARATOR +
    fetch.status +
    SEPARATOR +
    (fetch.notModified ? '1' : '0') +
    SEPARATOR +
    fetch.body.byteLength +
    SEPARATOR +
    (headers.contentType ?? ABSENT) +
    SEPARATOR +
    (headers.cacheControl ?? ABSENT) +
    SEPARATOR +
    (headers.accessControlAllowOrigin ?? ABSENT);
  if (tls !== undefined) {
    const leaf = tls.leaf;
    key +=
      SEPARATOR +
      (tls.protocol ?? ABSENT) +
      SEPARATOR +
      (tls.cipher ?? ABSENT) +
      SEPARATOR +
      (leaf === undefined
        ? ABSENT
        : leaf.subject + SEPARATOR + leaf.issuer + SEPARATOR + leaf.notBefore + SEPARATOR + leaf.notAfter);
  }
  for (const hop of fetch.redirects) key += SEPARATOR + hop.url + SEPARATOR + hop.status + SEPARATOR + hop.location;
  return { key, stableUntil };
}
