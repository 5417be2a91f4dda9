// `issuer` is present and a non-empty string (OIDC Discovery §3 ; RFC 8414 §2: REQUIRED).
import { jsonTypeOf } from '../../json/guards.js';
import { defineRule } from '../types.js';
import { has, member, pointerTo } from './support.js';

export const discIssuerPresent = defineRule({
  id: 'disc.issuer.present',
  title: 'Metadata names its issuer',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 8414 §2',
  scope: 'discovery',
  run: ({ doc }) => {
    if (!has(doc, 'issuer')) {
      return [{ message: 'the metadata has no "issuer"; it is REQUIRED and identifies the provider', pointer: '' }];
    }
    const issuer = member(doc, 'issuer');
    if (typeof issuer !== 'string') {
      return [
        {
          message: `"issuer" is a JSON ${jsonTypeOf(issuer)}; it must be a string holding the issuer URL`,
          pointer: pointerTo('issuer'),
          expected: 'string',
          actual: jsonTypeOf(issuer),
        },
      ];
    }
    if (issuer === '') {
      return [{ message: '"issuer" is an empty string; it must hold the issuer URL', pointer: pointerTo('issuer') }];
    }
    return [];
  },
});
