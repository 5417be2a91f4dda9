import { serve } from '../server.js';
import { parseCommandFlags } from './command-flags.js';
import type { CliIo } from './io.js';

export const SERVE_USAGE = `Usage: jwks-monitor serve

Runs the monitoring service: the API and dashboard, the poll scheduler and webhook alerts.
It takes no options: every setting is an environment variable (DATABASE_PATH, HOST, PORT, API_TOKEN, …),
listed in the README's Configuration section. SIGINT/SIGTERM stop it; SIGHUP reloads PROVIDERS_FILE.`;

/** `jwks-monitor serve`: every setting comes from the environment, so the only flag is --help. */
export async function serveCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseCommandFlags('serve', argv, SERVE_USAGE, io);
  if ('exit' in flags) return flags.exit;
  return serve(io);
}
