declare global {
  interface Window {
    /** The Playwright binding to the main-process dispatcher (see fixtures.ts). */
    __consoleIpc(channel: string, payload: unknown): Promise<unknown>;
  }
}
export {};
