/**
 * npm run bench:export — how long the exports of one full signed visit take
 * (issue 7, item 7; aims: FHIR 50 ms, PDF 1,500 ms p50).
 * Human-readable lines first; the last line is one JSON object with
 * `fhir_p50_ms` and `pdf_p50_ms` (and extras).
 *
 * The visit is the demo's tier D visit (intake, every maneuver, a red flag
 * present, escalation, ibuprofen in the plan), seeded through the services
 * into a temp database.
 * - fhir: read the record from SQLite, build the model, build the Bundle with
 *   the note PDF embedded (printed once beforehand) and serialise it. The
 *   `fhir_export_p50_ms` extra is the whole FHIR export including printing
 *   the embedded note.
 * - pdf: the clinician note from the record to PDF bytes with a warm
 *   Chromium (one browser, as the app keeps one); the first print including
 *   the browser launch is reported separately.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openAppStore } from '../../electron/main/app-store';
import { createServices } from '../../electron/main/services';
import { defaultDeps } from '../../electron/main/services/deps';
import { seedDemoVisits } from '../../electron/main/export/demo-data';
import { createExportService } from '../../electron/main/export/service';
import { createChromiumPrinter } from '../../electron/main/export/pdf-chromium';
import { buildFhirBundle } from '../../electron/main/export/fhir';

const FHIR_RUNS = Number(process.env.BENCH_FHIR_RUNS ?? 50);
const PDF_RUNS = Number(process.env.BENCH_PDF_RUNS ?? 9);

const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => {
  const s = sortNum(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const round = (n: number) => Math.round(n * 10) / 10;

const dir = mkdtempSync(join(tmpdir(), 'bptc-bench-export-'));
const printer = createChromiumPrinter();
try {
  const { db } = openAppStore(join(dir, 'visits.sqlite'));
  const deps = defaultDeps(db);
  const services = createServices(deps);
  const seeded = await seedDemoVisits(services, db, { today: deps.clock.today(), nowIso: deps.clock.now().toISOString(), only: ['tier-D'] });
  const visitId = seeded.visits[0]!.visitId;
  const exporter = createExportService({ record: services.record, clinicians: services.clinicians, clock: deps.clock, printer: () => printer, timeZone: 'UTC' });

  let t = performance.now();
  const first = await exporter.render(visitId, 'note-pdf');
  const pdfFirst = performance.now() - t;
  const pdfTimes: number[] = [];
  let pdfBytes = 0;
  for (let i = 0; i < PDF_RUNS; i += 1) {
    t = performance.now();
    const r = await exporter.render(visitId, 'note-pdf');
    pdfTimes.push(performance.now() - t);
    pdfBytes = r.bytes.byteLength;
  }
  const familyTimes: number[] = [];
  for (let i = 0; i < Math.min(PDF_RUNS, 5); i += 1) {
    t = performance.now();
    await exporter.render(visitId, 'family-pdf', { language: i % 2 ? 'es' : 'en' });
    familyTimes.push(performance.now() - t);
  }

  const fhirTimes: number[] = [];
  let fhirBytes = 0;
  let entries = 0;
  for (let i = 0; i < FHIR_RUNS; i += 1) {
    t = performance.now();
    const model = await exporter.model(visitId);
    const bundle = buildFhirBundle(model, { pdf: { data: first.bytes, title: first.defaultName } });
    const json = JSON.stringify(bundle, null, 2);
    fhirTimes.push(performance.now() - t);
    fhirBytes = json.length;
    entries = bundle.entry.length;
  }
  const fhirExportTimes: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    t = performance.now();
    await exporter.render(visitId, 'fhir');
    fhirExportTimes.push(performance.now() - t);
  }
  db.close();

  const result = {
    fhir_p50_ms: round(pct(fhirTimes, 50)),
    pdf_p50_ms: round(pct(pdfTimes, 50)),
    fhir_p99_ms: round(pct(fhirTimes, 99)),
    pdf_max_ms: round(Math.max(...pdfTimes)),
    pdf_first_with_browser_launch_ms: round(pdfFirst),
    family_pdf_p50_ms: round(pct(familyTimes, 50)),
    fhir_export_p50_ms: round(pct(fhirExportTimes, 50)),
    fhir_runs: FHIR_RUNS,
    pdf_runs: PDF_RUNS,
    fhir_entries: entries,
    fhir_bytes: fhirBytes,
    note_pdf_bytes: pdfBytes,
  };
  console.log(`FHIR document (read + model + Bundle + JSON, ${entries} entries, ${Math.round(fhirBytes / 1024)} KiB): p50 ${result.fhir_p50_ms} ms, p99 ${result.fhir_p99_ms} ms over ${FHIR_RUNS} runs (aim 50 ms)`);
  console.log(`Clinician note PDF (${Math.round(pdfBytes / 1024)} KiB, warm Chromium): p50 ${result.pdf_p50_ms} ms, max ${result.pdf_max_ms} ms over ${PDF_RUNS} runs (aim 1,500 ms)`);
  console.log(`First PDF including the browser launch: ${result.pdf_first_with_browser_launch_ms} ms`);
  console.log(`Family summary PDF (en/es): p50 ${result.family_pdf_p50_ms} ms`);
  console.log(`Whole FHIR export including printing the embedded note: p50 ${result.fhir_export_p50_ms} ms`);
  console.log(JSON.stringify(result));
} finally {
  await printer.close();
  rmSync(dir, { recursive: true, force: true });
}
