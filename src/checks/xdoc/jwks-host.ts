// The `jwks_uri` host differs from the issuer host (OIDC Discovery §7.2): legal, but worth seeing, since the
// keys' trust then rests on another host's TLS and ecosystem profiles often pin the host.
import { parseAbsoluteUrl } from '../../discovery/well-known.js';
import { pointerTo, stringMember } from '../discovery/support.js';
import { SKIP, defineRule } from '../types.js';
import { quote } from '../support.js';

export const xdocJwksHost = defineRule({
  id: 'xdoc.jwks-host',
  title: 'jwks_uri is on the issuer host',
  severity: 'info',
  spec: 'OIDC Discovery §7.2',
  scope: 'xdoc',
  run: ({ discovery }) => {
    const issuer = parseAbsoluteUrl(stringMember(discovery, 'issuer') ?? '');
    const jwksUri = parseAbsoluteUrl(stringMember(discovery, 'jwks_uri') ?? '');
    if (issuer === undefined || jwksUri === undefined) return SKIP;
    if (issuer.host === jwksUri.host) return [];
    return [
      {
        message: `jwks_uri is served from ${quote(jwksUri.host)}, not from the issuer host ${quote(issuer.host)}`,
        pointer: pointerTo('jwks_uri'),
        expected: issuer.host,
        actual: jwksUri.host,
      },
    ];
  },
});
