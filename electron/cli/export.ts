/**
 * `npm run --silent export -- --db FILE --visit ID --format note-pdf|family-pdf|fhir --out PATH [--lang en|es] [--actor CLINICIAN_ID] [--tz ZONE] [--clinic-settings FILE] [--force] [--confirm-free-text]`
 *
 * Writes one export of one visit (docs/exports.md) and prints one JSON line:
 * `{"ok":true,"format":…,"out":…,"bytes":…,"documentStatus":"final|amended|preliminary",…}`.
 * The export is audited (actor: the clinician id given, else 'system').
 * Exit 0 on success; 2 for unusable arguments (the message names the
 * argument); 1 when the database, the visit or the destination fails (the
 * message says which, without patient data). PDFs are printed by Chromium
 * through playwright-core (the app uses Electron's printToPDF on the same HTML).
 *
 * A Spanish family summary that prints the clinician's own free text needs
 * --confirm-free-text (the clinician checked it is in Spanish; docs/i18n.md).
 *
 * The CLI opens plain (unencrypted) databases, such as those of `npm run demo:seed`.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError } from '../../shared/ipc/errors';
import { clinicalContentStatus } from '../../shared/clinical';
import { composeMain, type ComposedMain } from '../main/compose';
import { StoreError } from '../main/store/errors';
import { createChromiumPrinter } from '../main/export/pdf-chromium';
import { createClinicSettingsStore } from '../main/clinic/settings';
import { EXPORT_FORMATS, type ExportFormat } from '../main/export/service';
import type { PdfPrinter } from '../main/export/pdf';
import { processIo, readFlags, runIfEntry, usageError as usage, type CliIo } from './io';

export type { CliIo };

const USAGE =
  'Usage: npm run --silent export -- --db FILE --visit ID --format note-pdf|family-pdf|fhir --out PATH ' +
  '[--lang en|es] [--actor CLINICIAN_ID] [--tz ZONE] [--clinic-settings FILE] [--force] [--confirm-free-text]';

const usageError = (io: CliIo, message: string) => usage(io, USAGE, message);

function fail(io: CliIo, message: string): number {
  io.stderr(`export failed: ${message}\n`);
  return 1;
}

export interface ExportCliOptions {
  /** Tests pass a shared printer (one browser per test file); otherwise one is launched and closed. */
  printer?: PdfPrinter;
}

/** Run the command; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo, options: ExportCliOptions = {}): Promise<number> {
  const flags = readFlags(argv, {
    strings: ['db', 'visit', 'format', 'out', 'lang', 'actor', 'tz', 'clinic-settings'],
    booleans: ['force', 'confirm-free-text'],
  });
  if ('error' in flags) return usageError(io, flags.error);
  const { values } = flags;
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const db = str('db');
  const visit = str('visit');
  const format = str('format');
  const out = str('out');
  const lang = str('lang');
  const tz = str('tz');
  if (!db) return usageError(io, '--db is required (the visit database file).');
  if (!visit) return usageError(io, '--visit is required (the visit id).');
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) return usageError(io, `--format must be one of: ${EXPORT_FORMATS.join(', ')}.`);
  if (!out) return usageError(io, '--out is required (where to write the export).');
  if (lang !== undefined && lang !== 'en' && lang !== 'es') return usageError(io, '--lang must be en or es.');
  if (lang !== undefined && format !== 'family-pdf') return usageError(io, '--lang applies to --format family-pdf only.');
  if (tz !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      return usageError(io, '--tz must be an IANA time zone such as America/Chicago or UTC.');
    }
  }

  const clinicFile = str('clinic-settings');
  if (clinicFile !== undefined && !existsSync(resolve(clinicFile))) return usageError(io, '--clinic-settings must name an existing clinic settings file (clinic-settings.json).');

  const dbFile = resolve(db);
  const outFile = resolve(out);
  if (!existsSync(dbFile)) return fail(io, 'the database file does not exist.');
  if (!existsSync(dirname(outFile)) || !statSync(dirname(outFile)).isDirectory()) return fail(io, 'the folder for --out does not exist.');
  if (existsSync(outFile) && !values.force) return fail(io, 'the --out file exists; pass --force to replace it.');

  const printer = options.printer ?? createChromiumPrinter();
  let composed: ComposedMain;
  try {
    composed = await composeMain({
      store: { file: dbFile },
      exports: { printer: () => printer, ...(tz ? { timeZone: tz } : {}) },
      ...(clinicFile ? { clinic: createClinicSettingsStore({ file: resolve(clinicFile) }) } : {}),
    });
  } catch (error) {
    if (!options.printer) await printer.close();
    return fail(io, error instanceof StoreError ? error.message : 'the database could not be opened.');
  }
  try {
    const result = await composed.exports!.exportToFile({
      visitId: visit,
      format: format as ExportFormat,
      destination: outFile,
      actor: str('actor') ?? 'system',
      ...(lang ? { language: lang as 'en' | 'es' } : {}),
      ...(values['confirm-free-text'] ? { freeTextConfirmed: true } : {}),
    });
    const status = clinicalContentStatus();
    io.stdout(
      `${JSON.stringify({
        ok: true,
        format: result.format,
        ...(result.language ? { language: result.language } : {}),
        out: result.path,
        bytes: result.bytes,
        documentStatus: result.documentStatus,
        contentVersion: status.contentVersion,
        clinicallyReviewed: status.reviewed,
      })}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      if (error.code === 'NOT_FOUND') return fail(io, 'no visit with that id in this database.');
      if (error.code === 'LOCKED') return fail(io, '--actor is not a clinician in this database.');
      if (error.fields.some((f) => f.path === 'freeTextConfirmed')) return fail(io, `${error.message} (pass --confirm-free-text)`);
      return fail(io, error.message);
    }
    return fail(io, error instanceof Error && /Executable|browser/i.test(error.message) ? 'Chromium could not be started (set CHROMIUM_PATH).' : 'unexpected error.');
  } finally {
    if (!options.printer) await printer.close();
    composed.close();
  }
}

runIfEntry(import.meta.url, main, processIo);
