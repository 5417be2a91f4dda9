// Every endpoint (`*_endpoint`, `check_session_iframe`, each `mtls_endpoint_aliases` entry) is an absolute https
// URL (OIDC Discovery §3 ; RFC 8414 §2 ; RFC 8705 §5). Non-string values are `disc.types`' findings.
import { isRecord, ownMember } from '../../json/guards.js';
import { childPointer } from '../../json/pointer.js';
import { isEndpointMetadata } from '../../discovery/metadata.js';
import { parseAbsoluteUrl } from '../../discovery/well-known.js';
import { defineRule, type FindingDraft } from '../types.js';
import { clipField, member, pointerTo } from './support.js';
import { quote } from '../support.js';

function check(name: string, value: unknown, pointer: string): FindingDraft | undefined {
  if (typeof value !== 'string') return undefined;
  const url = parseAbsoluteUrl(value);
  if (url === undefined) {
    return {
      message: `${name} ${quote(value)} is not an absolute URL; it must be an https URL`,
      pointer,
      actual: clipField(value),
    };
  }
  if (url.protocol === 'https:') return undefined;
  return {
    message: `${name} ${quote(value)} uses ${url.protocol.slice(0, -1)}; endpoints must use https`,
    pointer,
    expected: 'https',
    actual: url.protocol.slice(0, -1),
  };
}

export const discEndpointsHttps = defineRule({
  id: 'disc.endpoints.https',
  title: 'Every endpoint is an https URL',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 8414 §2 ; RFC 8705 §5',
  scope: 'discovery',
  run: ({ doc }) => {
    const findings: FindingDraft[] = [];
    for (const name of Object.keys(doc)) {
      if (!isEndpointMetadata(name)) continue;
      const finding = check(`"${name}"`, member(doc, name), pointerTo(name));
      if (finding !== undefined) findings.push(finding);
    }
    const aliases = member(doc, 'mtls_endpoint_aliases');
    if (isRecord(aliases)) {
      for (const name of Object.keys(aliases)) {
        const pointer = childPointer(pointerTo('mtls_endpoint_aliases'), name);
        const finding = check(`mtls_endpoint_aliases ${quote(name)}`, ownMember(aliases, name), pointer);
        if (finding !== undefined) findings.push(finding);
      }
    }
    return findings;
  },
});
