// The discovery URL is the issuer's well-known URL: issuer + '/.well-known/openid-configuration' (OIDC Discovery
// §4, §4.1), or host + '/.well-known/oauth-authorization-server' + issuer path (RFC 8414 §3, §3.1).
import { hasWellKnownPath, parseAbsoluteUrl, wellKnownUrl } from '../../discovery/well-known.js';
import { SKIP, defineRule } from '../types.js';
import { clipField, stringMember } from './support.js';
import { quote } from '../support.js';

export const discUrlWellKnown = defineRule({
  id: 'disc.url.well-known',
  title: 'Discovery URL is the well-known URL of the issuer',
  severity: 'error',
  spec: 'OIDC Discovery §4, §4.1 ; RFC 8414 §3, §3.1',
  scope: 'discovery',
  run: ({ doc, discoveryUrl, flavour }) => {
    if (discoveryUrl === undefined) return SKIP;
    const issuer = stringMember(doc, 'issuer');
    // "When the issuer is known": without a usable issuer there is nothing to build the URL from.
    const expected = issuer === undefined ? undefined : wellKnownUrl(issuer, flavour);
    if (issuer === undefined || expected === undefined) return SKIP;
    const url = parseAbsoluteUrl(discoveryUrl);
    // A URL in the flavour's form, with nothing after it, follows the rule for the issuer it was built from;
    // if that is not the document's issuer, `disc.issuer.match` says so.
    if (url !== undefined && hasWellKnownPath(url, flavour) && url.search === '' && url.hash === '') return [];
    const form =
      flavour === 'openid'
        ? 'the issuer followed by "/.well-known/openid-configuration"'
        : 'the host, then "/.well-known/oauth-authorization-server", then the issuer\'s path';
    return [
      {
        message: `discovery URL ${quote(discoveryUrl)} is not the well-known URL of issuer ${quote(issuer)}; it must be ${form}`,
        expected: clipField(expected),
        actual: clipField(discoveryUrl),
      },
    ];
  },
});
