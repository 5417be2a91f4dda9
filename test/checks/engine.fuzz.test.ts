/**
 * Seeded fuzzing of the whole engine: thousands of mutated documents (wrong member types, huge numbers, deep
 * nesting, truncation, bit flips, invalid UTF-8). The engine must never throw, always return a verdict, and no
 * rule may crash (a crash would show as an "internal error" finding).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/checks/engine.js';
import { DEFAULT_CHECK_OPTIONS, PROFILES } from '../../src/checks/types.js';
import { discoveryDocument } from '../helpers/fake-idp.js';
import { testKey } from '../helpers/x5c.js';

const SEED = 20261122;
const RUNS = 1_500;

const seedKeys: Record<string, unknown>[] = [
  { ...testKey('rsa-2048').jwk, kid: 'rsa', use: 'sig', alg: 'RS256' },
  { ...testKey('ec-P-256').jwk, kid: 'ec', use: 'sig', alg: 'ES256' },
  { ...testKey('ed25519').jwk, kid: 'ed', alg: 'EdDSA' },
  { ...testKey('x25519').jwk, kid: 'x', use: 'enc', alg: 'ECDH-ES' },
  { kty: 'oct', k: 'c2VjcmV0', alg: 'HS256' },
  { kty: 'AKP', alg: 'ML-DSA-44', pub: 'AAAA' },
  {
    kty: 'RSA',
    n: 'AQAB',
    e: 'AQAB',
    d: 'AQAB',
    p: 'AQ',
    q: 'AQ',
    x5c: ['MIIB'],
    x5t: 'abc',
    key_ops: ['sign', 'sign'],
  },
];

const evil = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    1e308,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    '=',
    '====',
    'A'.repeat(5000),
    '\u0000',
    '\ud800',
    [],
    {},
    null,
    true,
  ),
);

/** A key with members replaced, removed or added at random. */
const mutatedKey = fc
  .tuple(
    fc.constantFrom(...seedKeys),
    fc.array(
      fc.tuple(
        fc.constantFrom(
          'kty',
          'kid',
          'n',
          'e',
          'x',
          'y',
          'crv',
          'alg',
          'use',
          'key_ops',
          'x5c',
          'x5t',
          'x5t#S256',
          'x5u',
          'd',
          'k',
          'pub',
          'oth',
          'ext',
          '__proto__',
          'constructor',
        ),
        fc.option(evil),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([key, edits]) => {
    const out: Record<string, unknown> = { ...key };
    for (const [name, value] of edits) {
      if (value === null) delete out[name];
      else Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });

const jwksDocument = fc.oneof(
  fc.array(fc.oneof(mutatedKey, evil), { maxLength: 6 }).map((keys) => ({ keys })),
  fc.record({ keys: evil, extra: evil }),
  evil,
);

/** Byte-level damage on the serialised document. */
function damage(bytes: Buffer, ops: readonly [number, number, number][]): Buffer {
  let out = Buffer.from(bytes);
  for (const [kind, position, value] of ops) {
    const at = out.length === 0 ? 0 : position % out.length;
    if (kind === 0) out = out.subarray(0, at);
    else if (kind === 1 && out.length > 0) out[at] = out[at]! ^ (1 << (value % 8));
    else if (kind === 2) out = Buffer.concat([out.subarray(0, at), Buffer.from([value % 256]), out.subarray(at)]);
    else if (kind === 3)
      out = Buffer.concat([out.subarray(0, at), Buffer.from('['.repeat(value % 3000)), out.subarray(at)]);
  }
  return out;
}

const damageOps = fc.array(fc.tuple(fc.nat(3), fc.nat(), fc.nat()), { maxLength: 3 });

describe('the engine under fuzzing', () => {
  const engine = createEngine({ documentCacheEntries: 16, keyCacheEntries: 16 });
  const now = new Date('2026-06-01T00:00:00Z');

  function check(jwksBytes: Buffer, discoveryBytes: Buffer | undefined, profile: (typeof PROFILES)[number]) {
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const jwksHash = sha(jwksBytes);
    const evaluation = engine.evaluate({
      profile,
      options: DEFAULT_CHECK_OPTIONS,
      now,
      jwks: { parsed: engine.parse(jwksBytes, jwksHash), sha256: jwksHash },
      ...(discoveryBytes !== undefined && {
        discovery: {
          parsed: engine.parse(discoveryBytes, sha(discoveryBytes)),
          sha256: sha(discoveryBytes),
          discoveryUrl: 'https://idp.example/.well-known/openid-configuration',
          expectedIssuer: 'https://idp.example',
          flavour: 'openid' as const,
        },
      }),
    });
    expect(Array.isArray(evaluation.findings)).toBe(true);
    const crashes = evaluation.findings.filter((f) => f.message.includes('could not be evaluated'));
    expect(crashes).toEqual([]);
  }

  it('never throws and no rule crashes on mutated JWKS documents', () => {
    fc.assert(
      fc.property(jwksDocument, damageOps, fc.constantFrom(...PROFILES), (doc, ops, profile) => {
        check(damage(Buffer.from(JSON.stringify(doc) ?? 'null'), ops), undefined, profile);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('never throws and no rule crashes on mutated discovery documents beside a JWKS', () => {
    const base = discoveryDocument('https://idp.example', 'https://idp.example/jwks');
    const names = Object.keys(base).concat([
      'signed_metadata',
      'mtls_endpoint_aliases',
      'ui_locales_supported',
      'claims_supported',
    ]);
    const mutatedDiscovery = fc
      .array(fc.tuple(fc.constantFrom(...names), fc.option(evil)), { maxLength: 5 })
      .map((edits) => {
        const out: Record<string, unknown> = { ...base };
        for (const [name, value] of edits) {
          if (value === null) delete out[name];
          else out[name] = value;
        }
        return out;
      });
    fc.assert(
      fc.property(mutatedDiscovery, jwksDocument, damageOps, (disc, jwks, ops) => {
        check(Buffer.from(JSON.stringify(jwks) ?? 'null'), damage(Buffer.from(JSON.stringify(disc)), ops), 'oidc');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('handles invalid UTF-8 and a 20,000-level nested document', () => {
    check(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), undefined, 'core');
    check(Buffer.from(`{"keys":${'['.repeat(20_000)}`), undefined, 'core');
    check(Buffer.from(`{"keys":[${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}]}`), undefined, 'core');
  });
});
