import { describe, expect, it } from 'vitest';
import { jwkAlgUseMatch } from '../../../src/checks/alg/alg-use-match.js';
import { keyInput } from '../../helpers/inputs.js';
import { evaluate, jwk } from './fixtures.js';

describe('jwk.alg.use-match', () => {
  it('passes a signature algorithm with use sig and key_ops verify', () => {
    expect(
      evaluate(jwkAlgUseMatch, keyInput(jwk('rsa2048', { alg: 'PS256', use: 'sig', key_ops: ['verify'] }))),
    ).toEqual([]);
  });

  it('passes an encryption algorithm with use enc and key_ops encrypt/wrapKey', () => {
    expect(
      evaluate(
        jwkAlgUseMatch,
        keyInput(jwk('rsa2048', { alg: 'RSA-OAEP-256', use: 'enc', key_ops: ['encrypt', 'wrapKey'] })),
      ),
    ).toEqual([]);
    expect(evaluate(jwkAlgUseMatch, keyInput(jwk('x25519', { alg: 'ECDH-ES', key_ops: ['deriveKey'] })))).toEqual([]);
  });

  it('flags a signature algorithm on a key with use enc', () => {
    expect(evaluate(jwkAlgUseMatch, keyInput(jwk('p256', { alg: 'ES256', use: 'enc' })))).toEqual([
      { ruleId: 'jwk.alg.use-match', severity: 'error', pointer: '/keys/0/use' },
    ]);
  });

  it('flags an encryption algorithm on a key with use sig', () => {
    expect(evaluate(jwkAlgUseMatch, keyInput(jwk('rsa2048', { alg: 'RSA-OAEP', use: 'sig' })))).toEqual([
      { ruleId: 'jwk.alg.use-match', severity: 'error', pointer: '/keys/0/use' },
    ]);
  });

  it('flags a signature algorithm whose key_ops allow encryption', () => {
    expect(
      evaluate(jwkAlgUseMatch, keyInput(jwk('rsa2048', { alg: 'RS256', key_ops: ['verify', 'encrypt'] }))),
    ).toEqual([{ ruleId: 'jwk.alg.use-match', severity: 'error', pointer: '/keys/0/key_ops' }]);
  });

  it('flags an encryption algorithm whose key_ops allow verify, and both members at once', () => {
    expect(
      evaluate(jwkAlgUseMatch, keyInput(jwk('rsa2048', { alg: 'RSA-OAEP-256', use: 'sig', key_ops: ['verify'] }))),
    ).toHaveLength(2);
  });

  it('leaves unregistered use values to jwk.use.value', () => {
    expect(evaluate(jwkAlgUseMatch, keyInput(jwk('rsa2048', { alg: 'RS256', use: 'signing' })))).toEqual([]);
  });

  it('is skipped without alg or with an unknown alg', () => {
    expect(evaluate(jwkAlgUseMatch, keyInput(jwk('rsa2048', { use: 'enc' })))).toBe('skip');
    expect(evaluate(jwkAlgUseMatch, keyInput(jwk('rsa2048', { alg: 'XX', use: 'enc' })))).toBe('skip');
  });
});
