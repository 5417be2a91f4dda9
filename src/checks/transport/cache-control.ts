// The response carries Cache-Control with a max-age (OIDC Core §10.2.1; RFC 9111 §5.2.2.1). no-store, no-cache
// and max-age=0 make clients refetch on every use; a very long max-age delays rotation. OIDC Core states the SHOULD
// where it covers encryption key rotation, so a set holding an encryption key gets a warning; otherwise info.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { documentName, isEncryptionKey, parseCacheControl } from './support.js';

const HTTP_OK = 200;
const HTTP_NOT_MODIFIED = 304;
const DELTA_SECONDS = /^\d+$/;

export const transportCacheControl = defineRule({
  id: 'transport.cache-control',
  title: 'Cache-Control with a sensible max-age',
  severity: 'info',
  spec: 'OIDC Core §10.2.1 ; RFC 9111',
  scope: 'transport',
  run: ({ document, fetch, keys, options }) => {
    const answered = fetch.status === HTTP_OK || (fetch.status === HTTP_NOT_MODIFIED && fetch.notModified);
    if (!answered) return SKIP;
    const escalate = keys?.some(isEncryptionKey) === true ? { severity: 'warning' as const } : {};
    const name = documentName(document);
    const header = fetch.headers.cacheControl;
    if (header === undefined || header.trim() === '') {
      return [
        {
          message: `${name} is served without Cache-Control; send one with a max-age so clients cache it`,
          ...escalate,
          expected: 'Cache-Control: max-age=<seconds>',
          actual: 'absent',
        },
      ];
    }
    const directives = parseCacheControl(header);
    const findings: FindingDraft[] = [];
    for (const directive of ['no-store', 'no-cache']) {
      if (!directives.has(directive)) continue;
      findings.push({
        message: `${name} is served with Cache-Control ${directive}, which makes clients refetch it on every use`,
        ...escalate,
        expected: 'max-age=<seconds>',
        actual: header,
      });
    }
    const maxAge = directives.get('max-age');
    if (maxAge === undefined || !DELTA_SECONDS.test(maxAge)) {
      if (findings.length === 0) {
        findings.push({
          message: `${name} is served with Cache-Control "${header}" without a valid max-age`,
          ...escalate,
          expected: 'max-age=<seconds>',
          actual: header,
        });
      }
    } else if (Number(maxAge) === 0) {
      findings.push({
        message: `${name} is served with Cache-Control max-age=0, which makes clients refetch it on every use`,
        ...escalate,
        expected: 'max-age=<seconds> above 0',
        actual: header,
      });
    } else if (Number(maxAge) > options.maxCacheAgeSeconds) {
      findings.push({
        message: `${name} may be cached for ${maxAge} s, longer than ${options.maxCacheAgeSeconds} s; that delays key rotation`,
        ...escalate,
        expected: `max-age <= ${options.maxCacheAgeSeconds}`,
        actual: `max-age=${maxAge}`,
      });
    }
    return findings;
  },
});
