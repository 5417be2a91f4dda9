/** Runs one rule the way the engine resolves severities, for the document and transport rule tests. */
import { resolveSeverity } from '../../../src/checks/engine.js';
import {
  SKIP,
  type FindingDraft,
  type Profile,
  type Rule,
  type RuleInputs,
  type RuleScope,
  type Severity,
} from '../../../src/checks/types.js';

export interface Fired extends Omit<FindingDraft, 'severity'> {
  readonly ruleId: string;
  readonly severity: Severity | 'off';
  readonly pointer: string;
}

/** The rule's findings with their effective severity and pointer, or 'skip' when the rule does not apply. */
export function run<S extends RuleScope>(rule: Rule<S>, input: RuleInputs[S] & { profile: Profile }): Fired[] | 'skip' {
  const result = rule.run(input);
  if (result === SKIP) return 'skip';
  return result.map((draft) => ({
    ...draft,
    ruleId: rule.id,
    severity: draft.severity ?? resolveSeverity(rule, input.profile),
    pointer: draft.pointer ?? '',
  }));
}
