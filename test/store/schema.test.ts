/**
 * The migrated schema, dumped: every schema change shows up in review as a diff of schema.snapshot.sql
 * (regenerate with `npx vitest run test/store/schema.test.ts -u`).
 */
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { MIGRATIONS_DIR } from '../history/helpers.js';

function schemaDump(): string {
  const db = openDatabase(':memory:');
  try {
    migrate(db, MIGRATIONS_DIR);
    const rows = db
      .prepare<[], { type: string; name: string; sql: string }>(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, name",
      )
      .all();
    return `${rows.map((row) => `${row.sql};`).join('\n\n')}\n`;
  } finally {
    db.close();
  }
}

describe('the schema', () => {
  it('matches the committed dump', async () => {
    await expect(schemaDump()).toMatchFileSnapshot('./schema.snapshot.sql');
  });
});
