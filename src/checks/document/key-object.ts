// Every element of "keys" is a JSON object (RFC 7517 §5.1). jose and oauth4webapi reject the whole set for one
// bad element, so each one is reported.
import { jsonTypeOf } from '../../json/guards.js';
import { childPointer } from '../../json/pointer.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { jwksKeys } from './support.js';

export const jwksKeyObject = defineRule({
  id: 'jwks.doc.key-object',
  title: 'Every element of "keys" is a JSON object',
  severity: 'error',
  spec: 'RFC 7517 §5.1',
  scope: 'document',
  run: (input) => {
    const keys = jwksKeys(input);
    if (keys === undefined) return SKIP;
    const findings: FindingDraft[] = [];
    keys.forEach((element, index) => {
      const type = jsonTypeOf(element);
      if (type === 'object') return;
      findings.push({
        message: `element ${index} of "keys" is a JSON ${type}; every key must be a JSON object (strict clients reject the whole set)`,
        pointer: childPointer('/keys', index),
        expected: 'object',
        actual: type,
      });
    });
    return findings;
  },
});
