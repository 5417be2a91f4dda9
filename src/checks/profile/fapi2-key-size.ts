// FAPI 2.0: RSA keys have at least 2048 bits and elliptic curve keys at least 224 bits (FAPI 2.0 SP §5.4.1
// items 2-3).
import { SKIP, defineRule } from '../types.js';
import { keySizeFindings, onlyUnder, type KeySizePolicy } from './support.js';

const FAPI2_KEY_SIZES: KeySizePolicy = { name: 'FAPI 2.0', rsaMinBits: 2048, ecMinBits: 224 };

export const profileFapi2KeySize = defineRule({
  id: 'profile.fapi2.key-size',
  title: 'Keys meet the FAPI 2.0 minimum sizes',
  severity: 'error',
  spec: 'FAPI 2.0 SP §5.4.1 items 2-3',
  profiles: onlyUnder('fapi2'),
  scope: 'set',
  run: ({ keys, profile }) => {
    if (profile !== 'fapi2' || keys.length === 0) return SKIP;
    return keySizeFindings(FAPI2_KEY_SIZES, keys);
  },
});
