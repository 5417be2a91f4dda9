import { describe, expect, it } from 'vitest';
import { jwkAlgCrvMatch } from '../../../src/checks/alg/alg-crv-match.js';
import { keyInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from './fixtures.js';

describe('jwk.alg.crv-match', () => {
  it('passes each algorithm on its curve', () => {
    for (const [kind, alg] of [
      ['p256', 'ES256'],
      ['p384', 'ES384'],
      ['p521', 'ES512'],
      ['secp256k1', 'ES256K'],
      ['ed25519', 'Ed25519'],
      ['ed448', 'Ed448'],
      ['ed25519', 'EdDSA'],
      ['ed448', 'EdDSA'],
      ['p521', 'ECDH-ES'],
      ['x448', 'ECDH-ES+A256KW'],
    ] as const) {
      expect(evaluate(jwkAlgCrvMatch, keyInput(jwk(kind, { alg }))), `${kind} ${alg}`).toEqual([]);
    }
  });

  it('flags ES256 on a P-384 key as an error at /crv', () => {
    expect(evaluate(jwkAlgCrvMatch, keyInput(jwk('p384', { alg: 'ES256' })))).toEqual([
      { ruleId: 'jwk.alg.crv-match', severity: 'error', pointer: '/keys/0/crv' },
    ]);
  });

  it('flags Ed25519 on an Ed448 key, ES256K on a P-256 key, and EdDSA on an X25519 key', () => {
    expect(evaluate(jwkAlgCrvMatch, keyInput(jwk('ed448', { alg: 'Ed25519' })))).toHaveLength(1);
    expect(evaluate(jwkAlgCrvMatch, keyInput(jwk('p256', { alg: 'ES256K' })))).toHaveLength(1);
    expect(evaluate(jwkAlgCrvMatch, keyInput(jwk('x25519', { alg: 'EdDSA' })))).toHaveLength(1);
  });

  it('flags ECDH-ES on an Ed25519 key (OKP key agreement needs X25519 or X448)', () => {
    expect(evaluate(jwkAlgCrvMatch, keyInput(jwk('ed25519', { alg: 'ECDH-ES' })))).toHaveLength(1);
  });

  it('is skipped when the kty does not fit (kty-match reports it), without crv, or for RSA algorithms', () => {
    expect(evaluate(jwkAlgCrvMatch, keyInput(jwk('ed25519', { alg: 'ES256' })))).toBe('skip');
    expect(evaluate(jwkAlgCrvMatch, keyInput({ kty: 'EC', alg: 'ES256' }))).toBe('skip');
    expect(evaluate(jwkAlgCrvMatch, keyInput(jwk('rsa2048', { alg: 'RS256', crv: 'P-256' })))).toBe('skip');
  });
});
