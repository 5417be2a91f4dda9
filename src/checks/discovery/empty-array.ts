// A multi-valued metadata value is never an empty array: claims with zero elements MUST be omitted (OIDC
// Discovery §4.2 ; RFC 8414 §3.2). A warning by choice: some consumers read [] as "supports nothing".
import { defineRule } from '../types.js';
import { member, pointerTo } from './support.js';

export const discEmptyArray = defineRule({
  id: 'disc.empty-array',
  title: 'No metadata is an empty array',
  severity: 'warning',
  spec: 'OIDC Discovery §4.2 ; RFC 8414 §3.2',
  scope: 'discovery',
  run: ({ doc }) =>
    Object.keys(doc)
      .filter((name) => {
        const value = member(doc, name);
        return Array.isArray(value) && value.length === 0;
      })
      .map((name) => ({
        message: `"${name}" is an empty array; a value with zero elements must be omitted (an empty list reads as "supports nothing")`,
        pointer: pointerTo(name),
      })),
});
