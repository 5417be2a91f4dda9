/**
 * Strict arguments for the commands that take boolean flags at most (`serve`, `migrate`, `rules`). An ignored
 * argument did harm: `serve --help` started the service and `migrate --dry-run` applied every migration (review of
 * the CLI, defect 6). Unknown flags, values and positionals are refused, every one named; `--help` / `-h` prints the
 * usage.
 */
import { parseArgs } from 'node:util';
import { EXIT, type CliIo } from './io.js';
import { printable } from './terminal-text.js';

/** The flags that were given, or the exit code when the command must not run (help shown, or bad usage). */
export type CommandFlags<Flag extends string> = { readonly given: ReadonlySet<Flag> } | { readonly exit: number };

export function parseCommandFlags<Flag extends string>(
  command: string,
  argv: readonly string[],
  usage: string,
  io: CliIo,
  flags: readonly Flag[] = [],
): CommandFlags<Flag> {
  const known = new Set<string>(['help', ...flags]);
  // Not strict: parseArgs would stop at the first problem, and the user should hear of all of them at once.
  const { values, tokens } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(flags.map((flag) => [flag, { type: 'boolean' } as const])),
    },
  });
  const problems: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') problems.push(`unexpected argument ${JSON.stringify(token.value)}`);
    else if (token.kind === 'option' && !known.has(token.name)) problems.push(`unknown option ${token.rawName}`);
    else if (token.kind === 'option' && token.value !== undefined) problems.push(`${token.rawName} takes no value`);
  }
  if (problems.length > 0) {
    for (const problem of problems) io.stderr.write(`jwks-monitor ${command}: ${printable(problem)}\n`);
    io.stderr.write(`\n${usage}\n`);
    return { exit: EXIT.usage };
  }
  if (values['help'] === true) {
    io.stdout.write(`${usage}\n`);
    return { exit: EXIT.ok };
  }
  return { given: new Set(flags.filter((flag) => values[flag] === true)) };
}
