// The server certificate is valid now (OIDC Discovery §7.1: the RFC 6125 check MUST be done; FAPI 2.0 SP §5.2.1).
// The fetch only succeeds with a certificate that verified, so this rule watches its lifetime: expiry is an
// outage for every consumer, so it warns ahead of it. A failed handshake is mapped here by fetch-error-findings.
import { SKIP, defineRule, type CheckOptions, type TransportFacts } from '../types.js';

const MS_PER_DAY = 24 * 60 * 60 * 1000;

export const transportTlsCertificate = defineRule({
  id: 'transport.tls.certificate',
  title: 'Server certificate is valid and not about to expire',
  severity: 'error',
  spec: 'OIDC Discovery §7.1 ; FAPI 2.0 SP §5.2.1',
  scope: 'transport',
  run: ({ fetch, now, options }) => {
    const leaf = fetch.tls?.leaf;
    if (leaf === undefined) return SKIP;
    const notBefore = Date.parse(leaf.notBefore);
    const notAfter = Date.parse(leaf.notAfter);
    if (Number.isNaN(notAfter) || Number.isNaN(notBefore)) return SKIP;
    const at = now.getTime();
    const subject = leaf.subject === '' ? 'the server certificate' : `the server certificate (${leaf.subject})`;
    if (notBefore > at) {
      return [
        {
          message: `${subject} is not valid before ${leaf.notBefore}`,
          severity: 'error',
          expected: `notBefore <= ${now.toISOString()}`,
          actual: leaf.notBefore,
        },
      ];
    }
    if (notAfter <= at) {
      return [
        {
          message: `${subject} expired at ${leaf.notAfter}; clients refuse the connection`,
          severity: 'error',
          expected: `notAfter > ${now.toISOString()}`,
          actual: leaf.notAfter,
        },
      ];
    }
    const daysLeft = Math.floor((notAfter - at) / MS_PER_DAY);
    if (notAfter - at > options.certExpiryWarnDays * MS_PER_DAY) return [];
    return [
      {
        message: `${subject} expires at ${leaf.notAfter}, in ${daysLeft} days; renew it before clients refuse the connection`,
        severity: 'warning',
        expected: `more than ${options.certExpiryWarnDays} days of validity left`,
        actual: `${daysLeft} days`,
      },
    ];
  },
});

/**
 * Until when this rule's verdict on `fetch` stays what it is at `now`: the next of notBefore, the start of the
 * warning window and notAfter. Undefined when the rule reports something now, since its messages name the time.
 */
export function tlsCertificateVerdictStableUntil(
  fetch: TransportFacts,
  now: Date,
  options: CheckOptions,
): number | undefined {
  const leaf = fetch.tls?.leaf;
  if (leaf === undefined) return Number.POSITIVE_INFINITY;
  const notBefore = Date.parse(leaf.notBefore);
  const notAfter = Date.parse(leaf.notAfter);
  if (Number.isNaN(notAfter) || Number.isNaN(notBefore)) return Number.POSITIVE_INFINITY;
  const at = now.getTime();
  const warnFrom = notAfter - options.certExpiryWarnDays * MS_PER_DAY;
  if (notBefore > at || at >= warnFrom) return undefined;
  return warnFrom;
}
