/**
 * The console's IPC carried over a loopback WebSocket, for benchmarks
 * (tests/bench/ui.ts). Playwright's exposeBinding (bindConsole) goes through
 * the DevTools protocol and adds 3 ms (quiet machine, p50) to over 10 ms (loaded) to every call, which Electron's
 * IPC pipe does not; timing a key press through it measures the harness, not
 * the console. Over this socket each call is JSON both ways through a real
 * socket to the same dispatcher, the closest a browser page gets to
 * ipcRenderer.invoke. The page's own policy allows it: the socket is on the
 * page's origin (connect-src 'self').
 *
 * One frame only (the bench's page): every call is dispatched as the top frame
 * of a known window, as Electron's main process sees the console's window.
 */
import type { Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import type { TestMain } from './main-process';
import { preloadShimSource } from './visit-room-harness';

const PATH = '/__bench-ipc';

// Browser-side code as a string (tsx would wrap named inner functions in a helper the page does not have).
const SOCKET_SHIM = `(() => {
  const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + ${JSON.stringify(PATH)});
  const open = new Promise((resolve, reject) => { ws.addEventListener('open', resolve, { once: true }); ws.addEventListener('error', reject, { once: true }); });
  const pending = new Map();
  let next = 0;
  ws.addEventListener('message', (e) => { const m = JSON.parse(e.data); const done = pending.get(m.id); pending.delete(m.id); if (done) done(m.result); });
  window.__consoleIpc = async (channel, payload) => {
    await open;
    const id = ++next;
    return new Promise((resolve) => { pending.set(id, resolve); ws.send(JSON.stringify({ id, channel, payload, frameUrl: location.href })); });
  };
})();`;

/** Give the page `window.consoleApi` over a loopback socket to the main process's real dispatcher; returns the socket server's close. */
export async function bindConsoleOverSocket(page: Page, main: TestMain): Promise<() => void> {
  const wss = new WebSocketServer({ server: main.httpServer, path: PATH, maxPayload: 4 * 1024 * 1024 });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const { id, channel, payload, frameUrl } = JSON.parse(String(data)) as { id: number; channel: unknown; payload: unknown; frameUrl: string };
      // The dispatcher answers every call with a result (a refusal included); a throw here is the harness's own fault, shown as such.
      main
        .dispatch({ frameUrl, isTopFrame: true, isKnownWindow: true }, channel, payload)
        .then((result) => ws.send(JSON.stringify({ id, result })))
        .catch((e: unknown) => console.error(`bench IPC socket: ${String(channel)} failed: ${(e as Error).stack ?? String(e)}`));
    });
  });
  await page.addInitScript({ content: SOCKET_SHIM });
  await page.addInitScript({ content: preloadShimSource() });
  return () => {
    for (const c of wss.clients) c.terminate();
    wss.close();
  };
}
