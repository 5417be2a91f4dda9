// Asserts the leaf certificate (x5c[0]) holds the same public key as the bare JWK members: same key type, and
// n/e, crv/x/y or (OKP) crv/x equal (RFC 7517 §4.7; OIDC Discovery §3 "MUST match those in the certificate").
import { SKIP, defineRule } from '../types.js';
import { describeCertKey } from './cert-keys.js';
import { integersEqual, bytesEqual, isKty, memberBytes } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

/**
 * Members compared per kty. RSA integers and EC coordinates compare as numbers (leading zero octets are the
 * length rules' findings, not a different key); an OKP x is an octet string and compares as it is.
 */
const COMPARED: Readonly<Record<string, readonly string[]>> = { RSA: ['n', 'e'], EC: ['x', 'y'], OKP: ['x'] };

export const x5cKeyMatch = defineRule({
  id: 'jwk.x5c.key-match',
  title: 'The x5c leaf certificate holds the same public key as the JWK',
  severity: 'error',
  spec: 'RFC 7517 §4.7 ; OIDC Discovery §3',
  scope: 'key',
  run({ key }) {
    const leaf = key.certs[0]?.cert;
    const kty = key.kty;
    if (leaf === undefined || kty === undefined || !isKty(key, kty)) return SKIP;
    const names = Object.hasOwn(COMPARED, kty) ? COMPARED[kty] : undefined;
    if (names === undefined) return SKIP;
    const bare = names.map((name) => memberBytes(key, name));
    // Missing bare members are jwk.x5c.bare-key's finding.
    if (bare.some((bytes) => bytes === undefined) || ((kty === 'EC' || kty === 'OKP') && key.crv === undefined))
      return SKIP;
    const certKey = leaf.key;
    if (certKey === undefined) return SKIP;
    const pointer = memberPointer(key, 'x5c', 0);
    const mismatch = (what: string, expected: string, actual: string) => [
      {
        message: `x5c[0] of ${keyLabel(key)} holds ${what}; the certificate's key must match the bare key (RFC 7517 §4.7)`,
        pointer,
        expected,
        actual,
      },
    ];
    if (certKey.kty !== kty) {
      const held = describeCertKey(certKey);
      return mismatch(
        `a key of type ${held} but the JWK's kty is ${kty}`,
        `a key of type ${kty}`,
        `a key of type ${held}`,
      );
    }
    if (kty !== 'RSA' && certKey.crv !== key.crv) {
      return mismatch(
        `a key on ${certKey.crv ?? 'an unknown curve'} but the JWK's crv is ${JSON.stringify(key.crv)}`,
        `a key on ${key.crv ?? ''}`,
        `a key of type ${describeCertKey(certKey)}`,
      );
    }
    const certMembers = certKey.members;
    if (certMembers === undefined) return SKIP;
    const differing = names.filter((name, i) => {
      const jwkValue = bare[i];
      const certValue = Object.hasOwn(certMembers, name) ? certMembers[name] : undefined;
      if (jwkValue === undefined || certValue === undefined) return true;
      return kty === 'OKP' ? !bytesEqual(jwkValue, certValue) : !integersEqual(jwkValue, certValue);
    });
    if (differing.length === 0) return [];
    const differ = `${differing.join(' and ')} ${differing.length === 1 ? 'differs' : 'differ'}`;
    return mismatch(`a different public key than the bare key (${differ})`, 'the bare key', differ);
  },
});
