/**
 * The export service: a stored visit as the clinician note PDF, the family's
 * after-visit summary PDF (en/es) or a FHIR R4 document (JSON, with the note
 * PDF embedded in its DocumentReference). Used by the visit room's "Export..."
 * (IPC, ipc.ts) and by `npm run export`.
 *
 * The destination always comes from the caller in the main process (the save
 * dialog, or the command line), never from the renderer. The file is written
 * next to the destination under a temporary name and renamed into place, so
 * a cancelled or failed export leaves nothing half-written. Each successful
 * export appends one audit row (services.record.recordExport). Nothing here
 * logs patient data.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Language } from '../../../shared/clinical';
import type { ClinicSettings } from '../../../shared/domain/clinic';
import { AppError } from '../../../shared/ipc/errors';
import { familyReadsLanguage, freeTextNeedsConfirmation, WORDS } from '../../../shared/words';
import type { ClinicianService } from '../services/clinicians';
import type { Clock } from '../services/deps';
import type { RecordService } from '../services/record';
import { buildFhirBundle } from './fhir';
import { familyHtml, noteHtml } from './html';
import type { StoredPoseEstimate } from '../store/pose-estimates';
import { buildExportModel, type DocStatus, type ExportModel, type ModelOptions } from './model';
import { AbortError, throwIfAborted, type PdfPrinter } from './pdf';

export const EXPORT_FORMATS = ['note-pdf', 'family-pdf', 'fhir'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportStage = 'loading' | 'building' | 'printing' | 'writing' | 'done';
export interface ExportProgress {
  stage: ExportStage;
  /** 0..1 */
  fraction: number;
}

export interface RenderOptions {
  /** Family summary language; defaults to the intake's language, else English. */
  language?: Language;
  /**
   * The clinician confirmed that the free text the family will read (what they
   * were told, follow-up) is in the summary's language. A non-English summary
   * with free text is refused without it (shared/words/family-text.ts).
   */
  freeTextConfirmed?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
}

export interface Rendered {
  bytes: Uint8Array;
  mime: 'application/pdf' | 'application/fhir+json';
  /** A default file name with no patient data: kind, language and visit date only. */
  defaultName: string;
  documentStatus: DocStatus;
  language: Language | null;
}

export interface ExportResult {
  path: string;
  bytes: number;
  format: ExportFormat;
  documentStatus: DocStatus;
  language: Language | null;
}

export interface ExportServiceDeps {
  record: RecordService;
  clinicians: ClinicianService;
  clock: Clock;
  /** The printer, created on first use (launching Chromium costs time). */
  printer: () => PdfPrinter;
  /** IANA time zone for printed times; defaults to the machine's. */
  timeZone?: string;
  /** The clinic settings at the time of the export (name, phone, default follow-up); empty when not given. */
  clinic?: () => ClinicSettings;
  /** Camera estimates attached in a visit (issue 17); without it the exports show none. */
  poseEstimates?: { storedOf(visitId: string): StoredPoseEstimate[] };
  /** When the family was admitted and the call ended (services/call-times.ts); without it the note measures the exam entries. */
  callTimes?: { times(visitId: string): NonNullable<ModelOptions['callTimes']> };
}

export function defaultFileName(format: ExportFormat, visitDate: string, language: Language | null): string {
  if (format === 'note-pdf') return `visit-note-${visitDate}.pdf`;
  if (format === 'family-pdf') return `after-visit-summary-${language ?? 'en'}-${visitDate}.pdf`;
  return `visit-${visitDate}.fhir.json`;
}

/**
 * A family summary in another language than English, with the clinician's
 * free text in it, waits for the clinician's confirmation that the text is in
 * that language: refused with CONFLICT, the fields to check under
 * `freeTextConfirmed`. Changes nothing.
 */
export function assertFamilyTextConfirmed(m: Pick<ExportModel, 'decision' | 'plan'>, language: Language, confirmed: boolean): void {
  const pending = freeTextNeedsConfirmation(m, language, confirmed);
  if (pending) throw new AppError('CONFLICT', pending.message, pending.fields.map((field) => ({ path: 'freeTextConfirmed', message: field })));
}

export function createExportService(deps: ExportServiceDeps) {
  /** The printed footer: the family's in their language (catalog), the note's in English. */
  const footerFor = (m: ExportModel, family: Language | null) =>
    family ? WORDS[family].summary.footer(m.draft, m.contentVersion) : `Clinician note${m.draft ? ' — DRAFT' : ''} · content ${m.contentVersion}, not yet clinically reviewed`;

  async function model(visitId: string): Promise<ExportModel> {
    const record = await deps.record.getVisitRecord(visitId);
    return buildExportModel(record, {
      clinicians: await deps.clinicians.list(),
      now: deps.clock.now(),
      today: deps.clock.today(),
      ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
      ...(deps.clinic ? { clinic: deps.clinic() } : {}),
      ...(deps.poseEstimates ? { estimates: deps.poseEstimates.storedOf(visitId) } : {}),
      ...(deps.callTimes ? { callTimes: deps.callTimes.times(visitId) } : {}),
    });
  }

  async function render(visitId: string, format: ExportFormat, options: RenderOptions = {}): Promise<Rendered> {
    if (!EXPORT_FORMATS.includes(format)) throw new AppError('VALIDATION', 'Choose an export format.', [{ path: 'format', message: 'Unknown export format.' }]);
    const { signal } = options;
    const progress = (stage: ExportStage, fraction: number) => options.onProgress?.({ stage, fraction });
    progress('loading', 0.05);
    throwIfAborted(signal);
    const m = await model(visitId);
    throwIfAborted(signal);
    progress('building', 0.2);
    const language: Language | null = format === 'family-pdf' ? (options.language ?? familyReadsLanguage(m.intake?.language)) : null;
    if (language) assertFamilyTextConfirmed(m, language, options.freeTextConfirmed === true);
    const defaultName = defaultFileName(format, m.visitDate, language);
    if (format === 'family-pdf' || format === 'note-pdf') {
      const html = format === 'note-pdf' ? noteHtml(m) : familyHtml(m, language ?? 'en');
      progress('printing', 0.3);
      const bytes = await deps.printer().print(html, { footer: footerFor(m, language), ...(signal ? { signal } : {}) });
      progress('printing', 0.9);
      return { bytes, mime: 'application/pdf', defaultName, documentStatus: m.status, language };
    }
    progress('printing', 0.3);
    const pdf = await deps.printer().print(noteHtml(m), { footer: footerFor(m, null), ...(signal ? { signal } : {}) });
    throwIfAborted(signal);
    progress('building', 0.85);
    const bundle = buildFhirBundle(m, { pdf: { data: pdf, title: defaultFileName('note-pdf', m.visitDate, null) } });
    const bytes = new TextEncoder().encode(`${JSON.stringify(bundle, null, 2)}\n`);
    return { bytes, mime: 'application/fhir+json', defaultName, documentStatus: m.status, language: null };
  }

  return {
    render,
    model,

    /**
     * Render and write to `destination` (chosen by the user in the main
     * process), then append the audit row. Rejects with AbortError when
     * cancelled; nothing is left at the destination then.
     */
    async exportToFile(
      input: { visitId: string; format: ExportFormat; destination: string; actor: string } & RenderOptions,
    ): Promise<ExportResult> {
      const rendered = await render(input.visitId, input.format, input);
      throwIfAborted(input.signal);
      input.onProgress?.({ stage: 'writing', fraction: 0.95 });
      const temp = join(dirname(input.destination), `.${basename(input.destination)}.${randomBytes(6).toString('hex')}.part`);
      try {
        await writeFile(temp, rendered.bytes, { flag: 'wx', mode: 0o600 });
        throwIfAborted(input.signal);
        await rename(temp, input.destination);
      } catch (error) {
        await rm(temp, { force: true });
        if (error instanceof AbortError) throw error;
        const code = (error as { code?: string }).code;
        throw new AppError('STORAGE', code === 'ENOSPC' ? 'The disk is full: the export was not saved.' : 'The export could not be saved there. Choose another folder.');
      }
      const auditFormat = rendered.language ? `${input.format}-${rendered.language}` : input.format;
      await deps.record.recordExport(input.visitId, { format: auditFormat }, input.actor);
      input.onProgress?.({ stage: 'done', fraction: 1 });
      return { path: input.destination, bytes: rendered.bytes.byteLength, format: input.format, documentStatus: rendered.documentStatus, language: rendered.language };
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
