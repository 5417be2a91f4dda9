// The negotiated TLS version is 1.2 or later and the cipher suite is not a known-broken one (OIDC Discovery §7.1
// via BCP 195: RFC 8996 deprecates TLS 1.0 and 1.1, RFC 9325; FAPI 2.0 SP §5.2.1-5.2.2 "shall").
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { parseUrl } from './support.js';

/** Protocol names as node:tls reports them (TLSSocket#getProtocol) that RFC 8996 and RFC 7568 deprecate. */
const DEPRECATED_PROTOCOLS: ReadonlySet<string> = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);
/** OpenSSL cipher-suite names with no confidentiality or broken primitives (RFC 9325 §4.1, RFC 7465 on RC4). */
const INSECURE_CIPHER = /(?:^|[-_])(?:NULL|EXPORT|EXP|RC4|RC2|DES|3DES|DES-CBC3|IDEA|MD5|anon|ADH|AECDH)(?:$|[-_])/i;

export const transportTlsVersion = defineRule({
  id: 'transport.tls.version',
  title: 'TLS 1.2 or later with a secure cipher suite',
  severity: 'warning',
  profiles: { fapi1: 'error', fapi2: 'error' },
  spec: 'OIDC Discovery §7.1 (BCP 195: RFC 8996, RFC 9325) ; FAPI 2.0 SP §5.2.1, §5.2.2',
  scope: 'transport',
  run: ({ fetch }) => {
    if (parseUrl(fetch.url)?.protocol !== 'https:') return SKIP;
    const protocol = fetch.tls?.protocol;
    if (protocol === undefined || protocol === null) return SKIP;
    const findings: FindingDraft[] = [];
    if (DEPRECATED_PROTOCOLS.has(protocol)) {
      findings.push({
        message: `the server negotiated ${protocol}, which is deprecated (RFC 8996); TLS 1.2 or later is required`,
        expected: 'TLSv1.2 or TLSv1.3',
        actual: protocol,
      });
    }
    const cipher = fetch.tls?.cipher;
    if (cipher !== undefined && INSECURE_CIPHER.test(cipher)) {
      findings.push({
        message: `the server negotiated the cipher suite ${cipher}, which is insecure (RFC 9325)`,
        expected: 'an AEAD cipher suite (RFC 9325 §4.2)',
        actual: cipher,
      });
    }
    return findings;
  },
});
