/**
 * Stands in for electron/preload/index.ts inside Chromium: the same
 * createConsoleApi from shared/, with the transport bound (by Playwright's
 * exposeBinding) to the real main-process dispatcher in the test process.
 */
import { createConsoleApi } from '../../../shared/ipc/api';
import './preload-shim-types';


const api = createConsoleApi(
  (channel, payload) => window.__consoleIpc(channel, payload),
  () => () => {},
);
Object.defineProperty(window, 'consoleApi', { value: api, writable: false, configurable: false });
