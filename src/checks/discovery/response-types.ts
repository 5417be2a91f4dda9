// An OpenID Provider's `response_types_supported` holds at least one OpenID Connect response type (OIDC
// Discovery §3). A provider with dynamic registration should also offer code, id_token and "id_token token"
// (OIDC Core §15.2); that part is a warning, as RFC 9700 §2.1.2 now steers clients away from the implicit flow.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { has, listOf, pointerTo, responseTypeKey, stringValues } from './support.js';

const LIST = 'response_types_supported';
/** OIDC Core §3 and OAuth 2.0 Multiple Response Type Encoding Practices §5 (token order does not matter). */
const OIDC_RESPONSE_TYPES = [
  'code',
  'id_token',
  'id_token token',
  'code id_token',
  'code token',
  'code id_token token',
  'none',
];
const OIDC_KEYS = new Set(OIDC_RESPONSE_TYPES.map(responseTypeKey));
/** OIDC Core §15.2: what a Dynamic OpenID Provider MUST support. */
const DYNAMIC_RESPONSE_TYPES = ['code', 'id_token', 'id_token token'];

export const discResponseTypes = defineRule({
  id: 'disc.response-types',
  title: 'Response types include an OpenID Connect response type',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; OIDC Core §15.2',
  scope: 'discovery',
  run: ({ doc, flavour }) => {
    const types = stringValues(doc, LIST);
    if (flavour !== 'openid' || types === undefined) return SKIP;
    const offered = new Set(types.map(responseTypeKey));
    const findings: FindingDraft[] = [];
    if (![...offered].some((key) => OIDC_KEYS.has(key))) {
      findings.push({
        message: `"${LIST}" holds no OpenID Connect response type; expected at least one of ${listOf(OIDC_RESPONSE_TYPES)}`,
        pointer: pointerTo(LIST),
      });
    }
    if (has(doc, 'registration_endpoint')) {
      const missing = DYNAMIC_RESPONSE_TYPES.filter((rt) => !offered.has(responseTypeKey(rt)));
      if (missing.length > 0) {
        findings.push({
          message: `the provider offers dynamic registration but "${LIST}" lacks ${listOf(missing)}, which Dynamic OpenID Providers must support`,
          pointer: pointerTo(LIST),
          severity: 'warning',
        });
      }
    }
    return findings;
  },
});
