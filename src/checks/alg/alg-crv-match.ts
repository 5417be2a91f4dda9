// A key's `alg` fits its curve: ES256/P-256, ES384/P-384, ES512/P-521, ES256K/secp256k1, Ed25519, Ed448,
// EdDSA/Ed25519 or Ed448, ECDH-ES*/P-* or X25519/X448 (RFC 7518 §3.4, §4.6 ; RFC 8812 §3 ; RFC 8037 §3 ; RFC 9864 §2).
import { SKIP, defineRule } from '../types.js';
import { allowedCurves, keyAlgorithmInfo } from './support.js';
import { clip, isKeyType, memberPointer, quote } from '../support.js';

export const jwkAlgCrvMatch = defineRule({
  id: 'jwk.alg.crv-match',
  title: 'Key alg fits the curve',
  severity: 'error',
  spec: 'RFC 7518 §3.4 ; RFC 8812 §3 ; RFC 8037 §3.1 ; RFC 9864 §2',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.alg === undefined || key.crv === undefined) return SKIP;
    const info = keyAlgorithmInfo(key.alg);
    // A kty that does not fit is jwk.alg.kty-match's finding; the curve is only judged within the right kty.
    if (info === undefined || !isKeyType(key.kty) || !info.kty.includes(key.kty)) return SKIP;
    const curves = allowedCurves(info, key.kty);
    if (curves === undefined || curves.length === 0) return SKIP;
    if (curves.includes(key.crv)) return [];
    const expected = curves.join(' or ');
    return [
      {
        message: `alg ${quote(key.alg)} on a ${key.kty} key needs curve ${expected}, but the key has crv ${quote(key.crv)}`,
        pointer: memberPointer(key, 'crv'),
        expected: `crv ${expected}`,
        actual: `crv ${clip(key.crv)}`,
      },
    ];
  },
});
