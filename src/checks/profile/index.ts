import type { Rule } from '../types.js';
import { profileFapi1Algs } from './fapi1-algs.js';
import { profileFapi1KeySize } from './fapi1-key-size.js';
import { profileFapi2Algs } from './fapi2-algs.js';
import { profileFapi2KeySize } from './fapi2-key-size.js';
import { profileShcIssuerKey } from './shc-issuer-key.js';

/** The "Profile overlays" group: evaluated only under their own profile ('off' under every other). */
export const profileRules: readonly Rule[] = [
  profileFapi2Algs,
  profileFapi2KeySize,
  profileFapi1Algs,
  profileFapi1KeySize,
  profileShcIssuerKey,
];
