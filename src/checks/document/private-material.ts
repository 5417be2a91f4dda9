// The document part of jwk.private.members: private or symmetric values anywhere outside the elements of a JWKS
// `keys` array (a top-level "d" beside "keys", a "keys" object instead of an array, a lone private JWK served as
// the set, a private key inlined in a discovery document). Redaction keeps them out of storage wherever they are;
// this makes sure they are reported too, and not as a mere unknown member. Inside `keys[i]` the key part reports
// them, with the key's kid and thumbprint.
import { privateMaterialIn, privateMemberOf } from '../../jwks/redact.js';
import { LEAK_ADVICE, PRIVATE_MEMBERS_RULE } from '../key/private-members.js';
import { MAX_KEYS_CHECKED } from '../limits.js';
import { clip } from '../support.js';
import type { ShadowedValue } from '../../json/types.js';
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { jwksKeys } from './support.js';

/** A document with thousands of private values gets a bounded report: this many findings, then one summary. */
const MAX_FINDINGS = 20;
const KEY_ELEMENT_INDEX = /^\/keys\/(\d+)(?:\/|$)/;

export const privateMaterial = defineRule({
  ...PRIVATE_MEMBERS_RULE,
  scope: 'document',
  run: (input) => {
    if (input.options.privateKeyMode || !input.parsed.ok) return SKIP;
    // A JWKS whose `keys` is an array: the elements the engine judges are the key part's; those past its ceiling
    // (limits.ts) are this part's, so a private key at /keys/5000 is reported all the same.
    const ownedByKeys = jwksKeys(input) !== undefined;
    const judgedByKeyPart = (pointer: string): boolean => {
      const index = KEY_ELEMENT_INDEX.exec(pointer)?.[1];
      return ownedByKeys && index !== undefined && Number(index) < MAX_KEYS_CHECKED;
    };
    const where = input.document === 'jwks' ? 'the JWK Set' : 'the discovery document';
    const outside = input.privateValues
      .filter((m) => !judgedByKeyPart(m.pointer))
      .map((m) => ({
        message: `${where} holds private key material ${placeOf(m.pointer)}; ${LEAK_ADVICE}`,
        pointer: m.pointer,
        expected: 'no private key values',
        actual: `private value at ${clip(m.pointer)}`,
      }));
    const findings: FindingDraft[] = [...outside, ...shadowedLeaks(input.parsed.shadowedValues, where)];
    return bounded(findings, where);
  },
});

/**
 * Private values in the occurrences of a duplicate member that JSON.parse dropped: stored nowhere, since only the
 * parsed value is kept, but published, and read by any client whose parser keeps the first occurrence.
 */
function shadowedLeaks(shadowed: readonly ShadowedValue[], where: string): FindingDraft[] {
  return shadowed.flatMap(({ pointer, name, value }) => {
    const inside = privateMemberOf(name) !== undefined ? [''] : privateMaterialIn(value);
    return inside.map((relative) => {
      const at = relative === '' ? pointer : `${pointer}/${relative}`;
      return {
        message:
          `${where} holds private key material at ${clip(at)} in an earlier duplicate of ${clip(pointer)}, which ` +
          `JSON.parse drops but parsers that keep the first occurrence read; ${LEAK_ADVICE}`,
        pointer: at,
        expected: 'no private key values',
        actual: `private value in a duplicate member at ${clip(at)}`,
      };
    });
  });
}

/** Where a private value sits, for a message: a pointer, or the whole document (a private key as a JSON string). */
function placeOf(pointer: string): string {
  return pointer === '' ? 'as the whole document (a private key as a JSON string)' : `at ${clip(pointer)}`;
}

function bounded(findings: FindingDraft[], where: string): FindingDraft[] {
  if (findings.length <= MAX_FINDINGS) return findings;
  return [
    ...findings.slice(0, MAX_FINDINGS),
    {
      message: `${findings.length - MAX_FINDINGS} more private values in ${where} are not listed`,
      actual: `${findings.length} private values`,
    },
  ];
}
