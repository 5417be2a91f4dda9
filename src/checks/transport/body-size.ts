// The body stays under a soft size limit: no spec sets one, but an oversized set is a DoS vector for every consumer
// that reads it unbounded (cf. RFC 7518 §8.6). Past the fetcher's hard limit the read is aborted instead, and
// fetch-error-findings reports that as an error of this rule.
import { SKIP, defineRule } from '../types.js';
import { documentName } from './support.js';

export const transportBodySize = defineRule({
  id: 'transport.body.size',
  title: 'Body stays under the size limit',
  severity: 'warning',
  spec: 'none (cf. RFC 7518 §8.6)',
  scope: 'transport',
  run: ({ document, fetch, options }) => {
    if (fetch.notModified) return SKIP;
    const size = fetch.body.byteLength;
    if (size <= options.softBodyBytes) return [];
    return [
      {
        message: `${documentName(document)} is ${size} bytes, above the soft limit of ${options.softBodyBytes} bytes`,
        expected: `at most ${options.softBodyBytes} bytes`,
        actual: `${size} bytes`,
      },
    ];
  },
});
