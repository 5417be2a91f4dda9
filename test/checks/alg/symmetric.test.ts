import { describe, expect, it } from 'vitest';
import { algSymmetric } from '../../../src/checks/alg/symmetric.js';
import { keyInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from './fixtures.js';

describe('alg.symmetric', () => {
  it('passes asymmetric algorithms', () => {
    expect(evaluate(algSymmetric, keyInput(jwk('rsa2048', { alg: 'RSA-OAEP-256' })))).toEqual([]);
    expect(evaluate(algSymmetric, keyInput(jwk('p256', { alg: 'ECDH-ES+A256KW' })))).toEqual([]);
  });

  it('flags HS256, A128KW, A256GCMKW, dir, PBES2 and a content-encryption alg as errors', () => {
    for (const alg of ['HS256', 'A128KW', 'A256GCMKW', 'dir', 'PBES2-HS256+A128KW', 'A256GCM']) {
      expect(evaluate(algSymmetric, keyInput({ kty: 'oct', alg, kid: 'shared' })), alg).toEqual([
        { ruleId: 'alg.symmetric', severity: 'error', pointer: '/keys/0/alg' },
      ]);
    }
  });

  it('flags a symmetric alg on an asymmetric key too', () => {
    expect(evaluate(algSymmetric, keyInput(jwk('rsa2048', { alg: 'HS512' })))).toHaveLength(1);
  });

  it('is skipped for a key without alg', () => {
    expect(evaluate(algSymmetric, keyInput({ kty: 'oct' }))).toBe('skip');
  });
});
