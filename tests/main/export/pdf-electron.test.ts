/**
 * The Electron glue for exports, with `electron` mocked (it cannot run under
 * Node): the print window is hidden, sandboxed, JavaScript off, loads only the
 * page itself and is destroyed after each print; printToPDF gets the shared
 * page settings; the save dialog's answer (or cancel) is passed through.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const constructed: { options: Record<string, unknown>; destroyed: boolean }[] = [];
let requestFilter: ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
let pageHandler: ((request: Request) => Response | Promise<Response>) | null = null;
/** What the print window's page load received from the print session's protocol, per URL. */
const served = new Map<string, { status: number; body: string }>();
const printToPDF = vi.fn(async (_options: Record<string, unknown>) => Buffer.from('%PDF-1.7 mock'));
const loadURL = vi.fn(async (url: string) => {
  const res = await pageHandler!(new Request(url));
  served.set(url, { status: res.status, body: await res.text() });
});
const showSaveDialog = vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePath: '/home/user/chosen.pdf' }));

vi.mock('electron', () => {
  class BrowserWindow {
    private record: { options: Record<string, unknown>; destroyed: boolean };
    webContents = { setWindowOpenHandler: vi.fn(), on: vi.fn(), printToPDF };
    constructor(options: Record<string, unknown>) {
      this.record = { options, destroyed: false };
      constructed.push(this.record);
    }
    loadURL = loadURL;
    isDestroyed = () => this.record.destroyed;
    destroy = () => {
      this.record.destroyed = true;
    };
  }
  const session = {
    fromPartition: () => ({
      protocol: { handle: (_scheme: string, fn: typeof pageHandler) => (pageHandler = fn) },
      webRequest: { onBeforeRequest: (fn: typeof requestFilter) => (requestFilter = fn) },
      setPermissionRequestHandler: vi.fn(),
    }),
  };
  return { BrowserWindow, session, dialog: { showSaveDialog } };
});

const { createElectronPrinter, createSaveDialogChooser } = await import('../../../electron/main/export/pdf-electron');

beforeEach(() => {
  constructed.length = 0;
  printToPDF.mockClear();
  loadURL.mockClear();
});

describe('Electron printer', () => {
  it('prints in a hidden sandboxed window with JavaScript off, refuses every request but the page, and destroys the window', async () => {
    const printer = createElectronPrinter();
    const pdf = await printer.print('<p>hello</p>', { footer: 'content 0.1' });
    expect(Buffer.from(pdf).toString()).toContain('%PDF');
    const w = constructed[0]!;
    expect(w.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
    expect(w.destroyed).toBe(true);
    const url = String(loadURL.mock.calls[0]![0]);
    expect(url).toMatch(/^bptc-print:\/\/page\/[0-9a-f-]{36}$/);
    expect(served.get(url)).toEqual({ status: 200, body: '<p>hello</p>' });
    const decisions: boolean[] = [];
    requestFilter!({ url: 'https://example.org/x.png' }, (r) => decisions.push(r.cancel));
    requestFilter!({ url: 'data:image/png;base64,AAAA' }, (r) => decisions.push(r.cancel));
    requestFilter!({ url }, (r) => decisions.push(r.cancel));
    expect(decisions, 'the page is gone once printed').toEqual([true, false, true]);
    expect((await pageHandler!(new Request(url))).status).toBe(404);
    expect(printToPDF.mock.calls[0]![0]).toMatchObject({ pageSize: { width: 8.5, height: 11 }, printBackground: true, displayHeaderFooter: true });
  });

  it('prints an export far over Chromium\'s 2 MB URL limit: the page is served, not put in the URL', async () => {
    const html = `<p>${'x'.repeat(3 * 1024 * 1024)}</p>`;
    const printer = createElectronPrinter();
    await printer.print(html);
    const url = String(loadURL.mock.calls[0]![0]);
    expect(url.length).toBeLessThan(100);
    expect(served.get(url)!.body).toBe(html);
  });

  it('an aborted print rejects and still destroys its window', async () => {
    const printer = createElectronPrinter();
    const controller = new AbortController();
    printToPDF.mockImplementationOnce(async () => {
      controller.abort();
      return Buffer.from('%PDF');
    });
    await expect(printer.print('<p>x</p>', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(constructed[0]!.destroyed).toBe(true);
  });
});

describe('save dialog', () => {
  it('returns the chosen path, or null when cancelled; the default name and a filter are offered', async () => {
    const choose = createSaveDialogChooser(() => null);
    expect(await choose({ defaultName: 'visit-note-2026-11-27.pdf', format: 'note-pdf' })).toBe('/home/user/chosen.pdf');
    expect(showSaveDialog.mock.calls[0]![0]).toMatchObject({ defaultPath: 'visit-note-2026-11-27.pdf', filters: [{ extensions: ['pdf'] }] });
    showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await choose({ defaultName: 'visit-2026-11-27.fhir.json', format: 'fhir' })).toBeNull();
  });
});
