// The discovery response body is a JSON object (OIDC Discovery §4.2 ; RFC 8414 §3.2). Runs on the parsed
// document, since every other discovery rule needs an object to exist at all.
import { isRecord, jsonTypeOf } from '../../json/guards.js';
import { SKIP, defineRule } from '../types.js';

export const discDocObject = defineRule({
  id: 'disc.doc.object',
  title: 'Discovery document is a JSON object',
  severity: 'error',
  spec: 'OIDC Discovery §4.2 ; RFC 8414 §3.2',
  scope: 'document',
  run: ({ document, parsed }) => {
    // Text that is not JSON at all is the document rules' finding, not this one's.
    if (document !== 'discovery' || !parsed.ok) return SKIP;
    if (isRecord(parsed.value)) return [];
    return [
      {
        message: `the discovery document is a JSON ${jsonTypeOf(parsed.value)}; it must be a JSON object of metadata`,
        expected: 'object',
        actual: jsonTypeOf(parsed.value),
      },
    ];
  },
});
