import type { Rule } from '../types.js';
import { base64urlAlphabet } from './base64url-alphabet.js';
import { base64urluintMinimal } from './base64urluint-minimal.js';
import { keyOpsCombination } from './key-ops-combination.js';
import { keyOpsValid } from './key-ops-valid.js';
import { kidType } from './kid-type.js';
import { ktyKnown } from './kty-known.js';
import { ktyPresent } from './kty-present.js';
import { membersRequired } from './members-required.js';
import { membersTypes } from './members-types.js';
import { privateMembers } from './private-members.js';
import { privateRsaComplete } from './private-rsa-complete.js';
import { privateSymmetric } from './private-symmetric.js';
import { unknownMember } from './unknown-member.js';
import { useKeyOpsConsistency } from './use-key-ops-consistency.js';
import { useValue } from './use-value.js';

/** Per-key member and private-material rules (catalogue: "Per-key common members", "Private and symmetric material"). */
export const keyRules: readonly Rule[] = [
  ktyPresent,
  ktyKnown,
  membersRequired,
  membersTypes,
  base64urlAlphabet,
  base64urluintMinimal,
  useValue,
  keyOpsValid,
  keyOpsCombination,
  useKeyOpsConsistency,
  kidType,
  unknownMember,
  privateMembers,
  privateSymmetric,
  privateRsaComplete,
];
