/**
 * The preload: builds the narrow, named API from the shared contract and
 * exposes it as `window.consoleApi`. It never exposes ipcRenderer itself or a
 * generic invoke. Bundled to one CommonJS file (sandboxed preloads cannot
 * require anything but electron's own modules).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createConsoleApi } from '../../shared/ipc/api';

const api = createConsoleApi(
  (channel, payload) => ipcRenderer.invoke(channel, payload),
  (event, listener) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
);

contextBridge.exposeInMainWorld('consoleApi', api);
