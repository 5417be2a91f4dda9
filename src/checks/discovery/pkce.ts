// The authorization server advertises PKCE with S256 in `code_challenge_methods_supported`, and not `plain`
// (RFC 9700 §2.1.1 ; RFC 8414 §2 ; RFC 7636 §4.2 ; S256 is mandatory in FAPI 2.0 SP §5.3.2.2).
import { jsonTypeOf } from '../../json/guards.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { has, member, pointerTo, stringEntries } from './support.js';

const LIST = 'code_challenge_methods_supported';

export const discPkce = defineRule({
  id: 'disc.pkce',
  title: 'PKCE is advertised with S256',
  severity: 'warning',
  spec: 'RFC 9700 §2.1.1 ; RFC 8414 §2 ; RFC 7636 §4.2 ; FAPI 2.0 SP §5.3.2.2',
  scope: 'discovery',
  run: ({ doc }) => {
    // PKCE protects the code flow at the authorization endpoint; without one there is nothing to protect.
    if (!has(doc, 'authorization_endpoint')) return SKIP;
    if (!has(doc, LIST)) {
      return [
        {
          message: `"${LIST}" is absent, so clients cannot tell that PKCE is supported; list "S256"`,
          expected: 'S256 listed',
        },
      ];
    }
    const entries = stringEntries(doc, LIST);
    if (entries === undefined) {
      return [
        {
          message: `"${LIST}" is a JSON ${jsonTypeOf(member(doc, LIST))}, so clients cannot read PKCE support; it must be an array`,
          pointer: pointerTo(LIST),
          expected: 'array',
          actual: jsonTypeOf(member(doc, LIST)),
        },
      ];
    }
    const findings: FindingDraft[] = [];
    if (!entries.some((entry) => entry.value === 'S256')) {
      findings.push({
        message: `"${LIST}" does not list "S256", the PKCE method clients must use`,
        pointer: pointerTo(LIST),
        expected: 'S256 listed',
      });
    }
    for (const entry of entries.filter((e) => e.value === 'plain')) {
      findings.push({
        message: `"${LIST}" lists "plain", which sends the verifier in the clear; offer S256 only`,
        pointer: entry.pointer,
      });
    }
    return findings;
  },
});
