import type { Rule } from '../types.js';
import { jwksKeyDualPurpose } from './dual-purpose.js';
import { jwksKeyDuplicateMaterial } from './duplicate-material.js';
import { jwksKeyCount } from './key-count.js';
import { jwksKidRequired } from './kid-required.js';
import { jwksKidUnique } from './kid-unique.js';
import { jwksSigningKeyPresent } from './signing-key-present.js';
import { jwksUseRequiredWhenMixed } from './use-required-when-mixed.js';

/** The "Set-level rules" group: rules that judge the keys together. */
export const setRules: readonly Rule[] = [
  jwksKidUnique,
  jwksKidRequired,
  jwksKeyDuplicateMaterial,
  jwksKeyDualPurpose,
  jwksUseRequiredWhenMixed,
  jwksSigningKeyPresent,
  jwksKeyCount,
];
