import { describe, expect, it } from 'vitest';
import { jwksEmpty } from '../../../src/checks/document/empty.js';
import { jwksDocObject } from '../../../src/checks/document/jwks-object.js';
import { jwksKeyObject } from '../../../src/checks/document/key-object.js';
import { jwksKeysArray } from '../../../src/checks/document/keys-array.js';
import { jwksUnknownMember } from '../../../src/checks/document/unknown-member.js';
import { run } from './evaluate.js';
import { documentInput, jwksInput } from './inputs.js';

const KEY = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};
const shapeRules = [jwksDocObject, jwksKeysArray, jwksKeyObject, jwksUnknownMember, jwksEmpty];

describe('jwks.doc.object', () => {
  it('passes a JWK Set that is an object', () => {
    expect(run(jwksDocObject, jwksInput({ keys: [KEY] }))).toEqual([]);
  });

  it.each([
    ['an array', [KEY], 'array'],
    ['a string', 'keys', 'string'],
    ['null', null, 'null'],
    ['a number', 42, 'number'],
  ])('flags a JWK Set that is %s', (_name, value, type) => {
    expect(run(jwksDocObject, jwksInput(value))).toEqual([
      expect.objectContaining({ ruleId: 'jwks.doc.object', severity: 'error', actual: type }),
    ]);
  });

  it('skips text that is not JSON, which transport.body.json reports', () => {
    expect(run(jwksDocObject, documentInput('{"keys":'))).toBe('skip');
  });
});

describe('jwks.doc.keys-array', () => {
  it('passes a "keys" array', () => {
    expect(run(jwksKeysArray, jwksInput({ keys: [] }))).toEqual([]);
  });

  it('flags a missing "keys" member', () => {
    expect(run(jwksKeysArray, jwksInput({ key: [KEY] }))).toEqual([
      expect.objectContaining({ ruleId: 'jwks.doc.keys-array', severity: 'error', actual: 'absent' }),
    ]);
  });

  it.each([
    ['an object', { a: KEY }, 'object'],
    ['a string', 'none', 'string'],
    ['null', null, 'null'],
  ])('flags "keys" that is %s, at /keys', (_name, keys, type) => {
    expect(run(jwksKeysArray, jwksInput({ keys }))).toEqual([
      expect.objectContaining({ ruleId: 'jwks.doc.keys-array', severity: 'error', pointer: '/keys', actual: type }),
    ]);
  });

  it('does not take an inherited "keys" for a member', () => {
    expect(run(jwksKeysArray, documentInput('{"constructor":[]}'))).toEqual([
      expect.objectContaining({ actual: 'absent' }),
    ]);
  });

  it('skips a document that is not an object, which jwks.doc.object reports', () => {
    expect(run(jwksKeysArray, jwksInput([KEY]))).toBe('skip');
  });
});

describe('jwks.doc.key-object', () => {
  it('passes keys that are all objects', () => {
    expect(run(jwksKeyObject, jwksInput({ keys: [KEY, { kty: 'oct' }] }))).toEqual([]);
  });

  it('flags each element that is not an object, at its pointer', () => {
    const fired = run(jwksKeyObject, jwksInput({ keys: [KEY, 'RS256', null, [KEY], 7] }));
    expect(fired).toEqual([
      expect.objectContaining({
        ruleId: 'jwks.doc.key-object',
        severity: 'error',
        pointer: '/keys/1',
        actual: 'string',
      }),
      expect.objectContaining({ pointer: '/keys/2', actual: 'null' }),
      expect.objectContaining({ pointer: '/keys/3', actual: 'array' }),
      expect.objectContaining({ pointer: '/keys/4', actual: 'number' }),
    ]);
  });

  it('skips a set without a "keys" array, which jwks.doc.keys-array reports', () => {
    expect(run(jwksKeyObject, jwksInput({ keys: 'x' }))).toBe('skip');
  });
});

describe('jwks.doc.unknown-member', () => {
  it('passes a set with only "keys"', () => {
    expect(run(jwksUnknownMember, jwksInput({ keys: [KEY] }))).toEqual([]);
  });

  it('notes each other top-level member as info, at its pointer', () => {
    expect(run(jwksUnknownMember, jwksInput({ keys: [], 'a/b': 1, key: KEY }))).toEqual([
      expect.objectContaining({ ruleId: 'jwks.doc.unknown-member', severity: 'info', pointer: '/a~1b' }),
      expect.objectContaining({ ruleId: 'jwks.doc.unknown-member', severity: 'info', pointer: '/key' }),
    ]);
  });

  it('notes members even when "keys" is missing', () => {
    expect(run(jwksUnknownMember, jwksInput({ Keys: [] }))).toEqual([expect.objectContaining({ pointer: '/Keys' })]);
  });
});

describe('jwks.doc.empty', () => {
  it('passes a set with a key', () => {
    expect(run(jwksEmpty, jwksInput({ keys: [KEY] }))).toEqual([]);
  });

  it('warns about an empty set under the core profile', () => {
    expect(run(jwksEmpty, jwksInput({ keys: [] }))).toEqual([
      expect.objectContaining({ ruleId: 'jwks.doc.empty', severity: 'warning', pointer: '/keys' }),
    ]);
  });

  it.each(['oidc', 'fapi1', 'fapi2'] as const)('flags an empty set as an error under %s', (profile) => {
    expect(run(jwksEmpty, jwksInput({ keys: [] }, { profile }))).toEqual([
      expect.objectContaining({ ruleId: 'jwks.doc.empty', severity: 'error' }),
    ]);
  });

  it('skips a set whose "keys" is not an array', () => {
    expect(run(jwksEmpty, jwksInput({ keys: {} }))).toBe('skip');
  });
});

describe('JWK Set shape rules on a discovery document', () => {
  it.each(shapeRules.map((rule) => [rule.id, rule] as const))('%s skips it', (_id, rule) => {
    expect(run(rule, documentInput('{"issuer":"https://op.example","keys":[]}', { document: 'discovery' }))).toBe(
      'skip',
    );
  });
});
