/**
 * The real main process, minus Electron: the SQLite store in a temp folder,
 * the services, the IPC dispatcher, and the renderer served by the same
 * request handler as the app:// protocol, on 127.0.0.1.
 */
import type { VisitServerSettings } from '../../../electron/main/visit-server-client/settings';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Database } from 'better-sqlite3';
import { createPassphraseHandlers, resolveKey } from '../../../electron/main/boot';
import { composeMain } from '../../../electron/main/compose';
import type { Services } from '../../../electron/main/services';
import type { VideoHandlers } from '../../../electron/main/media/handlers';
import { createDispatcher, type Dispatch } from '../../../electron/main/ipc/dispatch';
import { createAppRequestHandler } from '../../../electron/main/security/app-protocol';
import { CONTENT_VERSION } from '../../../shared/clinical';
import { createClinicSettingsStore } from '../../../electron/main/clinic/settings';
import { createChromiumPrinter } from '../../../electron/main/export/pdf-chromium';
import type { EhrHandlers } from '../../../electron/main/ehr/ipc';
import type { EhrRender } from '../../../electron/main/compose';
import type { EhrOutboxHook } from '../../../electron/main/services/deps';

export interface TestMain {
  /** Receives main-to-renderer events (exports:progress); a test forwards them to the page. */
  onEvent(listener: (event: string, payload: unknown) => void): void;
  origin: string;
  /** The HTTP server the renderer is served from (a benchmark adds its loopback IPC socket to it). */
  httpServer: Server;
  dbFile: string;
  dir: string;
  db: Database;
  services: Services;
  dispatch: Dispatch;
  /** Close the store and reopen it from disk, as an app restart would (the session is signed in again unless `session: 'fresh'`). */
  restart(): Promise<void>;
  /**
   * Resolves once no request from the page is in flight and none has arrived for `quietMs`:
   * the screen has finished loading (a list, then the marks it loads per row), so a test can
   * change the main process's state without racing a load the page already started.
   */
  settled(quietMs?: number): Promise<void>;
  close(): Promise<void>;
  /** mailto:/sms: URLs the console asked the system to open (issue 16), newest last. */
  externalOpened: string[];
}

export interface TestMainOptions {
  dir?: string;
  /** Live-video handlers (tests/e2e/support/video.ts); without them the video channels answer CONFLICT. */
  video?: (ctx: { db: Database; services: Services; origin: string }) => VideoHandlers;
  /**
   * 'unlocked' (default): a test clinician exists and is signed in, as after first-run setup.
   * 'locked': the clinician exists but the console is locked. 'fresh': first run, no clinician.
   */
  session?: 'unlocked' | 'locked' | 'fresh';
  idleLockMinutes?: number;
  /**
   * Wire exports (printed by the test's Chromium, as the CLI does). The save
   * dialog is replaced by a chooser that saves into `<dir>/exports/`.
   */
  exports?: boolean;
  /**
   * Simulate a Linux desktop without a keyring (safeStorage "basic_text"):
   * the console first asks for the database passphrase (electron/main/boot.ts).
   */
  noKeyring?: boolean;
  /**
   * The EHR runtime (tests/e2e/ehr-*.spec.ts wire one pointed at the test EHR), composed as the app composes it:
   * its outbox hook makes signing queue a delivery, `render` prints the note (needs `exports`), `emit` reaches onEvent listeners.
   * Without it, standalone.
   */
  ehr?: (ctx: { db: Database; render: EhrRender; emit: (event: string, payload: unknown) => void }) => { hook?: EhrOutboxHook; handlers: EhrHandlers };
  /** The Visit server card's channels (visit-server-client/settings.ts); without them, standalone and enrolling refused. */
  visitServer?: VisitServerSettings;
}

/** The test clinician's identity and passcode (a test secret, not a real one). */
export const TEST_CLINICIAN = { displayName: 'Dr Robin Test', credentials: 'MD', passcode: 'correct-horse-42' } as const;

export async function startTestMain(options: TestMainOptions = {}): Promise<TestMain> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'bptc-e2e-'));
  const dbFile = join(dir, 'visits.sqlite');
  const rendererDir = join(process.cwd(), 'out', 'renderer');

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serve = createAppRequestHandler({ rootDir: rendererDir, selfOrigin: origin });
  server.on('request', async (req, res) => {
    try {
      const response = await serve(new Request(`${origin}${req.url ?? '/'}`, { method: req.method ?? 'GET' }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (e) {
      // A request the handler could not answer still ends: an unanswered request holds its connection open,
      // and server.close() would wait on it until the test times out.
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    }
  });

  const state = {} as { db: Database; services: Services; dispatch: Dispatch };
  const externalOpened: string[] = [];
  const inFlight = { count: 0, lastAt: 0 };
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let printer: ReturnType<typeof createChromiumPrinter> | null = null;
  const info = { appName: 'Back Pain Telehealth Console', appVersion: 'test', contentVersion: CONTENT_VERSION };
  const open = async (key?: Buffer) => {
    // The app's composition (electron/main/compose.ts); only what Electron provides is stood in for here.
    const main = await composeMain({
      store: { file: dbFile, ...(key ? { key } : {}) },
      idleLockMinutes: options.idleLockMinutes ?? 10,
      // The clinic settings file beside the test's database, as the app keeps it.
      clinic: createClinicSettingsStore({ file: join(dir, 'clinic-settings.json') }),
      // Printed by the test's Chromium, as the CLI prints.
      ...(options.exports ? { exports: { printer: () => (printer ??= createChromiumPrinter()) } } : {}),
      ...(options.ehr
        ? { ehr: ({ db, render }: { db: Database; render: EhrRender }) => options.ehr!({ db, render, emit: (event, payload) => listeners.forEach((l) => l(event, payload)) }) }
        : {}),
      ipc: {
        appOrigin: origin,
        info,
        ...(options.video ? { video: ({ db, services }: { db: Database; services: Services }) => options.video!({ db, services, origin }) } : {}),
        // The save dialog is replaced by a chooser that saves into `<dir>/exports/`.
        ...(options.exports
          ? {
              saveExports: {
                chooseDestination: async ({ defaultName }: { defaultName: string }) => {
                  mkdirSync(join(dir, 'exports'), { recursive: true });
                  return join(dir, 'exports', defaultName);
                },
                emit: (event: string, payload: unknown) => listeners.forEach((l) => l(event, payload)),
              },
            }
          : {}),
        // Stands in for the glue's shell.openExternal (electron/main/shell/external.ts, unit-tested): records what would open.
        external: async (url: string) => {
          externalOpened.push(url);
        },
        ...(options.visitServer ? { visitServer: options.visitServer } : {}),
      },
    });
    state.db = main.db;
    state.services = main.services;
    state.dispatch = main.dispatch!;
    const mode = options.session ?? 'unlocked';
    if (mode !== 'fresh') {
      const [existing] = await state.services.clinicians.list();
      if (!existing) await state.services.session.setup(TEST_CLINICIAN);
      else if (mode === 'unlocked') await state.services.session.unlock({ clinicianId: existing.id, passcode: TEST_CLINICIAN.passcode });
      if (mode === 'locked') await state.services.session.lock();
    }
  };
  /** Before the database is open on a keyring-less system: only the passphrase channels answer. */
  const boot = async () => {
    const keyOptions = {
      keyFile: join(dir, 'visits.key'),
      databaseExists: existsSync(dbFile),
      // What Electron's safeStorage offers on Linux without a keyring.
      store: { isAvailable: true, backend: 'basic_text', encrypt: (b: Buffer) => b, decrypt: (b: Buffer) => b },
    };
    const decision = resolveKey(keyOptions);
    if (decision.kind === 'ready') return open(decision.key);
    state.dispatch = createDispatcher({
      appOrigin: origin,
      handlers: createPassphraseHandlers({ mode: decision.mode, key: keyOptions, info, open: (key) => open(key) }),
    });
  };
  if (options.noKeyring) await boot();
  else await open();

  return {
    origin,
    httpServer: server,
    dbFile,
    externalOpened,
    dir,
    get db() {
      return state.db;
    },
    get services() {
      return state.services;
    },
    onEvent(listener) {
      listeners.add(listener);
    },
    // Late-bound so a restart swaps the dispatcher under a live page binding; counted for settled().
    dispatch: async (sender, channel, payload) => {
      inFlight.count++;
      try {
        return await state.dispatch(sender, channel, payload);
      } finally {
        inFlight.count--;
        inFlight.lastAt = Date.now();
      }
    },
    async settled(quietMs = 400) {
      const deadline = Date.now() + 10_000;
      while (inFlight.count > 0 || Date.now() - inFlight.lastAt < quietMs) {
        if (Date.now() > deadline) throw new Error(`the page did not settle: ${inFlight.count} request(s) still in flight after 10 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async restart() {
      if (state.db?.open) state.db.close();
      if (options.noKeyring) await boot();
      else await open();
    },
    async close() {
      await printer?.close();
      if (state.db?.open) state.db.close();
      // The page is still open when main is torn down (Playwright tears fixtures down in reverse order), and
      // Chromium may hold a connection mid-request or a preconnected socket: close every connection, not only idle ones.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
