// `issuer` is an absolute https URL with a host and no query, fragment or userinfo (OIDC Discovery §3 ; RFC 8414
// §2). Read against RFC 3986 from the raw string: the WHATWG parser would quietly repair "https:/host" or "…?".
import { parseAbsoluteUrl } from '../../discovery/well-known.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { clipField, pointerTo, stringMember } from './support.js';
import { quote } from '../support.js';

/** RFC 3986 Appendix B: scheme, authority, path, query, fragment of any string. */
const URI_PARTS = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;
const MAX_PORT = 65_535;
const PORT = /^\d*$/;

interface Authority {
  readonly userinfo: boolean;
  readonly host: string;
  readonly port: string | undefined;
}

function splitAuthority(authority: string): Authority {
  const at = authority.lastIndexOf('@');
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  // An IPv6 literal holds colons of its own (RFC 3986 §3.2.2).
  const close = hostPort.startsWith('[') ? hostPort.indexOf(']') : -1;
  const colon = hostPort.indexOf(':', close === -1 ? 0 : close);
  return {
    userinfo: at !== -1,
    host: colon === -1 ? hostPort : hostPort.slice(0, colon),
    port: colon === -1 ? undefined : hostPort.slice(colon + 1),
  };
}

export function issuerProblems(issuer: string): string[] {
  const parts = URI_PARTS.exec(issuer);
  const scheme = parts?.[1];
  if (parts === null || scheme === undefined) return ['is not an absolute URL'];
  const problems: string[] = [];
  if (scheme.toLowerCase() !== 'https') problems.push(`uses scheme "${scheme}"; it must use https`);
  const authority = parts[2] === undefined ? undefined : splitAuthority(parts[2]);
  if (authority === undefined || authority.host === '') problems.push('has no host');
  if (authority?.userinfo === true) problems.push('contains userinfo ("user@"); it must not');
  const port = authority?.port;
  if (port !== undefined && port !== '' && (!PORT.test(port) || Number(port) > MAX_PORT)) {
    problems.push(`has port "${port}", which is not a number from 0 to ${MAX_PORT}`);
  }
  if (parts[4] !== undefined) problems.push('has a query component; it must not');
  if (parts[5] !== undefined) problems.push('has a fragment component; it must not');
  if (problems.length === 0 && parseAbsoluteUrl(issuer) === undefined) problems.push('is not a valid URL');
  return problems;
}

export const discIssuerSyntax = defineRule({
  id: 'disc.issuer.syntax',
  title: 'Issuer is an https URL without query or fragment',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 8414 §2',
  scope: 'discovery',
  run: ({ doc }) => {
    const issuer = stringMember(doc, 'issuer');
    // Absent, non-string and empty issuers are `disc.issuer.present`'s findings.
    if (issuer === undefined || issuer === '') return SKIP;
    return issuerProblems(issuer).map((problem): FindingDraft => ({
      message: `issuer ${quote(issuer)} ${problem}; an issuer is an https URL with a host and no query or fragment`,
      pointer: pointerTo('issuer'),
      actual: clipField(issuer),
    }));
  },
});
