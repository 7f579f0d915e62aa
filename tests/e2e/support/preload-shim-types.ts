declare global {
  interface Window {
    /** The Playwright binding to the main-process dispatcher (see fixtures.ts). */
    __consoleIpc(channel: string, payload: unknown): Promise<unknown>;
    /** Delivers a main-to-renderer event to the page's subscribers (see preload-shim.ts). */
    __consoleEmit(event: string, payload: unknown): void;
  }
}
export {};
