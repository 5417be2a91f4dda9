/** Runs one key rule and reduces its drafts to what the tests assert on: rule id, resolved severity, pointer. */
import { SKIP, type KeyInput, type Rule, type Severity } from '../../../src/checks/types.js';

export interface Outcome {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly pointer: string | undefined;
  readonly message: string;
}

export function run(rule: Rule<'key'>, input: KeyInput): readonly Outcome[] | 'skip' {
  const drafts = rule.run(input);
  if (drafts === SKIP) return 'skip';
  return drafts.map((draft) => ({
    ruleId: rule.id,
    severity: draft.severity ?? rule.severity,
    pointer: draft.pointer,
    message: draft.message,
  }));
}
