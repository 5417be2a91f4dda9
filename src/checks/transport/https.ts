// Every URL of the fetch uses https: the requested URL, each redirect hop and the final URL (OIDC Discovery §3
// "MUST use the https scheme", §4; RFC 8414 §2; FAPI 2.0 SP §5.4.2; RFC 7517 §9.1). Plain HTTP lets an attacker
// on the path substitute keys.
import { defineRule, type FindingDraft } from '../types.js';
import { parseUrl } from './support.js';

export const transportHttps = defineRule({
  id: 'transport.https',
  title: 'Fetched over https, also after redirects',
  severity: 'error',
  spec: 'OIDC Discovery §3, §4 ; RFC 8414 §2 ; FAPI 2.0 SP §5.4.2 ; RFC 7517 §9.1',
  scope: 'transport',
  run: ({ fetch }) => {
    const urls: [role: string, url: string][] = [['the requested URL', fetch.requestedUrl]];
    for (const hop of fetch.redirects) urls.push(['a redirect hop', hop.url], ['a redirect target', hop.location]);
    urls.push(['the final URL', fetch.url]);
    const seen = new Set<string>();
    const findings: FindingDraft[] = [];
    for (const [role, url] of urls) {
      if (seen.has(url)) continue;
      seen.add(url);
      const scheme = parseUrl(url)?.protocol.slice(0, -1);
      if (scheme === 'https') continue;
      findings.push({
        message:
          scheme === undefined
            ? `${role} "${url}" is not a valid URL; it must be an https URL`
            : `${role} "${url}" uses ${scheme}; keys and metadata must be fetched over https`,
        expected: 'https',
        actual: scheme ?? 'invalid URL',
      });
    }
    return findings;
  },
});
