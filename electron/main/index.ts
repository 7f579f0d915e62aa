/**
 * Electron entry point: glue only. Everything with logic lives in modules
 * that run under plain Node and are tested there.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppRequestHandler, createDevProxyHandler } from './security/app-protocol';
import { APP_ORIGIN, APP_SCHEME, devRendererOrigin } from './security/policies';
import { createSecureWindow, knownContents } from './shell/window';
import { applySessionPolicies } from './shell/session';
import { createExternalOpener } from './shell/external';
import { registerIpc } from './ipc/register';
import { createDispatcher, type Dispatch } from './ipc/dispatch';
import { backupDatabase, defaultBackupDir } from './store/backup';
import { StoreError } from './store/errors';
import { KeyringError } from './store/keyring';
import { createPassphraseHandlers, resolveKeyAsync, type KeyOptions } from './boot';
import { existsSync, readFileSync } from 'node:fs';
import { composeMain } from './compose';
import type { LiveVideo } from './media/live-video';
import { installedDriverVersion, mediasoupWorkerBin, NativeDriverError, probeNativeDriver, resolveNativeBinding, DRIVER_PACKAGE } from './native';
import { APP_NAME } from '../../shared/about';
import { CONTENT_VERSION } from '../../shared/clinical';
import { createElectronPrinter, createSaveDialogChooser } from './export/pdf-electron';
import { createEhrRuntime } from './ehr/ipc';
import { createEhrSettingsStore } from './ehr/settings';
import { createClinicSettingsStore } from './clinic/settings';
import { consoleEnrolment, type Enrolment } from './visit-server-client/enrolment';
import { createVisitServerSettings } from './visit-server-client/settings';

const mainDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(mainDir, '..');

// mediasoup fixes its worker's path when first imported: in a packaged app
// point it at the unpacked copy before live video (and so mediasoup) is
// imported, below, with a dynamic import (see native.ts).
const workerBin = mediasoupWorkerBin({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, env: process.env, platform: process.platform });
if (workerBin) process.env.MEDIASOUP_WORKER_BIN = workerBin;

/**
 * The console window. Tracked rather than taken from getAllWindows(), whose
 * order Electron does not promise and which also lists the hidden windows
 * exports print in.
 */
let mainWindow: BrowserWindow | null = null;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = mainWindow;
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

function log(entry: { level: string; code: string; channel: string; detail?: string }): void {
  // Codes and channel names only: never payloads (they hold patient data).
  console.warn(`[ipc] ${entry.level} ${entry.code} ${entry.channel}${entry.detail ? ` ${entry.detail}` : ''}`);
}

/** Events for the console's renderer (never the hidden print windows). */
function emitToConsole(event: string, payload: unknown): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(event, payload);
}

function fail(error: unknown): void {
  const message =
    error instanceof StoreError || error instanceof KeyringError || error instanceof NativeDriverError ? error.message : 'The visit database could not be opened.';
  dialog.showErrorBox(APP_NAME, `${message}\n\nDatabase folder: ${app.getPath('userData')}`);
  app.exit(1);
}

async function start(): Promise<void> {
  const dbFile = join(app.getPath('userData'), 'visits.sqlite');
  const info = { appName: APP_NAME, appVersion: app.getVersion(), contentVersion: CONTENT_VERSION };
  // Encryption at rest: the key is wrapped by the OS secret store (docs/security.md).
  // The asynchronous safeStorage calls: the synchronous ones are deprecated in 45 and removed in 46.
  const keyOptions: KeyOptions = {
    keyFile: join(app.getPath('userData'), 'visits.key'),
    databaseExists: existsSync(dbFile),
    store: {
      // A keyring that fails to initialise counts as none: the passphrase path takes over, nothing is invented.
      isAvailable: await safeStorage.isAsyncEncryptionAvailable().catch(() => false),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os',
      encrypt: (plain: Buffer) => safeStorage.encryptStringAsync(plain.toString('base64')),
      decrypt: async (wrapped: Buffer) => Buffer.from((await safeStorage.decryptStringAsync(wrapped)).result, 'base64'),
    },
    // Where no keyring exists, IT may provision a passphrase file; otherwise the window asks for one.
    provisioned: () => {
      const f = process.env.BPTC_DB_PASSPHRASE_FILE;
      return f && existsSync(f) ? readFileSync(f, 'utf8').trim() : null;
    },
  };

  // Late-bound: before the database is open only the passphrase channels answer.
  let dispatch: Dispatch = async () => ({ ok: false, error: { code: 'LOCKED', message: 'Starting…' } });
  registerIpc(ipcMain, (sender, channel, payload) => dispatch(sender, channel, payload), knownContents);

  // The SQLite driver Electron can load (native.ts); resolved and probed in the try below.
  let nativeBinding = '';

  async function openEverything(key: Buffer): Promise<void> {
    const idle = Number(process.env.BPTC_IDLE_LOCK_MINUTES);
    // The clinic's EHR (docs/ehr.md): off until set up; its key is wrapped by the same OS store as the database key.
    const ehrSettings = createEhrSettingsStore({ file: join(app.getPath('userData'), 'ehr-settings.json'), secrets: keyOptions.store });
    // Adapters with their own lifetimes, started during composition and stopped at quit.
    const running: { ehr?: ReturnType<typeof createEhrRuntime>; video?: LiveVideo } = {};
    // Exports (docs/exports.md): printed by Electron, saved where the user chooses in a save dialog.
    let printer: ReturnType<typeof createElectronPrinter> | null = null;
    const videoLog = (entry: { level: string; code: string; detail?: string }) =>
      console.warn(`[video] ${entry.level} ${entry.code}${entry.detail ? ` ${entry.detail}` : ''}`);
    // The clinic's name, phone and default follow-up (docs/exports.md): the family summary and the family's link pages print them.
    const clinicSettings = createClinicSettingsStore({ file: join(app.getPath('userData'), 'clinic-settings.json') });
    // This console's enrolment on a visit server (docs/deployment.md, the "Visit server" card): stored sealed with the
    // database key; the mode it starts in is chosen below, so a change takes effect at the next start.
    let startedWith: Enrolment | null = null;
    const visitServerSettings = createVisitServerSettings({
      dir: app.getPath('userData'),
      key,
      enrol: async (url, code) => (await import('./visit-server-client/client')).enrolConsole(url, code),
      running: () => ({ enrolment: startedWith, connection: running.video?.connection?.() ?? null }),
      log: videoLog,
    });

    const main = await composeMain({
      store: { file: dbFile, key, nativeBinding },
      idleLockMinutes: Number.isFinite(idle) && idle >= 1 ? idle : 10,
      clinic: clinicSettings,
      exports: { printer: () => (printer ??= createElectronPrinter()) },
      ehr: ({ db, render }) => (running.ehr = createEhrRuntime({ db, settings: ehrSettings, render, emit: emitToConsole })),
      ipc: {
        appOrigin: APP_ORIGIN,
        info,
        log,
        video: async ({ db, services }) => {
          // Live video: the SFU and the family page server (docs/video.md). Configured by BPTC_* variables.
          // Imported here, after MEDIASOUP_WORKER_BIN is set (top of this file).
          const { startLiveVideo } = await import('./media/live-video');
          // Server mode (docs/deployment.md) when this console is enrolled on a visit server; standalone otherwise.
          const { enrolConsole } = await import('./visit-server-client/client');
          const visitServer = await consoleEnrolment({ dir: app.getPath('userData'), key, env: process.env, enrol: (url, code) => enrolConsole(url, code), log: videoLog });
          // The family leaving on their own ends the call once the rejoin window passes (issue 16; services/call-left.ts).
          const { createCallLeftWatch } = await import('./services/call-left');
          const { mediaConfigFromEnv } = await import('./media/config');
          const { VideoEvent } = await import('../../shared/signaling/clinician');
          const callLeft = createCallLeftWatch({
            callTimes: services.callTimes,
            rejoinWindowMs: (() => {
              try {
                return mediaConfigFromEnv(process.env).reconnectGraceMs;
              } catch {
                return 30_000; // A bad setting: live video reports it; the default window here.
              }
            })(),
            now: () => new Date(),
            onError: () => videoLog({ level: 'warn', code: 'CALL_END_NOT_RECORDED' }),
          });
          app.on('will-quit', () => callLeft.close());
          startedWith = visitServer;
          running.video = await startLiveVideo({
            ...(visitServer ? { visitServer } : {}),
            db,
            // Intake, status, consent and stills go into the visit record through the services, as the unlocked clinician.
            services,
            actor: () => services.session.requireActor(),
            getVisit: (id) => services.visits.get(id),
            rendererDir: join(outDir, 'renderer'),
            env: process.env,
            emit: (event, payload) => {
              if (event === 'video:event') {
                const parsed = VideoEvent.safeParse(payload);
                if (parsed.success) callLeft.observe(parsed.data);
              }
              emitToConsole(event, payload);
            },
            log: videoLog,
            clinicContact: () => {
              const c = clinicSettings.get();
              return c.clinicPhone ? { name: c.clinicName, phone: c.clinicPhone } : null;
            },
          });
          return running.video.handlers;
        },
        saveExports: {
          chooseDestination: createSaveDialogChooser(() => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null)),
          emit: emitToConsole,
          log: (entry) => console.warn(`[export] ${entry.code} ${entry.format}`),
        },
        external: createExternalOpener(shell),
        visitServer: visitServerSettings,
      },
    });
    app.on('will-quit', () => {
      // A verified, rotating backup at every clean quit (docs/store.md). The
      // check reopens the copy, so it needs the same Electron-ABI driver.
      try {
        backupDatabase(main.db, { dir: defaultBackupDir(dbFile), key, nativeBinding });
      } catch (error) {
        console.warn(`[store] backup failed: ${error instanceof StoreError ? error.code : 'error'}`);
      }
      main.close();
    });
    app.on('will-quit', () => void running.video?.close());
    await running.ehr?.start();
    app.on('will-quit', () => void running.ehr?.stop());
    dispatch = main.dispatch!;
  }

  try {
    nativeBinding = resolveNativeBinding({
      isPackaged: app.isPackaged,
      projectRoot: app.getAppPath(),
      resourcesPath: process.resourcesPath,
      abi: process.versions.modules,
      driverVersion: installedDriverVersion(() => createRequire(import.meta.url).resolve(`${DRIVER_PACKAGE}/package.json`)),
    });
    probeNativeDriver(nativeBinding, app.isPackaged);
    const decision = await resolveKeyAsync(keyOptions);
    if (decision.kind === 'ready') await openEverything(decision.key);
    else {
      dispatch = createDispatcher({
        appOrigin: APP_ORIGIN,
        handlers: createPassphraseHandlers({ mode: decision.mode, key: keyOptions, info, open: openEverything }),
        log,
      });
    }
  } catch (error) {
    fail(error);
    return;
  }

  // `npm run dev`: the renderer comes from electron-vite's dev server, still under app:// (never in a packaged app).
  const devOrigin = app.isPackaged ? null : devRendererOrigin(process.env.ELECTRON_RENDERER_URL);
  protocol.handle(
    APP_SCHEME,
    devOrigin
      ? createDevProxyHandler({ devOrigin, selfOrigin: APP_ORIGIN })
      : createAppRequestHandler({ rootDir: join(outDir, 'renderer'), selfOrigin: APP_ORIGIN }),
  );
  applySessionPolicies(session.defaultSession, APP_ORIGIN);

  mainWindow = createSecureWindow({
    preloadPath: join(outDir, 'preload', 'index.cjs'),
    appOrigin: APP_ORIGIN,
    url: `${APP_ORIGIN}/index.html`,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}
