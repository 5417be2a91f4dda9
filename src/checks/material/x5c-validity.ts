// Asserts every x5c certificate is within its validity period at the check time (RFC 5280 §4.1.2.5), and
// warns, in a separate message, when one expires within the configured number of days.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { isoDate } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

const MS_PER_DAY = 24 * 60 * 60 * 1000;

export const x5cValidity = defineRule({
  id: 'jwk.x5c.validity',
  title: 'x5c certificates are within their validity period and not about to expire',
  severity: 'warning',
  spec: 'RFC 5280 §4.1.2.5 ; RFC 7517 §9.1',
  scope: 'key',
  run({ key, now, options }) {
    const parsed = key.certs.filter((facts) => facts.cert !== undefined);
    if (key.object === undefined || parsed.length === 0) return SKIP;
    const findings: FindingDraft[] = [];
    const warnWithinMs = options.certExpiryWarnDays * MS_PER_DAY;
    for (const { index, cert } of parsed) {
      if (cert === undefined) continue;
      if (cert.notBefore === undefined || cert.notAfter === undefined) continue;
      const notBefore = new Date(cert.notBefore);
      const notAfter = new Date(cert.notAfter);
      const which = `x5c[${index}]${index === 0 ? ' (the leaf)' : ''} of ${keyLabel(key)}`;
      const pointer = memberPointer(key, 'x5c', index);
      const period = `${notBefore.toISOString()} – ${notAfter.toISOString()}`;
      if (now.getTime() < notBefore.getTime()) {
        findings.push({
          message: `${which} is not valid until ${isoDate(notBefore)}; a certificate must be valid at the time of use (RFC 5280 §4.1.2.5)`,
          pointer,
          expected: `notBefore <= ${now.toISOString()}`,
          actual: period,
        });
      } else if (now.getTime() > notAfter.getTime()) {
        findings.push({
          message: `${which} expired on ${isoDate(notAfter)}; a certificate must be valid at the time of use (RFC 5280 §4.1.2.5)`,
          pointer,
          expected: `notAfter >= ${now.toISOString()}`,
          actual: period,
        });
      } else if (notAfter.getTime() - now.getTime() <= warnWithinMs) {
        const days = Math.floor((notAfter.getTime() - now.getTime()) / MS_PER_DAY);
        findings.push({
          message: `${which} expires on ${isoDate(notAfter)}, in ${days} day${days === 1 ? '' : 's'} (warning window ${options.certExpiryWarnDays} days); replace it before then`,
          pointer,
          expected: `more than ${options.certExpiryWarnDays} days of validity left`,
          actual: `notAfter ${notAfter.toISOString()}`,
        });
      }
    }
    return findings;
  },
});
