/**
 * `npm run --silent demo:seed -- --db FILE`
 *
 * Writes a new visit database with demo patients and visits made through the
 * real services (electron/main/export/demo-data.ts): one signed visit per
 * escalation tier A-E, one with an addendum, a Spanish-speaking family, and
 * one unsigned draft. Prints one JSON line with the ids:
 * `{"db":…,"clinicianId":…,"visits":[{"key":"tier-A","visitId":…,"patientId":…,"tier":"A","signed":true,"addendum":false},…]}`.
 * Exit 2 for unusable arguments or an existing file (never overwritten), 1 on failure.
 *
 * The database is plain SQLite (not encrypted): demo data only. The demo
 * clinician's passcode is `demo-passcode-123`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openAppStore } from '../main/app-store';
import { createServices } from '../main/services';
import { defaultDeps } from '../main/services/deps';
import { seedDemoVisits } from '../main/export/demo-data';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = 'Usage: npm run --silent demo:seed -- --db FILE';

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let db: string | undefined;
  try {
    ({ values: { db } } = parseArgs({ args: argv.filter((a) => a !== '--'), options: { db: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!db) {
    io.stderr(`--db is required (a new database file).\n${USAGE}\n`);
    return 2;
  }
  const file = resolve(db);
  if (existsSync(file)) {
    io.stderr(`--db: ${file} exists; demo data goes into a new file only.\n${USAGE}\n`);
    return 2;
  }
  let store: ReturnType<typeof openAppStore> | null = null;
  try {
    store = openAppStore(file);
    const deps = defaultDeps(store.db);
    const services = createServices(deps);
    const seeded = await seedDemoVisits(services, store.db, { today: deps.clock.today(), nowIso: deps.clock.now().toISOString() });
    io.stdout(`${JSON.stringify({ db: file, clinicianId: seeded.clinicianId, visits: seeded.visits })}\n`);
    return 0;
  } catch (error) {
    io.stderr(`demo:seed failed: ${error instanceof Error ? error.message : 'unexpected error'}\n`);
    return 1;
  } finally {
    store?.db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then((code) => {
    process.exitCode = code;
  });
}
