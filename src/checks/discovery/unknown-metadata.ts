// Metadata names outside the IANA "OAuth Authorization Server Metadata" registry (RFC 8414 §2, §7.1): allowed
// (additional metadata MAY be used) but worth seeing, since clients ignore them and a typo reads as absence.
import { REGISTERED_METADATA_NAMES, isRegisteredMetadata } from '../../discovery/metadata.js';
import { defineRule } from '../types.js';
import { pointerTo } from './support.js';
import { quote } from '../support.js';

/** Registered names by lower case: registry names are for case-insensitive matching (RFC 8414 §7.1.1). */
const BY_LOWER_CASE = new Map(REGISTERED_METADATA_NAMES.map((name) => [name.toLowerCase(), name] as const));

export const discUnknownMetadata = defineRule({
  id: 'disc.unknown-metadata',
  title: 'Metadata names are registered',
  severity: 'info',
  spec: 'RFC 8414 §2, §7.1',
  scope: 'discovery',
  run: ({ doc }) =>
    Object.keys(doc)
      .filter((name) => !isRegisteredMetadata(name))
      .map((name) => {
        const registered = BY_LOWER_CASE.get(name.toLowerCase());
        const hint = registered === undefined ? '' : `; did you mean "${registered}"? Member names are case-sensitive`;
        return {
          message: `metadata ${quote(name)} is not in the IANA OAuth Authorization Server Metadata registry; clients will ignore it${hint}`,
          pointer: pointerTo(name),
        };
      }),
});
