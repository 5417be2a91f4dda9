// Asserts x5u is an absolute https URL: the certificate it names is integrity-protected only by TLS
// (RFC 7517 §4.6 "MUST use TLS"). The URL is parsed, never fetched.
import { SKIP, defineRule } from '../types.js';
import { memberValue } from './common.js';
import { hasMember, keyLabel, memberPointer } from '../support.js';

const MAX_SHOWN_CHARS = 200;

export const x5uHttps = defineRule({
  id: 'jwk.x5u.https',
  title: 'x5u is an absolute https URL',
  severity: 'error',
  spec: 'RFC 7517 §4.6 ; FAPI 2.0 SP §5.4.2',
  scope: 'key',
  run({ key }) {
    if (key.object === undefined || !hasMember(key, 'x5u')) return SKIP;
    const value = memberValue(key, 'x5u');
    const pointer = memberPointer(key, 'x5u');
    const expected = 'an absolute https URL';
    if (typeof value !== 'string') {
      return [
        {
          message: `x5u of ${keyLabel(key)} is not a string; it must be an absolute https URL (RFC 7517 §4.6)`,
          pointer,
          expected,
          actual: value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value,
        },
      ];
    }
    const shown = value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}…` : value;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return [
        {
          message: `x5u of ${keyLabel(key)} is not an absolute URL; it must be an absolute https URL (RFC 7517 §4.6)`,
          pointer,
          expected,
          actual: shown,
        },
      ];
    }
    if (url.protocol === 'https:') return [];
    return [
      {
        message: `x5u of ${keyLabel(key)} uses ${url.protocol.slice(0, -1)}; the certificate must be fetched over TLS, so x5u must be an https URL (RFC 7517 §4.6)`,
        pointer,
        expected,
        actual: shown,
      },
    ];
  },
});
