/** Runs the key rules on one JWK and returns what fired, with rule ids and resolved severities. */
import { keyRules } from '../../../src/checks/key/index.js';
import { SKIP, type FindingDraft, type Rule, type Severity } from '../../../src/checks/types.js';
import { keyInput, type EnvOverrides } from '../../helpers/inputs.js';

export interface EvaluatedFinding extends FindingDraft {
  readonly ruleId: string;
  readonly severity: Severity;
}

export interface Evaluation {
  readonly findings: readonly EvaluatedFinding[];
  /** Ids of the rules that returned SKIP. */
  readonly skipped: readonly string[];
  /** Ids of the rules with at least one finding, deduplicated, in catalogue order. */
  readonly fired: readonly string[];
  of(ruleId: string): readonly EvaluatedFinding[];
}

export function keyRule(id: string): Rule {
  const rule = keyRules.find((r) => r.id === id);
  if (rule === undefined) throw new TypeError(`no key rule ${id}`);
  return rule;
}

export function evaluate(jwk: unknown, overrides: EnvOverrides & { index?: number } = {}): Evaluation {
  const input = keyInput(jwk, overrides);
  const findings: EvaluatedFinding[] = [];
  const skipped: string[] = [];
  for (const rule of keyRules) {
    const result = rule.run(input);
    if (result === SKIP) {
      skipped.push(rule.id);
      continue;
    }
    for (const draft of result) findings.push({ ...draft, ruleId: rule.id, severity: draft.severity ?? rule.severity });
  }
  return {
    findings,
    skipped,
    fired: [...new Set(findings.map((f) => f.ruleId))],
    of: (ruleId) => findings.filter((f) => f.ruleId === ruleId),
  };
}
