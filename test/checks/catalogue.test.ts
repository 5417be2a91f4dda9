import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, listRules } from '../../src/checks/catalogue.js';
import { PROFILES, SEVERITIES } from '../../src/checks/types.js';

/** The ids of shared/conformance-rules.md, copied so a clone without shared/ can run this test. */
const CATALOGUE_IDS = readFileSync(new URL('../fixtures/catalogue-ids.txt', import.meta.url), 'utf8')
  .trim()
  .split('\n');

describe('the rule catalogue', () => {
  it('has exactly the ids of the conformance-rules catalogue', () => {
    const ids = listRules().map((r) => r.id);
    expect(ids).toEqual([...CATALOGUE_IDS].sort());
  });

  it('gives every rule a title, a default severity, a spec reference and known profiles', () => {
    for (const rule of CATALOGUE) {
      expect(rule.title.length, rule.id).toBeGreaterThan(5);
      expect(SEVERITIES, rule.id).toContain(rule.severity);
      expect(rule.spec.length, rule.id).toBeGreaterThan(3);
      for (const profile of Object.keys(rule.profiles ?? {})) expect(PROFILES, rule.id).toContain(profile);
    }
  });

  it('agrees with itself where one id has parts in two scopes', () => {
    const byId = new Map<string, (typeof CATALOGUE)[number]>();
    for (const rule of CATALOGUE) {
      const twin = byId.get(rule.id);
      if (twin !== undefined) {
        expect({ severity: rule.severity, profiles: rule.profiles }, rule.id).toEqual({
          severity: twin.severity,
          profiles: twin.profiles,
        });
      }
      byId.set(rule.id, rule);
    }
  });
});
