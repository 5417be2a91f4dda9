// FAPI 1.0: RSA keys have at least 2048 bits and elliptic curve keys at least 160 bits (FAPI 1.0 Part 1 §5.2.2
// items 5-6).
import { SKIP, defineRule } from '../types.js';
import { keySizeFindings, onlyUnder, type KeySizePolicy } from './support.js';

const FAPI1_KEY_SIZES: KeySizePolicy = { name: 'FAPI 1.0', rsaMinBits: 2048, ecMinBits: 160 };

export const profileFapi1KeySize = defineRule({
  id: 'profile.fapi1.key-size',
  title: 'Keys meet the FAPI 1.0 minimum sizes',
  severity: 'error',
  spec: 'FAPI 1.0 Part 1 §5.2.2 items 5-6',
  profiles: onlyUnder('fapi1'),
  scope: 'set',
  run: ({ keys, profile }) => {
    if (profile !== 'fapi1' || keys.length === 0) return SKIP;
    return keySizeFindings(FAPI1_KEY_SIZES, keys);
  },
});
