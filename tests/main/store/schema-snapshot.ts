/**
 * The full `sqlite_master` SQL after each migration step, from a fresh
 * in-memory database. `npx tsx tests/main/store/schema-snapshot.ts --append`
 * appends the steps the snapshot file does not hold yet (never rewrites one).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Sqlite } from '../../../electron/main/store/sqlite';
import { applyConnectionPragmas, migrate } from '../../../electron/main/store/database';
import { MIGRATIONS } from '../../../electron/main/store/migrations';

export const SNAPSHOT_FILE = join(process.cwd(), 'tests/main/store/schema-snapshot.json');

export function schemaAfterEachStep(): { version: number; name: string; schema: string[] }[] {
  const db = new Sqlite(':memory:');
  try {
    applyConnectionPragmas(db);
    return MIGRATIONS.map((m, i) => {
      migrate(db, MIGRATIONS.slice(0, i + 1));
      const rows = db
        .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name`)
        .all() as { type: string; name: string; tbl_name: string; sql: string }[];
      return { version: m.version, name: m.name, schema: rows.map((r) => `${r.type} ${r.name} ON ${r.tbl_name}: ${r.sql}`) };
    });
  } finally {
    db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--append')) {
  const old = existsSync(SNAPSHOT_FILE) ? (JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as unknown[]) : [];
  const steps = schemaAfterEachStep();
  writeFileSync(SNAPSHOT_FILE, `${JSON.stringify([...old, ...steps.slice(old.length)], null, 1)}\n`);
  console.log(`schema snapshot: ${steps.length - old.length} step(s) appended`);
}
