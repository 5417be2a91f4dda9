// The response allows cross-origin reads (Access-Control-Allow-Origin): OIDC Discovery §3 says the endpoints,
// jwks_uri included, SHOULD support CORS; it only matters to browser-based clients (RFC 9700 §2.6).
import { SKIP, defineRule } from '../types.js';
import { documentName } from './support.js';

const HTTP_OK = 200;

export const transportCors = defineRule({
  id: 'transport.cors',
  title: 'CORS allows browser clients to read it',
  severity: 'info',
  spec: 'OIDC Discovery §3, §4 ; RFC 9700 §2.6',
  scope: 'transport',
  run: ({ document, fetch }) => {
    if (fetch.status !== HTTP_OK) return SKIP;
    const allowed = fetch.headers.accessControlAllowOrigin;
    if (allowed !== undefined && allowed.trim() !== '') return [];
    return [
      {
        message: `${documentName(document)} is served without Access-Control-Allow-Origin; browser clients cannot read it`,
        expected: 'Access-Control-Allow-Origin',
        actual: 'absent',
      },
    ];
  },
});
