import { describe, expect, it } from 'vitest';
import { jwksDuplicateMember } from '../../../src/checks/document/duplicate-member.js';
import { run } from './evaluate.js';
import { documentInput } from './inputs.js';

describe('jwks.doc.duplicate-member', () => {
  it('passes a set without duplicate names', () => {
    expect(run(jwksDuplicateMember, documentInput('{"keys":[{"kid":"a"},{"kid":"a"}]}'))).toEqual([]);
  });

  it('flags a duplicate "keys" in the JWK Set object, at /keys', () => {
    expect(run(jwksDuplicateMember, documentInput('{"keys":[],"keys":[{"kty":"oct","k":"c2VjcmV0"}]}'))).toEqual([
      expect.objectContaining({ ruleId: 'jwks.doc.duplicate-member', severity: 'error', pointer: '/keys' }),
    ]);
  });

  it('flags a duplicate member in a key, at the member under the key', () => {
    const fired = run(jwksDuplicateMember, documentInput('{"keys":[{"kid":"a"},{"kid":"b","alg":"RS256","kid":"c"}]}'));
    expect(fired).toEqual([expect.objectContaining({ severity: 'error', pointer: '/keys/1/kid' })]);
  });

  it('flags a duplicate spelt with an escape', () => {
    expect(run(jwksDuplicateMember, documentInput('{"keys":[{"alg":"RS256","\\u0061lg":"none"}]}'))).toEqual([
      expect.objectContaining({ pointer: '/keys/0/alg' }),
    ]);
  });

  it('escapes the member name in the pointer', () => {
    expect(run(jwksDuplicateMember, documentInput('{"keys":[],"x/y":1,"x/y":2}'))).toEqual([
      expect.objectContaining({ pointer: '/x~1y' }),
    ]);
  });

  it('reports duplicates found before a syntax error', () => {
    expect(run(jwksDuplicateMember, documentInput('{"keys":[],"keys":[]'))).toEqual([
      expect.objectContaining({ pointer: '/keys' }),
    ]);
  });

  it('skips bytes that are not UTF-8, which are never tokenized', () => {
    expect(run(jwksDuplicateMember, documentInput(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe('skip');
  });

  it('skips a discovery document', () => {
    expect(run(jwksDuplicateMember, documentInput('{"issuer":"a","issuer":"b"}', { document: 'discovery' }))).toBe(
      'skip',
    );
  });
});
