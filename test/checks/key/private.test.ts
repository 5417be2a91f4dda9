import { describe, expect, it } from 'vitest';
import { keyRules } from '../../../src/checks/key/index.js';
import { PROFILES } from '../../../src/checks/types.js';
import { loadRfcFixture, loadRfcKeys } from '../../jwks/rfc-fixtures.js';
import { evaluate } from './evaluate.js';

const rsaPrivate = (): Record<string, unknown> => loadRfcFixture('rfc7520-3.4-rsa-private.json');
const rsaPublic = (): Record<string, unknown> => loadRfcFixture('rfc7520-3.3-rsa-public.json');
const privateMode = { options: { privateKeyMode: true } };
const without = (jwk: Record<string, unknown>, ...names: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(jwk).filter(([name]) => !names.includes(name)));

describe('jwk.private.members', () => {
  it('passes a public key', () => {
    expect(evaluate(rsaPublic()).of('jwk.private.members')).toEqual([]);
  });

  it('flags an RSA key that carries the private exponent d, with one finding naming every member', () => {
    const findings = evaluate(rsaPrivate()).of('jwk.private.members');
    expect(findings).toMatchObject([{ severity: 'error', actual: 'd, p, q, dp, dq, qi' }]);
  });

  it('flags private members whatever the kty, even an unknown or missing one', () => {
    expect(evaluate({ kty: 'XYZ', d: 'AAAA' }).of('jwk.private.members')).toHaveLength(1);
    expect(evaluate({ d: 'AAAA' }).of('jwk.private.members')).toHaveLength(1);
    expect(evaluate({ kty: 'AKP', alg: 'ML-DSA-44', pub: 'AA', priv: 'AA' }).of('jwk.private.members')).toMatchObject([
      { actual: 'priv' },
    ]);
    expect(evaluate({ kty: 'EC', oth: [] }).of('jwk.private.members')).toMatchObject([{ actual: 'oth' }]);
  });

  it('flags a private member whose value is not even a string', () => {
    expect(evaluate({ ...rsaPublic(), d: null }).of('jwk.private.members')).toHaveLength(1);
  });

  it('is not evaluated in private-key mode', () => {
    expect(evaluate(rsaPrivate(), privateMode).skipped).toContain('jwk.private.members');
  });

  it('flags private members in another letter case or under a .NET name, and not as unknown members', () => {
    const { D, DP, InverseQ } = { D: rsaPrivate()['d'], DP: rsaPrivate()['dp'], InverseQ: rsaPrivate()['qi'] };
    const evaluation = evaluate({ ...rsaPublic(), D, DP, InverseQ });
    expect(evaluation.of('jwk.private.members')).toMatchObject([{ actual: 'D, DP, InverseQ' }]);
    expect(evaluation.of('jwk.unknown-member')).toEqual([]);
  });

  it('flags a PEM private key in a vendor member, and a key published as JSON text', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';
    expect(evaluate({ ...rsaPublic(), private_key: pem }).of('jwk.private.members')).toMatchObject([
      { actual: 'private_key' },
    ]);
    expect(evaluate(JSON.stringify(rsaPrivate())).of('jwk.private.members')).toMatchObject([
      { actual: 'private key as JSON text' },
    ]);
    expect(evaluate(JSON.stringify(rsaPublic())).skipped).toContain('jwk.private.members');
  });
});

describe('jwk.private.symmetric', () => {
  it('passes an asymmetric public key', () => {
    expect(evaluate(rsaPublic()).of('jwk.private.symmetric')).toEqual([]);
  });

  it('flags a published oct key and points at its k', () => {
    expect(evaluate(loadRfcFixture('rfc7520-3.5-symmetric-mac.json')).of('jwk.private.symmetric')).toMatchObject([
      { severity: 'error', pointer: '/keys/0/k' },
    ]);
  });

  it('flags a "K" as the shared secret it is, pointing at it', () => {
    expect(evaluate({ ...rsaPublic(), K: 'AAAA' }).of('jwk.private.symmetric')).toMatchObject([
      { pointer: '/keys/0/K' },
    ]);
    expect(evaluate({ ...rsaPublic(), K: 'AAAA' }).of('jwk.private.members')).toEqual([]);
  });

  it('flags a k member on a key of another type, and an oct key without k', () => {
    expect(evaluate({ ...rsaPublic(), k: 'AAAA' }).of('jwk.private.symmetric')).toHaveLength(1);
    expect(evaluate({ kty: 'oct' }).of('jwk.private.symmetric')).toMatchObject([{ actual: 'kty oct' }]);
  });
});

describe('jwk.private.rsa-complete', () => {
  it('is not evaluated for published sets', () => {
    expect(evaluate(rsaPrivate()).skipped).toContain('jwk.private.rsa-complete');
  });

  it('passes a complete RSA private key, and one with d only', () => {
    expect(evaluate(rsaPrivate(), privateMode).of('jwk.private.rsa-complete')).toEqual([]);
    expect(
      evaluate(without(rsaPrivate(), 'p', 'q', 'dp', 'dq', 'qi'), privateMode).of('jwk.private.rsa-complete'),
    ).toEqual([]);
  });

  it('flags a private key without d', () => {
    expect(evaluate(rsaPublic(), privateMode).of('jwk.private.rsa-complete')).toMatchObject([{ pointer: '/keys/0/d' }]);
  });

  it('flags a partial set of CRT members', () => {
    expect(evaluate(without(rsaPrivate(), 'qi', 'dq'), privateMode).of('jwk.private.rsa-complete')).toMatchObject([
      { severity: 'error', actual: 'p, q, dp' },
    ]);
  });

  it('flags an empty oth, and oth without the first two primes', () => {
    expect(evaluate({ ...rsaPrivate(), oth: [] }, privateMode).of('jwk.private.rsa-complete')).toMatchObject([
      { pointer: '/keys/0/oth', actual: 'empty array' },
    ]);
    const othOnly = { ...without(rsaPrivate(), 'p', 'q', 'dp', 'dq', 'qi'), oth: [{ r: 'AQ', d: 'AQ', t: 'AQ' }] };
    expect(evaluate(othOnly, privateMode).of('jwk.private.rsa-complete')).toHaveLength(1);
  });
});

describe('private values never appear in findings', () => {
  const SECRET = 'Zq9XvW7kPq3LmN8rT2yBc4HsJ6';
  const WINDOW = 6;
  const secretForms = [
    SECRET,
    `AA${SECRET}`,
    `${SECRET}==`,
    `${SECRET.slice(0, 10)}+/${SECRET.slice(10)}`,
    `${SECRET.slice(0, 10)} \n${SECRET.slice(10)}`,
    `${SECRET}*!`,
    `${SECRET}\u0000"`,
  ];
  const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'priv'] as const;

  function leakingKeys(secret: string): Record<string, unknown>[] {
    const members = Object.fromEntries(PRIVATE.map((name) => [name, secret]));
    const oth = [{ r: secret, d: secret, t: secret }];
    return [
      { ...rsaPublic(), ...members, oth },
      { ...loadRfcFixture('rfc7520-3.1-ec-public.json'), ...members },
      {
        ...loadRfcFixture('rfc8037-a.2-ed25519-public.json'),
        d: secret,
        key_ops: ['sign', 'verify', 'sign', 'bogus'],
        use: 'enc',
      },
      { kty: 'oct', k: secret, alg: 'HS256' },
      { kty: 'AKP', alg: 'ML-DSA-44', pub: 'AAAA', priv: secret },
      { kty: 'rsa', ...members, oth },
      { ...members, oth: secret },
      { kty: 'RSA', n: 'AQAB', e: 'AQAB', ...members, oth: [{ r: secret }], kid: '', vendor: 1 },
      { kty: 'RSA', n: 'AQAB', e: 'AQAB', d: secret, p: secret, oth: [] },
    ];
  }

  it('holds for every key rule, every profile, public and private mode', () => {
    const windows = Array.from({ length: SECRET.length - WINDOW + 1 }, (_, i) => SECRET.slice(i, i + WINDOW));
    let checked = 0;
    for (const secret of secretForms) {
      for (const jwk of leakingKeys(secret)) {
        for (const profile of PROFILES) {
          for (const privateKeyMode of [false, true]) {
            const result = evaluate(jwk, { profile, options: { privateKeyMode } });
            for (const finding of result.findings) {
              const text = JSON.stringify(finding);
              for (const window of windows) expect(text).not.toContain(window);
              checked += 1;
            }
          }
        }
      }
    }
    // The fixtures must make the private-material rules fire, or the assertion above proves nothing.
    expect(checked).toBeGreaterThan(100);
    const fired = new Set(
      secretForms.flatMap((s) =>
        leakingKeys(s).flatMap((k) => [...evaluate(k).fired, ...evaluate(k, privateMode).fired]),
      ),
    );
    for (const id of [
      'jwk.private.members',
      'jwk.private.symmetric',
      'jwk.private.rsa-complete',
      'jwk.base64url.alphabet',
      'jwk.base64urluint.minimal',
    ]) {
      expect(fired).toContain(id);
    }
    expect(keyRules.length).toBe(15);
  });

  it('keeps the RFC private key values out of every finding', () => {
    const keys: unknown[] = [
      ...loadRfcKeys('rfc7517-a2-private-keys.json'),
      rsaPrivate(),
      loadRfcFixture('rfc7520-3.2-ec-private.json'),
    ];
    for (const jwk of keys) {
      const secrets = Object.entries(jwk ?? {})
        .filter(([name]) => ['d', 'p', 'q', 'dp', 'dq', 'qi'].includes(name))
        .map(([, value]) => String(value).slice(0, 16));
      const text = JSON.stringify([...evaluate(jwk).findings, ...evaluate(jwk, privateMode).findings]);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
