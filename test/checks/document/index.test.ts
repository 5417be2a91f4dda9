import { describe, expect, it } from 'vitest';
import { documentRules } from '../../../src/checks/document/index.js';

describe('documentRules', () => {
  it('holds every document rule once (and the document part of jwk.private.members), all of scope document', () => {
    expect(documentRules.map((rule) => rule.id).sort()).toEqual([
      'jwk.private.members',
      'jwks.doc.duplicate-member',
      'jwks.doc.empty',
      'jwks.doc.key-object',
      'jwks.doc.keys-array',
      'jwks.doc.object',
      'jwks.doc.unknown-member',
      'transport.body.encoding',
      'transport.body.json',
    ]);
    expect(new Set(documentRules.map((rule) => rule.scope))).toEqual(new Set(['document']));
  });
});
