// `jwks_uri` is a string holding an absolute https URL (OIDC Discovery §3 ; RFC 8414 §2: "MUST use the https
// scheme"). Its absence is `disc.required`'s finding (REQUIRED for OpenID, OPTIONAL for RFC 8414).
import { jsonTypeOf } from '../../json/guards.js';
import { parseAbsoluteUrl } from '../../discovery/well-known.js';
import { SKIP, defineRule } from '../types.js';
import { clipField, has, member, pointerTo } from './support.js';
import { quote } from '../support.js';

export const discJwksUriHttps = defineRule({
  id: 'disc.jwks_uri.https',
  title: 'jwks_uri is an https URL',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 8414 §2',
  scope: 'discovery',
  run: ({ doc }) => {
    if (!has(doc, 'jwks_uri')) return SKIP;
    const value = member(doc, 'jwks_uri');
    const pointer = pointerTo('jwks_uri');
    if (typeof value !== 'string') {
      return [
        {
          message: `"jwks_uri" is a JSON ${jsonTypeOf(value)}; it must be a string holding an https URL`,
          pointer,
          expected: 'string',
          actual: jsonTypeOf(value),
        },
      ];
    }
    const url = parseAbsoluteUrl(value);
    if (url === undefined) {
      return [{ message: `"jwks_uri" ${quote(value)} is not an absolute URL`, pointer, actual: clipField(value) }];
    }
    if (url.protocol !== 'https:') {
      return [
        {
          message: `"jwks_uri" ${quote(value)} uses ${url.protocol.slice(0, -1)}; it must use https, or the keys can be swapped in transit`,
          pointer,
          expected: 'https',
          actual: url.protocol.slice(0, -1),
        },
      ];
    }
    return [];
  },
});
