// `scopes_supported`, if present, holds RFC 6749 §3.3 scope-tokens and (for an OpenID Provider) "openid"
// (OIDC Discovery §3: SHOULD). Its absence is worth seeing: the member is RECOMMENDED.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { has, pointerTo, stringEntries } from './support.js';
import { quote } from '../support.js';

const LIST = 'scopes_supported';
/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export const discScopes = defineRule({
  id: 'disc.scopes',
  title: 'Scopes are well-formed and include openid',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 8414 §2 ; RFC 6749 §3.3',
  scope: 'discovery',
  run: ({ doc, flavour }) => {
    if (!has(doc, LIST)) {
      return [
        {
          message: `"${LIST}" is absent; publishing the supported scopes is RECOMMENDED`,
          severity: 'info',
        },
      ];
    }
    const entries = stringEntries(doc, LIST);
    if (entries === undefined) return SKIP;
    const findings: FindingDraft[] = entries
      .filter((entry) => !SCOPE_TOKEN.test(entry.value))
      .map((entry) => ({
        message: `scope ${quote(entry.value)} is not an RFC 6749 scope-token (printable ASCII without space, '"' or '\\')`,
        pointer: entry.pointer,
        severity: 'error',
      }));
    if (flavour === 'openid' && !entries.some((entry) => entry.value === 'openid')) {
      findings.push({
        message: `"${LIST}" does not list "openid"; an OpenID Provider should list the scope every OpenID request carries`,
        pointer: pointerTo(LIST),
        severity: 'warning',
      });
    }
    return findings;
  },
});
