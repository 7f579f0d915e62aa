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
/**
 * The page being printed is served from memory by the print session's own
 * protocol, under an unguessable one-time URL. Not a data: URL: Chromium
 * refuses URLs over 2 MB, which a note with stills exceeds. Not a temp file:
 * no patient data is written anywhere but the destination the user chose
 * (docs/security.md, requirement 16).
 */
export const PRINT_SCHEME = 'bptc-print';
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/** A printer for the app. One hidden window per print; the session refuses all network access. */
export function createElectronPrinter(): PdfPrinter {
  const printSession = session.fromPartition(PARTITION, { cache: false });
  const pages = new Map<string, string>();
  const pageOf = (url: string) => pages.get(/^bptc-print:\/\/page\/([0-9a-f-]{36})$/i.exec(url)?.[1]?.toLowerCase() ?? '');
  printSession.protocol.handle(PRINT_SCHEME, (request) => {
    const html = pageOf(request.url);
    return html === undefined
      ? new Response('Not found', { status: 404 })
      : new Response(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP } });
  });
  // Only the page itself and the images embedded in it (data:) load; nothing reaches a network.
  printSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !(pageOf(details.url) !== undefined || details.url.startsWith('data:')) }));
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
      const id = randomUUID();
      const url = `${PRINT_SCHEME}://page/${id}`;
      pages.set(id, html);
      try {
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
        pages.delete(id);
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
