// A redirect on the discovery URL or jwks_uri: jose and oauth4webapi fetch with redirect: 'manual', so for them it
// is a failure (RFC 9110 §15.4). Leaving the origin or downgrading to http is worse: it breaks the binding of the
// document to its location (OIDC Discovery §7.2) and lets a path attacker substitute it.
import { defineRule, type FindingDraft } from '../types.js';
import { parseUrl } from './support.js';

export const transportRedirect = defineRule({
  id: 'transport.redirect',
  title: 'No redirects',
  severity: 'warning',
  spec: 'RFC 9110 §15.4 ; OIDC Discovery §7.2',
  scope: 'transport',
  run: ({ fetch }) => {
    const origin = parseUrl(fetch.requestedUrl)?.origin;
    const findings: FindingDraft[] = [];
    for (const hop of fetch.redirects) {
      const from = parseUrl(hop.url);
      const to = parseUrl(hop.location);
      const downgrade = from?.protocol === 'https:' && to?.protocol !== 'https:';
      const leaves = to === undefined || to.origin !== origin;
      const problem = downgrade
        ? `, downgrading from https to ${to?.protocol.slice(0, -1) ?? 'an invalid URL'}`
        : leaves
          ? `, leaving the origin ${origin ?? fetch.requestedUrl}`
          : '';
      findings.push({
        message:
          `"${hop.url}" redirects (HTTP ${hop.status}) to "${hop.location}"${problem}; ` +
          'clients that do not follow redirects (jose, oauth4webapi) fail',
        ...(downgrade || leaves ? { severity: 'error' as const } : {}),
        expected: 'no redirect',
        actual: `${hop.status} to ${hop.location}`,
      });
    }
    return findings;
  },
});
