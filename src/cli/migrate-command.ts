import { MIGRATIONS_DIR } from '../compose.js';
import { loadConfig } from '../config.js';
import { isAppError } from '../errors.js';
import { migrate } from '../store/migrate.js';
import { openDatabase } from '../store/open-database.js';
import { EXIT, type CliIo } from './io.js';

/** `jwks-monitor migrate`: applies pending migrations to DATABASE_PATH (the service also does so at start). */
export function migrateCommand(io: CliIo): number {
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
