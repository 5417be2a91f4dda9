// Registered members have their JSON types: string members are strings, key_ops and x5c arrays of strings,
// ext a boolean (RFC 7517 §4.1-§4.9; W3C WebCrypto for ext). kty and kid are typed by jwk.kty.present and
// jwk.kid.type, so one problem gives one finding.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { jsonTypeOf } from '../../json/guards.js';
import { hasMember, memberPointer } from '../support.js';

const STRING_MEMBERS = ['use', 'alg', 'crv', 'x', 'y', 'n', 'e', 'x5u', 'x5t', 'x5t#S256', 'pub'] as const;
const STRING_ARRAY_MEMBERS = ['key_ops', 'x5c'] as const;
const BOOLEAN_MEMBERS = ['ext'] as const;

export const membersTypes = defineRule({
  id: 'jwk.members.types',
  title: 'Key members have their registered JSON types',
  severity: 'error',
  spec: 'RFC 7517 §4.1-§4.9 ; W3C WebCrypto (ext)',
  scope: 'key',
  run: ({ key }) => {
    const { object } = key;
    if (object === undefined) return SKIP;
    const findings: FindingDraft[] = [];
    const wrongType = (name: string, expected: string, actual: string): void => {
      findings.push({
        message: `"${name}" is ${actual}; it must be ${expected}`,
        pointer: memberPointer(key, name),
        expected,
        actual,
      });
    };
    for (const name of STRING_MEMBERS) {
      if (hasMember(key, name) && typeof object[name] !== 'string')
        wrongType(name, 'a string', jsonTypeOf(object[name]));
    }
    for (const name of STRING_ARRAY_MEMBERS) {
      if (!hasMember(key, name)) continue;
      const value = object[name];
      if (!Array.isArray(value)) {
        wrongType(name, 'an array of strings', jsonTypeOf(value));
        continue;
      }
      const bad = value.findIndex((entry: unknown) => typeof entry !== 'string');
      if (bad >= 0) {
        findings.push({
          message: `"${name}" entry ${bad} is ${jsonTypeOf(value[bad])}; "${name}" must be an array of strings`,
          pointer: memberPointer(key, name, bad),
          expected: 'string',
          actual: jsonTypeOf(value[bad]),
        });
      }
    }
    for (const name of BOOLEAN_MEMBERS) {
      if (hasMember(key, name) && typeof object[name] !== 'boolean')
        wrongType(name, 'a boolean', jsonTypeOf(object[name]));
    }
    return findings;
  },
});
