/**
 * The one window factory (Electron glue). Every BrowserWindow the console
 * opens comes from here, with the same locked-down web preferences and the
 * same navigation policies.
 */
import { BrowserWindow, shell, type WebContents } from 'electron';
import { allowNavigation, allowOpenExternal } from '../security/policies';

/** Navigation and window-open policies for one web contents. */
export function applyContentsPolicies(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!allowNavigation(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // New windows are never opened; an allowlisted https link goes to the user's browser.
    if (allowOpenExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Windows this app created, by web-contents id: the IPC wrapper's "known window" check. */
export const knownContents = new Set<number>();

export function createSecureWindow(options: { preloadPath: string; appOrigin: string; url: string }): BrowserWindow {
  // The options are a literal at the construction site so static checkers
  // (Electronegativity) see them; tests/main/shell/window.test.ts checks
  // every field of what the constructor actually receives.
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: '#f6f7f9',
    title: 'Back Pain Telehealth Console',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });
  const id = win.webContents.id;
  knownContents.add(id);
  win.on('closed', () => knownContents.delete(id));
  applyContentsPolicies(win.webContents, options.appOrigin);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.url);
  return win;
}
