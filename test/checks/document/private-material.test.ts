import { describe, expect, it } from 'vitest';
import { privateMaterial } from '../../../src/checks/document/private-material.js';
import { MAX_KEYS_CHECKED } from '../../../src/checks/limits.js';
import { run } from './evaluate.js';
import { documentInput, jwksInput } from './inputs.js';

const publicKey = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'a' };

describe('jwk.private.members, the document part', () => {
  it('flags a private value beside "keys", and leaves the elements of keys to the key part', () => {
    const findings = run(privateMaterial, jwksInput({ keys: [{ ...publicKey, d: 'in-key' }], d: 'top-level' }));
    expect(findings).toMatchObject([{ ruleId: 'jwk.private.members', severity: 'error', pointer: '/d' }]);
  });

  it('flags a private key past the elements the key part judges (MAX_KEYS_CHECKED)', () => {
    const keys: Record<string, string>[] = Array.from({ length: MAX_KEYS_CHECKED + 1 }, () => publicKey);
    keys.push({ ...publicKey, d: 'far' });
    expect(run(privateMaterial, jwksInput({ keys }))).toMatchObject([{ pointer: `/keys/${MAX_KEYS_CHECKED + 1}/d` }]);
  });

  it('flags private keys where the set has no keys array: a keys object, a lone private JWK', () => {
    expect(run(privateMaterial, jwksInput({ keys: { main: { ...publicKey, d: 's' } } }))).toMatchObject([
      { pointer: '/keys/main/d' },
    ]);
    expect(run(privateMaterial, jwksInput({ ...publicKey, d: 's' }))).toMatchObject([{ pointer: '/d' }]);
  });

  it('flags a private key inlined in a discovery document', () => {
    const discovery = JSON.stringify({ issuer: 'https://idp.example', jwks: { keys: [{ ...publicKey, d: 's' }] } });
    expect(run(privateMaterial, documentInput(discovery, { document: 'discovery' }))).toMatchObject([
      { pointer: '/jwks/keys/0/d' },
    ]);
  });

  it('flags a private key in an earlier duplicate "keys", which JSON.parse drops but first-wins parsers read', () => {
    const text = `{"keys": [${JSON.stringify({ ...publicKey, d: 'hidden' })}], "keys": [${JSON.stringify(publicKey)}]}`;
    const findings = run(privateMaterial, documentInput(text));
    expect(findings).toMatchObject([{ ruleId: 'jwk.private.members', severity: 'error', pointer: '/keys/0/d' }]);
    expect(findings !== 'skip' && findings[0]?.message).toMatch(/earlier duplicate of \/keys/);
    expect(JSON.stringify(findings)).not.toContain('hidden');
  });

  it('flags a shadowed private member by its name in any spelling, and a PEM in a shadowed vendor member', () => {
    const key = `{"kty": "EC", "crv": "P-256", "x": "x", "y": "y", "\\u0044": "first", "D": "second"}`;
    // "\u0044" is "D": the key part reports the value that won, this part the one JSON.parse dropped.
    expect(run(privateMaterial, documentInput(`{"keys": [${key}]}`))).toMatchObject([{ pointer: '/keys/0/D' }]);
    const pem = '-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----';
    const vendor = `{"keys": [], "x-backup": "${pem}", "x-backup": "none"}`;
    expect(run(privateMaterial, documentInput(vendor))).toMatchObject([{ pointer: '/x-backup' }]);
  });

  it('says nothing of duplicates that hold only public values', () => {
    const text = `{"keys": [${JSON.stringify(publicKey)}], "keys": [${JSON.stringify(publicKey)}], "n": 1, "n": [1, {"a": "}"}]}`;
    expect(run(privateMaterial, documentInput(text))).toEqual([]);
  });

  it('passes a public set, and is not evaluated in private-key mode or on a document that did not parse', () => {
    expect(run(privateMaterial, jwksInput({ keys: [publicKey], note: 'public' }))).toEqual([]);
    expect(run(privateMaterial, jwksInput({ d: 's' }, { options: { privateKeyMode: true } }))).toBe('skip');
    expect(run(privateMaterial, documentInput('{"keys": ['))).toBe('skip');
  });

  it('lists at most 20 places, then says how many more', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`w${i}`, { d: `s${i}` }]));
    const findings = run(privateMaterial, jwksInput({ keys: [], ...many }));
    expect(findings).toHaveLength(21);
    expect(findings !== 'skip' && findings[20]?.message).toMatch(/^10 more private values/);
  });
});
