// Registered metadata have the JSON types their specs give them: arrays of strings, booleans, strings holding
// URLs, objects (OIDC Discovery §3 ; RFC 8414 §2 ; the specs behind the IANA registry entries).
import { isRecord, jsonTypeOf, ownMember } from '../../json/guards.js';
import { childPointer } from '../../json/pointer.js';
import { isEndpointMetadata, metadataType, type MetadataType } from '../../discovery/metadata.js';
import { parseAbsoluteUrl } from '../../discovery/well-known.js';
import { defineRule, type FindingDraft } from '../types.js';
import { clipField, member, pointerTo } from './support.js';
import { quote } from '../support.js';

/** Members whose type has a rule of its own (`disc.issuer.present`, `disc.jwks_uri.https`). */
const OWN_RULE = new Set(['issuer', 'jwks_uri']);

const DESCRIPTION: Readonly<Record<MetadataType, string>> = {
  url: 'a string holding a URL',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  'string-array': 'an array of strings',
  object: 'a JSON object',
  'url-map': 'a JSON object whose values are URLs',
};

function typeProblems(name: string, type: MetadataType, value: unknown): FindingDraft[] {
  const pointer = pointerTo(name);
  const wrongType = (actual: string, at = pointer): FindingDraft => ({
    message: `"${name}" is ${actual}; it must be ${DESCRIPTION[type]}`,
    pointer: at,
    expected: DESCRIPTION[type],
    actual,
  });
  switch (type) {
    case 'url':
      if (typeof value !== 'string') return [wrongType(`a JSON ${jsonTypeOf(value)}`)];
      // Endpoint URLs are `disc.endpoints.https`'s to judge, scheme included.
      if (!isEndpointMetadata(name) && parseAbsoluteUrl(value) === undefined) {
        return [{ message: `"${name}" ${quote(value)} is not an absolute URL`, pointer, actual: clipField(value) }];
      }
      return [];
    case 'string':
      return typeof value === 'string' ? [] : [wrongType(`a JSON ${jsonTypeOf(value)}`)];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [wrongType(`a JSON ${jsonTypeOf(value)}`)];
    case 'object':
      return isRecord(value) ? [] : [wrongType(`a JSON ${jsonTypeOf(value)}`)];
    case 'string-array': {
      if (!Array.isArray(value)) return [wrongType(`a JSON ${jsonTypeOf(value)}`)];
      const findings: FindingDraft[] = [];
      value.forEach((entry: unknown, index) => {
        if (typeof entry !== 'string') {
          findings.push({
            message: `"${name}" entry ${index} is a JSON ${jsonTypeOf(entry)}; every entry must be a string`,
            pointer: childPointer(pointer, index),
            expected: 'string',
            actual: jsonTypeOf(entry),
          });
        }
      });
      return findings;
    }
    case 'url-map': {
      if (!isRecord(value)) return [wrongType(`a JSON ${jsonTypeOf(value)}`)];
      return Object.keys(value).flatMap((alias) => {
        const url = ownMember(value, alias);
        return typeof url === 'string'
          ? []
          : [
              {
                message: `"${name}" entry ${quote(alias)} is a JSON ${jsonTypeOf(url)}; every entry must be a URL string`,
                pointer: childPointer(pointer, alias),
                expected: 'string',
                actual: jsonTypeOf(url),
              },
            ];
      });
    }
  }
}

export const discTypes = defineRule({
  id: 'disc.types',
  title: 'Registered metadata have their JSON types',
  severity: 'error',
  spec: 'OIDC Discovery §3 ; RFC 8414 §2',
  scope: 'discovery',
  run: ({ doc }) =>
    Object.keys(doc).flatMap((name) => {
      const type = metadataType(name);
      if (type === undefined || OWN_RULE.has(name)) return [];
      return typeProblems(name, type, member(doc, name));
    }),
});
