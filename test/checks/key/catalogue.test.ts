import { describe, expect, it } from 'vitest';
import { keyRules } from '../../../src/checks/key/index.js';
import { loadRfcFixture, loadRfcKeys } from '../../jwks/rfc-fixtures.js';
import { evaluate } from './evaluate.js';

const EXPECTED: Record<string, string> = {
  'jwk.kty.present': 'error',
  'jwk.kty.known': 'warning',
  'jwk.members.required': 'error',
  'jwk.members.types': 'error',
  'jwk.base64url.alphabet': 'error',
  'jwk.base64urluint.minimal': 'warning',
  'jwk.use.value': 'warning',
  'jwk.key_ops.valid': 'error',
  'jwk.key_ops.combination': 'warning',
  'jwk.use-key_ops.consistency': 'warning',
  'jwk.kid.type': 'error',
  'jwk.unknown-member': 'info',
  'jwk.private.members': 'error',
  'jwk.private.symmetric': 'error',
  'jwk.private.rsa-complete': 'error',
};

describe('key rule catalogue', () => {
  it('holds exactly the catalogue ids with their default severities, all key-scoped', () => {
    expect(Object.fromEntries(keyRules.map((r) => [r.id, r.severity]))).toEqual(EXPECTED);
    expect(keyRules.every((r) => r.scope === 'key' && r.spec.length > 0 && r.title.length > 0)).toBe(true);
  });

  it('skips every rule for an element of keys that is not an object', () => {
    for (const value of [null, 42, 'RSA', [], [{ kty: 'RSA' }], true]) {
      const result = evaluate(value);
      expect(result.findings).toEqual([]);
      expect(result.skipped).toEqual(Object.keys(EXPECTED));
    }
  });

  it('finds nothing wrong with the published RFC example keys', () => {
    const published = [
      ...loadRfcKeys('rfc7517-a1-public-keys.json'),
      loadRfcFixture('rfc7517-b-x5c.json'),
      loadRfcFixture('rfc7520-3.1-ec-public.json'),
      loadRfcFixture('rfc7520-3.3-rsa-public.json'),
      loadRfcFixture('rfc8037-a.2-ed25519-public.json'),
    ];
    for (const jwk of published) expect(evaluate(jwk).findings).toEqual([]);
  });

  it('flags the RFC private and symmetric example keys as leaks', () => {
    const [ec, rsa] = loadRfcKeys('rfc7517-a2-private-keys.json');
    expect(evaluate(ec).fired).toEqual(['jwk.private.members']);
    expect(evaluate(rsa).fired).toEqual(['jwk.private.members']);
    expect(evaluate(loadRfcFixture('rfc7520-3.4-rsa-private.json')).fired).toEqual(['jwk.private.members']);
    expect(evaluate(loadRfcFixture('rfc8037-a.1-ed25519-private.json')).fired).toEqual(['jwk.private.members']);
    expect(evaluate(loadRfcFixture('rfc7520-3.5-symmetric-mac.json')).fired).toEqual(['jwk.private.symmetric']);
    expect(evaluate(loadRfcFixture('rfc7520-3.6-symmetric-enc.json')).fired).toEqual(['jwk.private.symmetric']);
  });

  it('accepts the RFC private keys in private-key mode', () => {
    const mode = { options: { privateKeyMode: true } };
    expect(evaluate(loadRfcFixture('rfc7520-3.4-rsa-private.json'), mode).findings).toEqual([]);
    expect(evaluate(loadRfcFixture('rfc8037-a.1-ed25519-private.json'), mode).findings).toEqual([]);
  });
});
