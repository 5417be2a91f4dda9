import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  REDACTION_FINGERPRINT_HEX,
  isRedactionMarker,
  privateMaterialIn,
  privateMemberOf,
  redactJwks,
  redactionMarker,
  scrubSecrets,
} from '../../src/jwks/redact.js';
import { PRIVATE_MEMBERS } from '../../src/jwks/types.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_RSA: Record<string, unknown> = { ...privateKey.export({ format: 'jwk' }), kid: 'leaky' };

function secretStrings(jwk: Record<string, unknown>): string[] {
  return PRIVATE_MEMBERS.flatMap((m) => (typeof jwk[m] === 'string' ? [jwk[m]] : []));
}

describe('redactJwks', () => {
  it('replaces every private RSA member by a marker and keeps the public ones', () => {
    const { value, members } = redactJwks({ keys: [PRIVATE_RSA] });
    const text = JSON.stringify(value);
    for (const secret of secretStrings(PRIVATE_RSA)) expect(text).not.toContain(secret);
    expect(text).toContain(String(PRIVATE_RSA['n']));
    expect(members.map((m) => m.member).sort()).toEqual(['d', 'dp', 'dq', 'p', 'q', 'qi']);
    expect(members.map((m) => m.pointer)).toContain('/keys/0/d');
  });

  it('writes a marker with the first hex digits of the SHA-256 of the value', () => {
    const d = String(PRIVATE_RSA['d']);
    const expected = createHash('sha256').update(d).digest('hex').slice(0, REDACTION_FINGERPRINT_HEX);
    expect(redactionMarker(d)).toBe(`[redacted sha256:${expected}]`);
    expect(isRedactionMarker(redactionMarker(d))).toBe(true);
  });

  it('gives the same secret the same marker and different secrets different markers', () => {
    const a = redactJwks({ keys: [{ kty: 'oct', k: 'first-secret-value' }] }).value;
    const b = redactJwks({ keys: [{ kty: 'oct', k: 'first-secret-value' }] }).value;
    const c = redactJwks({ keys: [{ kty: 'oct', k: 'other-secret-value' }] }).value;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('redacts the symmetric k, AKP priv and a multi-prime oth array', () => {
    const oth = [{ r: 'prime-r-value-123', d: 'exponent-d-value', t: 'coefficient-t' }];
    const { value, removedValues } = redactJwks({
      keys: [
        { kty: 'oct', k: 'c2VjcmV0LWtleQ' },
        { kty: 'AKP', priv: 'seed-bytes-b64u' },
        { kty: 'RSA', oth },
      ],
    });
    const text = JSON.stringify(value);
    expect(text).not.toContain('c2VjcmV0LWtleQ');
    expect(text).not.toContain('seed-bytes-b64u');
    expect(text).not.toContain('prime-r-value-123');
    expect(removedValues).toEqual(
      expect.arrayContaining(['c2VjcmV0LWtleQ', 'seed-bytes-b64u', 'prime-r-value-123', 'exponent-d-value']),
    );
  });

  it('redacts private members wherever they are nested, not only in keys[i]', () => {
    const { value } = redactJwks({
      keys: { main: { kty: 'EC', d: 'nested-secret-1' } },
      wrapper: { keys: [{ d: 'nested-secret-2' }] },
    });
    const text = JSON.stringify(value);
    expect(text).not.toContain('nested-secret-1');
    expect(text).not.toContain('nested-secret-2');
  });

  it('does not modify its input', () => {
    const input = { keys: [{ ...PRIVATE_RSA }] };
    const before = JSON.stringify(input);
    redactJwks(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('leaves a redacted document as it is (markers are not redacted again)', () => {
    const once = redactJwks({ keys: [PRIVATE_RSA] });
    const twice = redactJwks(once.value);
    expect(JSON.stringify(twice.value)).toBe(JSON.stringify(once.value));
    expect(twice.members).toEqual([]);
  });

  it('keeps a "__proto__" member as data rather than a prototype', () => {
    const { value } = redactJwks(JSON.parse('{"keys":[{"__proto__":{"d":"proto-secret"},"kty":"EC"}]}'));
    const text = JSON.stringify(value);
    expect(text).toContain('"__proto__"');
    expect(text).not.toContain('proto-secret');
  });

  it('returns scalars and a set without private members unchanged', () => {
    expect(redactJwks('text').value).toBe('text');
    const publicSet = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] };
    expect(redactJwks(publicSet).value).toEqual(publicSet);
  });
});

describe('what counts as private material', () => {
  const pem = String(
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  const keyDer = (type: 'pkcs8' | 'sec1') =>
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type, format: 'der' }).toString('base64');

  it('knows the private members in any letter case and under their PKCS#1 and .NET names', () => {
    expect(['D', 'Qi', 'K', 'DP', 'InverseQ', 'privateExponent', 'PRIV'].map(privateMemberOf)).toEqual([
      'd',
      'qi',
      'k',
      'dp',
      'qi',
      'd',
      'priv',
    ]);
    expect(['n', 'e', 'x', 'kid', 'Exponent', 'Modulus'].map(privateMemberOf)).toEqual(Array(6).fill(undefined));
    const { value, members } = redactJwks({
      keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', D: 'case-secret-1', InverseQ: 'case-secret-2' }],
    });
    expect(JSON.stringify(value)).not.toMatch(/case-secret/);
    expect(members.map((m) => m.member)).toEqual(['D', 'InverseQ']);
  });

  it('redacts a PEM private key in any member, and an x5c entry that is a private key rather than a certificate', () => {
    const certificate = 'MIIBszCCAVmgAwIBAgIUQ0'; // the start of a certificate's DER: SEQUENCE { SEQUENCE ...
    const pkcs8 = keyDer('pkcs8');
    const sec1 = keyDer('sec1');
    const { value, members } = redactJwks({
      keys: [{ kty: 'EC', note: pem, x5c: [certificate, pkcs8, sec1] }],
    });
    const text = JSON.stringify(value);
    expect(text).not.toContain(pem.split('\n')[1]);
    expect(text).not.toContain(pkcs8.slice(0, 40));
    expect(text).not.toContain(sec1.slice(0, 40));
    expect(text).toContain(certificate);
    expect(members.map((m) => m.pointer)).toEqual(['/keys/0/note', '/keys/0/x5c/1', '/keys/0/x5c/2']);
  });

  it('redacts JSON text that holds a private key, and leaves other JSON text alone', () => {
    const asText = JSON.stringify({ kty: 'EC', d: 'text-secret-value' });
    const { value, removedValues } = redactJwks({ keys: [asText, '{"kty":"EC","x":"public"}', '[not json'] });
    expect(JSON.stringify(value)).not.toContain('text-secret-value');
    expect(JSON.stringify(value)).toContain('public');
    expect(removedValues).toEqual([asText]);
  });

  it('lists where a key holds private material, its own members first in document order', () => {
    expect(privateMaterialIn({ kty: 'RSA', D: 'x', wrapped: { d: 'y' }, p: 'z' })).toEqual(['D', 'p', 'wrapped/d']);
    expect(privateMaterialIn(JSON.stringify({ d: 'secret' }))).toEqual(['']);
    expect(privateMaterialIn({ kty: 'EC', x: 'x', y: 'y', crv: 'P-256' })).toEqual([]);
  });
});

describe('scrubSecrets', () => {
  it('replaces a removed value that appears in free text by its marker', () => {
    const d = String(PRIVATE_RSA['d']);
    const text = scrubSecrets(`the key carries d=${d} (bad)`, [d]);
    expect(text).not.toContain(d);
    expect(text).toContain(redactionMarker(d));
  });

  it('leaves short values alone, as they would match ordinary words', () => {
    expect(scrubSecrets('a key is here', ['key'])).toBe('a key is here');
  });
});
