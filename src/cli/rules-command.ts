import { listRules } from '../checks/catalogue.js';
import { EXIT, type CliIo } from './io.js';

export function rulesCommand(json: boolean, io: CliIo): number {
  const rules = listRules();
  if (json) {
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
