import { listRules } from '../checks/catalogue.js';
import { parseCommandFlags } from './command-flags.js';
import { EXIT, type CliIo } from './io.js';

export const RULES_USAGE = `Usage: jwks-monitor rules [--json]

Lists the rule catalogue: id, severity, title and spec reference of every rule.

Options:
  --json   JSON Lines, one object per rule: {"id", "severity", "title", "spec", "profiles"}`;

export function rulesCommand(argv: readonly string[], io: CliIo): number {
  const flags = parseCommandFlags('rules', argv, RULES_USAGE, io, ['json']);
  if ('exit' in flags) return flags.exit;
  const rules = listRules();
  if (flags.given.has('json')) {
    for (const r of rules)
      io.stdout.write(
        `${JSON.stringify({ id: r.id, severity: r.severity, title: r.title, spec: r.spec, profiles: r.profiles ?? {} })}\n`,
      );
    return EXIT.ok;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const r of rules) io.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}  [${r.spec}]\n`);
  io.stdout.write(`\n${rules.length} rules\n`);
  return EXIT.ok;
}
