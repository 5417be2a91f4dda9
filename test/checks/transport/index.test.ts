import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transportRules } from '../../../src/checks/transport/index.js';

const CATALOGUE = new URL('../../../../shared/conformance-rules.md', import.meta.url);

function readCatalogue(): string | undefined {
  try {
    return readFileSync(CATALOGUE, 'utf8');
  } catch {
    return undefined;
  }
}

describe('transportRules', () => {
  it('holds every transport rule that judges a fetch once, all of scope transport', () => {
    expect(transportRules.map((rule) => rule.id).sort()).toEqual([
      'transport.body.size',
      'transport.cache-control',
      'transport.content-type.discovery',
      'transport.content-type.jwks',
      'transport.cors',
      'transport.https',
      'transport.latency',
      'transport.redirect',
      'transport.status',
      'transport.tls.certificate',
      'transport.tls.version',
    ]);
    expect(new Set(transportRules.map((rule) => rule.scope))).toEqual(new Set(['transport']));
  });

  it.runIf(readCatalogue() !== undefined)('uses ids exactly as the catalogue writes them', () => {
    const catalogue = readCatalogue() ?? '';
    for (const rule of transportRules) expect(catalogue).toContain(`| \`${rule.id}\` |`);
  });
});
