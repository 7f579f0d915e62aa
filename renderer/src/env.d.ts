import type { ConsoleApi } from '../../shared/ipc/api';

declare global {
  interface Window {
    /** Exposed by the preload (electron/preload/index.ts); the only way to reach the main process. */
    readonly consoleApi: ConsoleApi;
  }
}
export {};
