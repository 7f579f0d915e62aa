import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron runtime cannot run under Node: mock it here, in the glue's own test, only.
const handlers = new Map<string, (...args: unknown[]) => void>();
let windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
const openExternal = vi.fn();
const loadURL = vi.fn(async () => {});
const constructed: unknown[] = [];

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      id: 7,
      on: (name: string, fn: (...args: unknown[]) => void) => handlers.set(name, fn),
      setWindowOpenHandler: (fn: typeof windowOpenHandler) => {
        windowOpenHandler = fn;
      },
    };
    constructor(options: unknown) {
      constructed.push(options);
    }
    on = vi.fn();
    once = vi.fn();
    loadURL = loadURL;
  }
  return { BrowserWindow, shell: { openExternal } };
});

const { createSecureWindow, knownContents } = await import('../../../electron/main/shell/window');

describe('createSecureWindow', () => {
  beforeEach(() => {
    handlers.clear();
    windowOpenHandler = null;
    openExternal.mockClear();
    constructed.length = 0;
    createSecureWindow({ preloadPath: '/p.cjs', appOrigin: 'app://console', url: 'app://console/index.html' });
  });

  const prefs = () => (constructed[0] as { webPreferences: Record<string, unknown> }).webPreferences;
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['enableBlinkFeatures', undefined],
    ['preload', '/p.cjs'],
  ] as const)('gives the window %s = %s', (key, value) => {
    expect(prefs()[key]).toBe(value);
  });

  it('registers the window as known and loads the app URL', () => {
    expect(knownContents.has(7)).toBe(true);
    expect(loadURL).toHaveBeenCalledWith('app://console/index.html');
  });

  it.each([
    ['https://example.com/', true],
    ['file:///etc/passwd', true],
    ['app://console.attacker.com/', true],
    ['app://console/other.html', false],
  ])('will-navigate to %s is prevented: %s', (url, prevented) => {
    const preventDefault = vi.fn();
    handlers.get('will-navigate')!({ preventDefault }, url);
    expect(preventDefault).toHaveBeenCalledTimes(prevented ? 1 : 0);
  });

  it('denies every new window, and opens only allowlisted https links externally', () => {
    expect(windowOpenHandler!({ url: 'https://kidshealth.org/x' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://kidshealth.org/x');
    expect(windowOpenHandler!({ url: 'https://kidshealth.org.attacker.com/' })).toEqual({ action: 'deny' });
    expect(windowOpenHandler!({ url: 'app://console/index.html' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('blocks webview attachment', () => {
    const preventDefault = vi.fn();
    handlers.get('will-attach-webview')!({ preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });
});
