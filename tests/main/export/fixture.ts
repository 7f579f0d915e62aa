/**
 * A temp store with the real clinical catalog and the demo visits (one per
 * tier, one with an addendum, one draft), seeded through the real services on
 * a fixed clock.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppStore } from '../../../electron/main/app-store';
import { createServices } from '../../../electron/main/services';
import { fixedClock, type ServiceDeps } from '../../../electron/main/services/deps';
import { seedDemoVisits, type SeededVisit } from '../../../electron/main/export/demo-data';
import type { createExportService } from '../../../electron/main/export/service';
import { sequentialIds } from '../../support/db';

export const EXPORT_NOW = '2026-11-27T15:00:00.000Z';

/** `clock`: a clock of the test's own (e.g. one that moves on, so the visits take time); the fixed EXPORT_NOW otherwise. */
export async function openSeededStore(only?: string[], options: { clock?: ServiceDeps['clock'] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bptc-export-'));
  const file = join(dir, 'visits.sqlite');
  const { db } = openAppStore(file);
  const clock = options.clock ?? fixedClock(EXPORT_NOW);
  const deps: ServiceDeps = { db, clock, newId: sequentialIds(7) };
  const services = createServices(deps);
  const seeded = await seedDemoVisits(services, db, { today: clock.today(), nowIso: clock.now().toISOString(), ...(only ? { only } : {}) });
  const byKey = (key: string): SeededVisit => {
    const v = seeded.visits.find((x) => x.key === key);
    if (!v) throw new Error(`no seeded visit ${key}`);
    return v;
  };
  return {
    dir,
    file,
    db,
    deps,
    clock,
    services,
    clinicianId: seeded.clinicianId,
    visits: seeded.visits,
    byKey,
    close: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Where the PDF tests put each page as a PNG, for a person to look at. */
export const PDF_ARTIFACTS = join(process.cwd(), 'artifacts', 'exports');

/** Write `bytes` as `<dir>/<name>.pdf` and its pages as PNGs in PDF_ARTIFACTS (older pages of that name removed); the file's path. */
export function savePdf(bytes: Uint8Array, dir: string, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  mkdirSync(PDF_ARTIFACTS, { recursive: true });
  for (const old of readdirSync(PDF_ARTIFACTS).filter((f) => f.startsWith(`${name}-`))) rmSync(join(PDF_ARTIFACTS, old));
  execFileSync('pdftoppm', ['-png', '-r', '60', file, join(PDF_ARTIFACTS, name)]);
  return file;
}

/** A PDF's text in reading order (pages `first` to `last` when given), whitespace collapsed, words hyphenated at a line end joined again. */
export function pdfTextOf(file: string, first?: number, last?: number): string {
  return execFileSync('pdftotext', [...(first ? ['-f', String(first)] : []), ...(last ? ['-l', String(last)] : []), file, '-'], { encoding: 'utf8' })
    .replace(/\s+/g, ' ')
    .replace(/(\w)- (\w)/g, '$1-$2');
}

/** A PDF to print: saved under `name`, from the seeded visit `visitKey`, in `language` for a family summary. */
export type PdfJob = [name: string, visitKey: string, format: 'note-pdf' | 'family-pdf', language: 'en' | 'es' | undefined];

/**
 * Print each job with `service` and save it (savePdf): the bytes and the
 * saved file, by name. A summary in a language is printed with the
 * clinician's confirmation that their free text is in it (docs/i18n.md; the
 * refusal without it is tested in pdf.test.ts).
 */
export async function printJobs(service: ReturnType<typeof createExportService>, store: { dir: string; byKey: (key: string) => SeededVisit }, jobs: PdfJob[]) {
  const printed = new Map<string, { bytes: Uint8Array; file: string }>();
  for (const [name, key, format, language] of jobs) {
    const r = await service.render(store.byKey(key).visitId, format, language ? { language, freeTextConfirmed: true } : {});
    printed.set(name, { bytes: r.bytes, file: savePdf(r.bytes, store.dir, name) });
  }
  return printed;
}
