/**
 * The rule catalogue: every rule the engine runs, grouped as in shared/conformance-rules.md. Adding a rule is
 * one file in its group plus one line in that group's index.
 */
import { algRules } from './alg/index.js';
import { discoveryDocumentRules, discoveryRules } from './discovery/index.js';
import { documentRules } from './document/index.js';
import { historyRules } from './history/index.js';
import { keyRules } from './key/index.js';
import { materialRules } from './material/index.js';
import { profileRules } from './profile/index.js';
import { setRules } from './set/index.js';
import { transportRules } from './transport/index.js';
import type { Rule, RuleMeta } from './types.js';
import { xdocRules } from './xdoc/index.js';

export const CATALOGUE: readonly Rule[] = [
  ...transportRules,
  ...documentRules,
  ...discoveryDocumentRules,
  ...keyRules,
  ...materialRules,
  ...algRules,
  ...setRules,
  ...profileRules,
  ...discoveryRules,
  ...xdocRules,
  ...historyRules,
];

/** One entry per rule id, for listings (a rule id may have parts in two scopes, e.g. a profile overlay). */
export function listRules(rules: readonly RuleMeta[] = CATALOGUE): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const rule of rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

const BY_ID = new Map(CATALOGUE.map((rule) => [rule.id, rule] as const));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
