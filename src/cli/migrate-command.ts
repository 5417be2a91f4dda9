import { MIGRATIONS_DIR } from '../compose.js';
import { loadConfig } from '../config.js';
import { isAppError } from '../errors.js';
import { migrate } from '../store/migrate.js';
import { openDatabase } from '../store/open-database.js';
import { parseCommandFlags } from './command-flags.js';
import { EXIT, type CliIo } from './io.js';

export const MIGRATE_USAGE = `Usage: jwks-monitor migrate

Applies pending database migrations to DATABASE_PATH (default ./data/jwks-monitor.db, created with its folder) and
exits. The service applies them at start as well; this runs them ahead of a deployment. It takes no options.`;

/** `jwks-monitor migrate`: applies pending migrations to DATABASE_PATH (the service also does so at start). */
export function migrateCommand(argv: readonly string[], io: CliIo): number {
  const flags = parseCommandFlags('migrate', argv, MIGRATE_USAGE, io);
  if ('exit' in flags) return flags.exit;
  try {
    const config = loadConfig(io.env);
    const db = openDatabase(config.databasePath);
    try {
      const result = migrate(db, MIGRATIONS_DIR);
      io.stdout.write(
        result.applied.length === 0
          ? `${config.databasePath}: schema version ${result.current}, nothing to apply\n`
          : `${config.databasePath}: applied ${result.applied.join(', ')}; schema version ${result.current}\n`,
      );
      return EXIT.ok;
    } finally {
      db.close();
    }
  } catch (error) {
    io.stderr.write(
      `jwks-monitor migrate: ${isAppError(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT.usage;
  }
}
