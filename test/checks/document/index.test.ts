import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentRules } from '../../../src/checks/document/index.js';

const CATALOGUE = new URL('../../../../shared/conformance-rules.md', import.meta.url);

function readCatalogue(): string | undefined {
  try {
    return readFileSync(CATALOGUE, 'utf8');
  } catch {
    return undefined;
  }
}

describe('documentRules', () => {
  it('holds every document rule once, all of scope document', () => {
    expect(documentRules.map((rule) => rule.id).sort()).toEqual([
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

  it.runIf(readCatalogue() !== undefined)('uses ids exactly as the catalogue writes them', () => {
    const catalogue = readCatalogue() ?? '';
    for (const rule of documentRules) expect(catalogue).toContain(`| \`${rule.id}\` |`);
  });
});
