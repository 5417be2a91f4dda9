// The final HTTP status is 200 (OIDC Discovery §4.2 and RFC 8414 §3.2 require it for discovery; every JWKS consumer
// rejects anything else). A 304 answering this monitor's own conditional request is a success.
import { defineRule } from '../types.js';
import { documentName } from './support.js';

const HTTP_OK = 200;
const HTTP_NOT_MODIFIED = 304;

export const transportStatus = defineRule({
  id: 'transport.status',
  title: 'Final status is 200',
  severity: 'error',
  spec: 'OIDC Discovery §4.2 ; RFC 8414 §3.2',
  scope: 'transport',
  run: ({ document, fetch }) => {
    if (fetch.status === HTTP_OK) return [];
    if (fetch.status === HTTP_NOT_MODIFIED && fetch.notModified) return [];
    return [
      {
        message: `${documentName(document)} was answered with HTTP ${fetch.status}; it must be served with 200`,
        expected: String(HTTP_OK),
        actual: String(fetch.status),
      },
    ];
  },
});
