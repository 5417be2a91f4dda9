import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  REDACTION_FINGERPRINT_HEX,
  isRedactionMarker,
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
