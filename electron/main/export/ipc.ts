/**
 * The visit room's "Export..." over IPC: `exports:create` {visitId, format,
 * language?} asks the main process for a destination (the injected
 * `chooseDestination`, a save dialog in the app), renders and writes the
 * export, and answers with the outcome; `exports:progress` events report
 * progress per visit; `exports:cancel` {visitId} aborts a running export.
 * The renderer never supplies a path, and only the base name of the chosen
 * file goes back to it. One export per visit at a time.
 */
import { basename } from 'node:path';
import type { Language } from '../../../shared/clinical';
import type { EventName, EventPayload } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/errors';
import { AbortError } from './pdf';
import { familyReadsLanguage } from '../../../shared/words';
import { assertFamilyTextConfirmed, defaultFileName, type ExportFormat, type ExportService } from './service';

export type ExportProgressEvent = EventPayload<'exports:progress'>;

export interface ExportHandlerDeps {
  service: ExportService;
  /** Ask the user where to save; null when they cancel. Runs in the main process (save dialog). */
  chooseDestination: (request: { defaultName: string; format: ExportFormat }) => Promise<string | null>;
  /** Send a main-to-renderer event (`exports:progress`) to the clinician's window. */
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Codes only, never patient data. */
  log?: (entry: { code: string; format: ExportFormat }) => void;
}

export interface ExportOutcome {
  status: 'saved' | 'cancelled';
  format: ExportFormat;
  fileName: string | null;
  bytes: number | null;
  documentStatus: 'preliminary' | 'final' | 'amended' | null;
}

export function createExportHandlers(deps: ExportHandlerDeps) {
  const running = new Map<string, AbortController>();

  return {
    async create(request: { visitId: string; format: ExportFormat; language?: Language | undefined; freeTextConfirmed?: boolean | undefined }, actor: string): Promise<ExportOutcome> {
      const { visitId, format } = request;
      if (running.has(visitId)) throw new AppError('CONFLICT', 'An export of this visit is already running. Wait for it or cancel it.');
      const controller = new AbortController();
      running.set(visitId, controller);
      const emit = (stage: ExportProgressEvent['stage'], fraction: number) => deps.emit('exports:progress', { visitId, format, stage, fraction });
      const cancelled = (): ExportOutcome => {
        emit('cancelled', 0);
        return { status: 'cancelled', format, fileName: null, bytes: null, documentStatus: null };
      };
      try {
        emit('choosing', 0);
        // The default name carries no patient data: kind, language and date only.
        const model = await deps.service.model(visitId);
        const language = format === 'family-pdf' ? (request.language ?? familyReadsLanguage(model.intake?.language)) : null;
        // Before the save dialog: a Spanish summary with the clinician's own words waits for their confirmation.
        if (language) assertFamilyTextConfirmed(model, language, request.freeTextConfirmed === true);
        const destination = await deps.chooseDestination({ defaultName: defaultFileName(format, model.visitDate, language), format });
        if (!destination || controller.signal.aborted) return cancelled();
        const result = await deps.service.exportToFile({
          visitId,
          format,
          destination,
          actor,
          signal: controller.signal,
          ...(language ? { language } : {}),
          ...(request.freeTextConfirmed ? { freeTextConfirmed: true } : {}),
          onProgress: (p) => emit(p.stage, p.fraction),
        });
        deps.log?.({ code: 'export.saved', format });
        return { status: 'saved', format, fileName: basename(result.path), bytes: result.bytes, documentStatus: result.documentStatus };
      } catch (error) {
        if (error instanceof AbortError) {
          deps.log?.({ code: 'export.cancelled', format });
          return cancelled();
        }
        emit('failed', 0);
        deps.log?.({ code: 'export.failed', format });
        if (error instanceof AppError) throw error;
        throw new AppError('CONFLICT', 'The export could not be made. Try again; if it keeps failing, contact support.');
      } finally {
        running.delete(visitId);
      }
    },

    async cancel(request: { visitId: string }): Promise<{ cancelled: boolean }> {
      const controller = running.get(request.visitId);
      if (!controller) return { cancelled: false };
      controller.abort();
      return { cancelled: true };
    },
  };
}
export type ExportHandlers = ReturnType<typeof createExportHandlers>;

/** Without export wiring (tests, tools), the channels answer CONFLICT. */
export function unavailableExportHandlers(): ExportHandlers {
  const unavailable = async (): Promise<never> => {
    throw new AppError('CONFLICT', 'Exports are not available in this window.');
  };
  return { create: unavailable, cancel: unavailable };
}
