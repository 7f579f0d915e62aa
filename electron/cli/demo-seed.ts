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
import { composeMain, type ComposedMain } from '../main/compose';
import { seedDemoVisits } from '../main/export/demo-data';
import { processIo, readFlags, runIfEntry, usageError, type CliIo } from './io';

export type { CliIo };

const USAGE = 'Usage: npm run --silent demo:seed -- --db FILE';

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = readFlags(argv, { strings: ['db'] });
  if ('error' in flags) return usageError(io, USAGE, flags.error);
  const db = flags.values.db as string | undefined;
  if (!db) return usageError(io, USAGE, '--db is required (a new database file).');
  const file = resolve(db);
  if (existsSync(file)) return usageError(io, USAGE, `--db: ${file} exists; demo data goes into a new file only.`);
  let composed: ComposedMain | null = null;
  try {
    composed = await composeMain({ store: { file } });
    const { clock } = composed.deps;
    const seeded = await seedDemoVisits(composed.services, composed.db, { today: clock.today(), nowIso: clock.now().toISOString() });
    io.stdout(`${JSON.stringify({ db: file, clinicianId: seeded.clinicianId, visits: seeded.visits })}\n`);
    return 0;
  } catch (error) {
    io.stderr(`demo:seed failed: ${error instanceof Error ? error.message : 'unexpected error'}\n`);
    return 1;
  } finally {
    composed?.close();
  }
}

runIfEntry(import.meta.url, main, processIo);
