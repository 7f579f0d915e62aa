/**
 * Stands in for electron/preload/index.ts inside Chromium: the same
 * createConsoleApi from shared/, with the transport bound (by Playwright's
 * exposeBinding) to the real main-process dispatcher in the test process.
 * Main-to-renderer events arrive through `window.__consoleEmit`, which the
 * test process calls with page.evaluate (as webContents.send would).
 */
import { createConsoleApi } from '../../../shared/ipc/api';
import './preload-shim-types';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

const api = createConsoleApi(
  (channel, payload) => window.__consoleIpc(channel, payload),
  (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener);
    };
  },
);
Object.defineProperty(window, 'consoleApi', { value: api, writable: false, configurable: false });
Object.defineProperty(window, '__consoleEmit', {
  value: (event: string, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  },
  writable: false,
  configurable: false,
});
