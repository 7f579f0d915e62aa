/**
 * Printing export HTML to PDF. Two implementations print the same HTML with
 * the same page settings: Chromium through playwright-core (the CLI, tests and
 * benchmark, under plain Node) and Electron's webContents.printToPDF in the
 * app (pdf-electron.ts). Both load the page with JavaScript off and every
 * network request refused; the HTML is self-contained.
 */

export interface PdfPrinter {
  /** Print one self-contained HTML page. Rejects with an AbortError when `signal` aborts. */
  print(html: string, options?: { signal?: AbortSignal; footer?: string }): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** The page settings both printers use (US Letter; margins in inches). */
export const PAGE = {
  widthIn: 8.5,
  heightIn: 11,
  marginIn: { top: 0.55, bottom: 0.7, left: 0.55, right: 0.55 },
} as const;

/** The running footer: text (escaped by the caller) and "page X of Y". */
export function footerTemplate(text: string): string {
  return (
    `<div style="font-size:7px;width:100%;padding:0 12mm;display:flex;justify-content:space-between;color:#444;font-family:sans-serif">` +
    `<span>${text}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`
  );
}

export class AbortError extends Error {
  constructor(message = 'The export was cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

/** Race a promise against an abort signal (the work itself is cleaned up by the caller). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort?: () => void): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined); // the work was started; its failure after the abort is expected
    onAbort?.();
    return Promise.reject(new AbortError());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      promise.catch(() => undefined);
      onAbort?.();
      reject(new AbortError());
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
