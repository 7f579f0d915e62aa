/**
 * Electron entry point: glue only. Everything with logic lives in modules
 * that run under plain Node and are tested there.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppRequestHandler } from './security/app-protocol';
import { APP_ORIGIN, APP_SCHEME } from './security/policies';
import { createSecureWindow, knownContents } from './shell/window';
import { applySessionPolicies } from './shell/session';
import { registerIpc } from './ipc/register';
import { createDispatcher, type Dispatch } from './ipc/dispatch';
import { openAppStore } from './app-store';
import { backupDatabase, defaultBackupDir } from './store/backup';
import { StoreError } from './store/errors';
import { KeyringError } from './store/keyring';
import { createPassphraseHandlers, resolveKey } from './boot';
import { existsSync, readFileSync } from 'node:fs';
import { createHandlers, createServices } from './services';
import { defaultDeps } from './services/deps';
import { resolveNativeBinding } from './native';
import { APP_NAME } from '../../shared/about';
import { CONTENT_VERSION } from '../../shared/clinical';
import { startLiveVideo } from './media/live-video';
import { createExportService } from './export/service';
import { createExportHandlers } from './export/ipc';
import { createElectronPrinter, createSaveDialogChooser } from './export/pdf-electron';

const mainDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(mainDir, '..');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
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

function fail(error: unknown): void {
  const message = error instanceof StoreError || error instanceof KeyringError ? error.message : 'The visit database could not be opened.';
  dialog.showErrorBox(APP_NAME, `${message}\n\nDatabase folder: ${app.getPath('userData')}`);
  app.exit(1);
}

async function start(): Promise<void> {
  const dbFile = join(app.getPath('userData'), 'visits.sqlite');
  const info = { appName: APP_NAME, appVersion: app.getVersion(), contentVersion: CONTENT_VERSION };
  // Encryption at rest: the key is wrapped by the OS secret store (docs/security.md).
  const keyOptions = {
    keyFile: join(app.getPath('userData'), 'visits.key'),
    databaseExists: existsSync(dbFile),
    store: {
      isAvailable: safeStorage.isEncryptionAvailable(),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os',
      encrypt: (plain: Buffer) => safeStorage.encryptString(plain.toString('base64')),
      decrypt: (wrapped: Buffer) => Buffer.from(safeStorage.decryptString(wrapped), 'base64'),
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

  async function openEverything(key: Buffer): Promise<void> {
    const { db } = openAppStore(dbFile, {
      key,
      nativeBinding: resolveNativeBinding({ isPackaged: app.isPackaged, projectRoot: app.getAppPath(), abi: process.versions.modules }),
    });
    app.on('will-quit', () => {
      // A verified, rotating backup at every clean quit (docs/store.md).
      try {
        backupDatabase(db, { dir: defaultBackupDir(dbFile), key });
      } catch (error) {
        console.warn(`[store] backup failed: ${error instanceof StoreError ? error.code : 'error'}`);
      }
      db.close();
    });

    const idle = Number(process.env.BPTC_IDLE_LOCK_MINUTES);
    const services = createServices(defaultDeps(db), { idleLockMinutes: Number.isFinite(idle) && idle >= 1 ? idle : 10 });
    // Live video: the SFU and the family page server (docs/video.md). Configured by BPTC_* variables.
    const video = await startLiveVideo({
      db,
      // Intake, status, consent and stills go into the visit record through the services, as the unlocked clinician.
      services,
      actor: () => services.session.requireActor(),
      getVisit: (id) => services.visits.get(id),
      rendererDir: join(outDir, 'renderer'),
      env: process.env,
      emit: (event, payload) => {
        for (const win of BrowserWindow.getAllWindows()) win.webContents.send(event, payload);
      },
      log: (entry) => console.warn(`[video] ${entry.level} ${entry.code}${entry.detail ? ` ${entry.detail}` : ''}`),
    });
    app.on('will-quit', () => void video.close());

    // Exports (docs/exports.md): printed by Electron, saved where the user chooses in a save dialog.
    let printer: ReturnType<typeof createElectronPrinter> | null = null;
    const exportHandlers = createExportHandlers({
      service: createExportService({ record: services.record, clinicians: services.clinicians, clock: defaultDeps(db).clock, printer: () => (printer ??= createElectronPrinter()) }),
      chooseDestination: createSaveDialogChooser(() => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null),
      emit: (event, payload) => {
        for (const win of BrowserWindow.getAllWindows()) win.webContents.send(event, payload);
      },
      log: (entry) => console.warn(`[export] ${entry.code} ${entry.format}`),
    });

    dispatch = createDispatcher({ appOrigin: APP_ORIGIN, handlers: createHandlers(services, info, video.handlers, exportHandlers), log });
  }

  try {
    const decision = resolveKey(keyOptions);
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

  protocol.handle(APP_SCHEME, createAppRequestHandler({ rootDir: join(outDir, 'renderer'), selfOrigin: APP_ORIGIN }));
  applySessionPolicies(session.defaultSession, APP_ORIGIN);

  createSecureWindow({
    preloadPath: join(outDir, 'preload', 'index.cjs'),
    appOrigin: APP_ORIGIN,
    url: `${APP_ORIGIN}/index.html`,
  });
}
