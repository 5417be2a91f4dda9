/** The command line: `check`, `rules`, and (from the service issue on) `serve` and `migrate`. */
import { checkCommand, CHECK_USAGE } from './cli/check-command.js';
import { EXIT, type CliIo } from './cli/io.js';
import { migrateCommand } from './cli/migrate-command.js';
import { rulesCommand } from './cli/rules-command.js';
import { serveCommand } from './cli/serve-command.js';
import { VERSION } from './version.js';

const USAGE = `Usage: jwks-monitor <command> [options]

Commands:
  serve                    run the monitoring service (configuration: environment variables, see README)
  migrate                  apply database migrations to DATABASE_PATH and exit
  check <url-or-file>...   one-shot conformance check (for CI pipelines); see 'jwks-monitor check --help'
  rules [--json]           list the rule catalogue (id, severity, title, spec)
  --version                print the version

'jwks-monitor <command> --help' describes one command.

${CHECK_USAGE}`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      if (rest.includes('--help') || rest.includes('-h')) return help(io, CHECK_USAGE);
      return checkCommand(rest, io);
    case 'serve':
      return serveCommand(rest, io);
    case 'migrate':
      return migrateCommand(rest, io);
    case 'rules':
      return rulesCommand(rest, io);
    case '--version':
    case '-v':
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      return help(io, USAGE);
    default:
      io.stderr.write(`jwks-monitor: unknown command "${command}"\n\n${USAGE}\n`);
      return EXIT.usage;
  }
}

function help(io: CliIo, text: string): number {
  io.stdout.write(`${text}\n`);
  return EXIT.ok;
}
