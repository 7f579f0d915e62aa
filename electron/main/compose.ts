/**
 * The one composition of the main process (issue 15 item 4), in layer order:
 *
 *   store (openAppStore: checks, migrations, catalog sync)
 *     ← domain services (createServices over the store, a clock, an id source)
 *       ← adapters: exports (PDF/FHIR), the EHR runtime, live video, the IPC
 *         handler table and its dispatcher.
 *
 * The app (electron/main/index.ts), the end-to-end harness
 * (tests/e2e/support/main-process.ts) and the CLIs (electron/cli/*) all build
 * main here. What differs between them is passed in, never rebuilt: what only
 * the Electron runtime can do (a save dialog, printToPDF, safeStorage,
 * shell.openExternal, the window events go to) comes from each caller's thin
 * glue, and an adapter a caller does not need is simply not asked for (the
 * export CLI has no IPC; the harness runs without an EHR unless a test asks).
 *
 * The headless visit server (electron/main/visit-server/) has no store and no
 * services: it composes the media and family modules themselves
 * (visit-server/server.ts), not copies of them.
 */
import type { Database } from 'better-sqlite3';
import { openAppStore } from './app-store';
import type { OpenOptions, OpenReport } from './store/database';
import { createServices, type AppInfo, type Services } from './services';
import { createHandlers } from './ipc/handlers';
import { defaultDeps, type Clock, type EhrOutboxHook, type ServiceDeps } from './services/deps';
import type { ExternalOpener } from './services/call-logistics';
import type { VisitServerSettings } from './visit-server-client/settings';
import { createExportService, type ExportService } from './export/service';
import { createExportHandlers, type ExportHandlerDeps } from './export/ipc';
import type { PdfPrinter } from './export/pdf';
import type { ExportModel } from './export/model';
import type { EhrHandlers } from './ehr/ipc';
import type { VideoHandlers } from './media/handlers';
import { createClinicHandlers, createClinicSettingsStore, type ClinicSettingsStore } from './clinic/settings';
import { createDispatcher, type Dispatch, type DispatchLog, type Handlers } from './ipc/dispatch';

/** What the EHR delivery worker needs from the exports: the note's model and its PDF. */
export type EhrRender = (visitId: string) => Promise<{ model: ExportModel; pdf: Uint8Array }>;

export interface ComposeOptions {
  /** The visit database, opened the way the app opens it (key, Electron-ABI driver, read-only…). */
  store: { file: string } & OpenOptions;
  /** Default: the system clock. */
  clock?: Clock;
  /** Minutes without input before the console locks (default 10). */
  idleLockMinutes?: number;
  /**
   * The clinic's settings (name, phone, default follow-up). The exports print
   * them and the `clinic:*` channels edit them; without it the channels keep
   * them in memory and the exports print none.
   */
  clinic?: ClinicSettingsStore;
  /** Exports (PDF, FHIR): the printer (Electron's printToPDF in the app, Chromium elsewhere), made on first use. */
  exports?: { printer: () => PdfPrinter; timeZone?: string };
  /**
   * The EHR runtime (docs/ehr.md). Built from the store before the services so
   * that signing can queue deliveries in its own transaction (`hook`); it
   * renders notes through the exports composed here.
   */
  ehr?: (ctx: { db: Database; render: EhrRender }) => { hook?: EhrOutboxHook; handlers: EhrHandlers };
  /** The console's IPC: the handler table and the dispatcher in front of it. */
  ipc?: {
    appOrigin: string;
    info: AppInfo;
    log?: DispatchLog;
    /** Live video over the services (media/live-video.ts in the app); without it the video channels answer CONFLICT. */
    video?: (ctx: { db: Database; services: Services }) => VideoHandlers | Promise<VideoHandlers>;
    /** Where `exports:create` saves (the app's save dialog) and where its progress events go; needs `exports`. */
    saveExports?: Omit<ExportHandlerDeps, 'service'>;
    /** mailto:/sms: links (the glue's shell.openExternal); without it those channels refuse. */
    external?: ExternalOpener;
    /** This console's visit-server enrolment (visit-server-client/settings.ts); without it the card says standalone and enrolling is refused. */
    visitServer?: VisitServerSettings;
  };
}

export interface ComposedMain {
  db: Database;
  /** What opening the store found and did. */
  report: OpenReport;
  deps: ServiceDeps;
  services: Services;
  /** Null unless `exports` was given. */
  exports: ExportService | null;
  /** Null unless `ipc` was given. */
  handlers: Handlers | null;
  dispatch: Dispatch | null;
  /** Closes the database (adapters with their own lifetimes are closed by whoever started them). */
  close(): void;
}

export async function composeMain(options: ComposeOptions): Promise<ComposedMain> {
  // Store.
  const { file, ...openOptions } = options.store;
  const { db, report } = openAppStore(file, openOptions);
  try {
    // Domain services; the EHR outbox hook is the one adapter they call into, passed in as an interface.
    let exportService: ExportService | null = null;
    const render: EhrRender = async (visitId) => {
      if (!exportService) throw new Error('EHR delivery needs the exports composed (ComposeOptions.exports).');
      return { model: await exportService.model(visitId), pdf: (await exportService.render(visitId, 'note-pdf')).bytes };
    };
    const ehr = options.ehr?.({ db, render });
    const base = defaultDeps(db, options.clock);
    const deps: ServiceDeps = ehr?.hook ? { ...base, ehrOutbox: ehr.hook } : base;
    const services = createServices(deps, options.idleLockMinutes !== undefined ? { idleLockMinutes: options.idleLockMinutes } : {});

    // Adapters.
    const clinic = options.clinic;
    if (options.exports) {
      exportService = createExportService({
        record: services.record,
        clinicians: services.clinicians,
        poseEstimates: services.poseEstimates,
        callTimes: services.callTimes,
        clock: deps.clock,
        printer: options.exports.printer,
        ...(options.exports.timeZone ? { timeZone: options.exports.timeZone } : {}),
        ...(clinic ? { clinic: () => clinic.get() } : {}),
      });
    }

    let handlers: Handlers | null = null;
    let dispatch: Dispatch | null = null;
    if (options.ipc) {
      const ipc = options.ipc;
      if (ipc.saveExports && !exportService) throw new Error('ComposeOptions.ipc.saveExports needs ComposeOptions.exports.');
      const video = ipc.video ? await ipc.video({ db, services }) : undefined;
      handlers = createHandlers(
        services,
        ipc.info,
        video,
        ipc.saveExports && exportService ? createExportHandlers({ ...ipc.saveExports, service: exportService }) : undefined,
        ehr?.handlers,
        createClinicHandlers(clinic ?? createClinicSettingsStore({ file: null })),
        ipc.external,
        ipc.visitServer,
      );
      dispatch = createDispatcher({ appOrigin: ipc.appOrigin, handlers, ...(ipc.log ? { log: ipc.log } : {}) });
    }

    return {
      db,
      report,
      deps,
      services,
      exports: exportService,
      handlers,
      dispatch,
      close: () => {
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
