/**
 * Electron glue for exports (on the ELECTRON_GLUE lint allowlist): the PDF
 * printer that prints the export HTML with webContents.printToPDF in a hidden,
 * sandboxed window with JavaScript off and every request other than the page
 * itself refused, and the save dialog that chooses where an export goes.
 * Everything else about exports runs under plain Node (service.ts).
 */
import { BrowserWindow, dialog, session } from 'electron';
import { randomUUID } from 'node:crypto';
import type { ExportFormat } from './service';
import { abortable, footerTemplate, PAGE, throwIfAborted, type PdfPrinter } from './pdf';

const PARTITION = 'export-print';

/** A printer for the app. One hidden window per print; the session refuses all network access. */
export function createElectronPrinter(): PdfPrinter {
  const printSession = session.fromPartition(PARTITION, { cache: false });
  printSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
  printSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  return {
    async print(html, opts = {}) {
      throwIfAborted(opts.signal);
      const win = new BrowserWindow({
        show: false,
        width: 816,
        height: 1056,
        webPreferences: { session: printSession, sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, spellcheck: false },
      });
      win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      win.webContents.on('will-navigate', (event) => event.preventDefault());
      try {
        const url = `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}#${randomUUID()}`;
        await abortable(win.loadURL(url), opts.signal, () => win.destroy());
        const data = await abortable(
          win.webContents.printToPDF({
            pageSize: { width: PAGE.widthIn, height: PAGE.heightIn },
            printBackground: true,
            preferCSSPageSize: true,
            displayHeaderFooter: Boolean(opts.footer),
            headerTemplate: '<span></span>',
            footerTemplate: footerTemplate(opts.footer ?? ''),
            margins: { top: PAGE.marginIn.top, bottom: PAGE.marginIn.bottom, left: PAGE.marginIn.left, right: PAGE.marginIn.right },
          }),
          opts.signal,
          () => win.destroy(),
        );
        return new Uint8Array(data);
      } finally {
        if (!win.isDestroyed()) win.destroy();
      }
    },
    async close() {
      // Windows are destroyed after each print.
    },
  };
}

const FILTERS: Record<ExportFormat, Electron.FileFilter[]> = {
  'note-pdf': [{ name: 'PDF', extensions: ['pdf'] }],
  'family-pdf': [{ name: 'PDF', extensions: ['pdf'] }],
  fhir: [{ name: 'FHIR JSON', extensions: ['json'] }],
};

/** The save dialog: the user chooses the destination; null when they cancel. */
export function createSaveDialogChooser(getWindow: () => BrowserWindow | null) {
  return async ({ defaultName, format }: { defaultName: string; format: ExportFormat }): Promise<string | null> => {
    const win = getWindow();
    const options: Electron.SaveDialogOptions = {
      title: format === 'fhir' ? 'Save the FHIR document' : format === 'family-pdf' ? 'Save the family summary' : 'Save the clinician note',
      defaultPath: defaultName,
      filters: FILTERS[format],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}
