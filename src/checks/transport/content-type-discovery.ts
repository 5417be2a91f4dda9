// The discovery response's media type is application/json, parameters such as charset ignored (OIDC Discovery §4
// "MUST be returned using the application/json content type", §4.2; RFC 8414 §3.2).
import { SKIP, defineRule } from '../types.js';
import { mediaType } from './support.js';

const HTTP_OK = 200;
const DISCOVERY_MEDIA_TYPE = 'application/json';

export const transportContentTypeDiscovery = defineRule({
  id: 'transport.content-type.discovery',
  title: 'Discovery is served as application/json',
  severity: 'error',
  spec: 'OIDC Discovery §4, §4.2 ; RFC 8414 §3.2',
  scope: 'transport',
  run: ({ document, fetch }) => {
    // A 304 has no body; any other status is transport.status's finding, and its error page's type is moot.
    if (document !== 'discovery' || fetch.status !== HTTP_OK) return SKIP;
    const type = mediaType(fetch.headers.contentType);
    if (type === DISCOVERY_MEDIA_TYPE) return [];
    return [
      {
        message:
          type === undefined
            ? 'the discovery document has no Content-Type; it must be application/json'
            : `the discovery document is served as ${type}; it must be application/json`,
        expected: DISCOVERY_MEDIA_TYPE,
        actual: fetch.headers.contentType ?? 'absent',
      },
    ];
  },
});
