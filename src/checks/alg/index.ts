import type { Rule } from '../types.js';
import { jwkAlgCrvMatch } from './alg-crv-match.js';
import { jwkAlgKtyMatch } from './alg-kty-match.js';
import { jwkAlgPresent } from './alg-present.js';
import { jwkAlgRegistered } from './alg-registered.js';
import { jwkAlgUseMatch } from './alg-use-match.js';
import { algEddsaPolymorphic } from './eddsa-polymorphic.js';
import { algLegacyStrength } from './legacy-strength.js';
import { algNone } from './none.js';
import { algRsa1_5 } from './rsa1-5.js';
import { algSymmetric } from './symmetric.js';

/** The `jwk.alg.*` rows of "Per-key common members" and the "Algorithm policy" group. */
export const algRules: readonly Rule[] = [
  jwkAlgRegistered,
  jwkAlgKtyMatch,
  jwkAlgCrvMatch,
  jwkAlgUseMatch,
  jwkAlgPresent,
  algNone,
  algSymmetric,
  algRsa1_5,
  algEddsaPolymorphic,
  algLegacyStrength,
];
