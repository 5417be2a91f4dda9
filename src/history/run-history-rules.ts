/**
 * Runs the "Change over time" rules over a HistoryInput, as the engine runs the other scopes: severity resolved
 * for the profile ('off' = not evaluated), drafts completed into findings, and a crashing rule turned into an
 * error finding of its own rather than a silent pass.
 */
import { historyRules } from '../checks/history/index.js';
import { resolveSeverity } from '../checks/severity.js';
import type { HistoryInput } from '../checks/history/types.js';
import { SKIP, type DocumentKind, type Finding, type Rule } from '../checks/types.js';

/** The document a history rule's finding is about. */
const RULE_DOCUMENT: Readonly<Record<string, DocumentKind>> = { 'rotation.discovery-drift': 'discovery' };

export interface HistoryVerdict {
  readonly findings: readonly Finding[];
  /** Rules that judged (passed or fired); the others were skipped and leave their incidents as they are. */
  readonly evaluated: ReadonlySet<string>;
}

export function runHistoryRules(input: HistoryInput, rules: readonly Rule<'history'>[] = historyRules): HistoryVerdict {
  const findings: Finding[] = [];
  const evaluated = new Set<string>();
  for (const rule of rules) {
    const severity = resolveSeverity(rule, input.profile);
    if (severity === 'off') continue;
    const document = RULE_DOCUMENT[rule.id] ?? 'jwks';
    let drafts: ReturnType<Rule<'history'>['run']>;
    try {
      drafts = rule.run(input);
    } catch (error) {
      evaluated.add(rule.id);
      findings.push({
        ruleId: rule.id,
        severity: 'error',
        message: `this rule could not be evaluated (internal error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`,
        pointer: '',
        document,
        spec: rule.spec,
      });
      continue;
    }
    if (drafts === SKIP) continue;
    evaluated.add(rule.id);
    for (const draft of drafts) {
      findings.push({
        ruleId: rule.id,
        severity: draft.severity ?? severity,
        message: draft.message,
        pointer: draft.pointer ?? '',
        document,
        ...(draft.kid !== undefined && { kid: draft.kid }),
        ...(draft.thumbprint !== undefined && { thumbprint: draft.thumbprint }),
        ...(draft.expected !== undefined && { expected: draft.expected }),
        ...(draft.actual !== undefined && { actual: draft.actual }),
        spec: rule.spec,
      });
    }
  }
  return { findings, evaluated };
}
