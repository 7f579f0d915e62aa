/**
 * Native parts of the app and where they are loaded from. Plain Node: the
 * Electron glue passes in what Electron says (isPackaged, resourcesPath, ABI).
 *
 * The SQLite driver. Under Electron the Node-ABI build that tests use would
 * not load, so `npm run rebuild:electron` writes an Electron-ABI copy to
 * .native/electron-abi-<ABI>/ (with build.json naming the driver version it
 * was built from) and the app points better-sqlite3's `nativeBinding` option
 * at it. Packaging copies that same folder to resources/native/ (extraResources
 * in electron-builder.yml) instead of rebuilding node_modules in place, so
 * `npm test`'s Node-ABI build is never overwritten. A missing, stale or
 * unloadable driver is reported as what it is (NativeDriverError), never as a
 * damaged database.
 *
 * The mediasoup worker. mediasoup fixes its worker's path when it is first
 * imported, from its own location; in a packaged app that is inside app.asar,
 * from where no binary can be spawned. The unpacked copy
 * (asarUnpack in electron-builder.yml) is named in MEDIASOUP_WORKER_BIN before
 * mediasoup is imported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sqlite } from './store/sqlite';

export const DRIVER_PACKAGE = 'better-sqlite3-multiple-ciphers';

export function electronNativeBindingPath(projectRoot: string, abi: string): string {
  return join(projectRoot, '.native', `electron-abi-${abi}`, 'better_sqlite3.node');
}

/** What `npm run rebuild:electron` writes next to the binary. */
export interface NativeBuildInfo {
  driver: string;
  driverVersion: string;
  electronVersion: string;
  abi: string;
}

export function nativeBuildInfoPath(bindingPath: string): string {
  return join(bindingPath, '..', 'build.json');
}

export type NativeDriverProblem = 'MISSING' | 'STALE' | 'LOAD_FAILED';

const FIX_DEV = 'Run `npm run rebuild:electron` (it needs Electron\'s headers once: internet, or npm_config_nodedir pointing at a local copy), then start the console again.';
const FIX_PACKAGED = 'Reinstall the console; if it persists, report it to whoever built this installer.';

/** The SQLite driver could not be used; the database was not opened and nothing was changed. */
export class NativeDriverError extends Error {
  constructor(
    readonly problem: NativeDriverProblem,
    detail: string,
    packaged: boolean,
  ) {
    super(`The console's SQLite driver could not be loaded, so the visit database was not opened (nothing was changed).\n\n${detail}\n\n${packaged ? FIX_PACKAGED : FIX_DEV}`);
    this.name = 'NativeDriverError';
  }
}

/** Where packaging puts the Electron-ABI driver (electron-builder.yml extraResources). */
export function packagedNativeBindingPath(resourcesPath: string): string {
  return join(resourcesPath, 'native', 'better_sqlite3.node');
}

/**
 * The `nativeBinding` to pass to the driver: resources/native/ in a packaged
 * app, .native/electron-abi-<ABI>/ in a source checkout. Throws
 * NativeDriverError when the copy is missing or was built from another driver
 * version than the one installed (a stale copy kept after an upgrade).
 */
export function resolveNativeBinding(options: {
  isPackaged: boolean;
  projectRoot: string;
  resourcesPath?: string | undefined;
  abi: string;
  /** The installed driver's version (its package.json). */
  driverVersion: string;
}): string {
  const packaged = options.isPackaged;
  const path = packaged ? packagedNativeBindingPath(options.resourcesPath ?? '') : electronNativeBindingPath(options.projectRoot, options.abi);
  if (!existsSync(path)) {
    throw new NativeDriverError('MISSING', `No build of the SQLite driver for this Electron (ABI ${options.abi}) was found at ${path}.`, packaged);
  }
  let info: Partial<NativeBuildInfo> | null = null;
  try {
    info = JSON.parse(readFileSync(nativeBuildInfoPath(path), 'utf8')) as Partial<NativeBuildInfo>;
  } catch {
    info = null;
  }
  if (!info || info.driverVersion !== options.driverVersion || info.abi !== options.abi) {
    const built = info?.driverVersion ? `${DRIVER_PACKAGE} ${info.driverVersion}` : 'an unknown driver version (no build.json)';
    throw new NativeDriverError(
      'STALE',
      `The SQLite driver built for Electron in ${join(path, '..')} is from ${built}${info?.abi && info.abi !== options.abi ? ` for ABI ${info.abi}` : ''}, but ${DRIVER_PACKAGE} ${options.driverVersion} (ABI ${options.abi}) is what this console runs. A copy kept from before an upgrade is not loaded.`,
      packaged,
    );
  }
  return path;
}

/**
 * Load the driver once on an in-memory database, so a binary built for
 * another ABI (or missing from an installer) is reported as such before the
 * visit database is touched.
 */
export function probeNativeDriver(nativeBinding: string, packaged: boolean): void {
  try {
    new Sqlite(':memory:', { nativeBinding }).close();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(message);
    const detail = abi
      ? `The driver at ${nativeBinding} was built for another runtime (ABI ${abi[1]}; this Electron needs ABI ${abi[2]}).`
      : `Loading ${nativeBinding} failed: ${message.split('\n')[0]}`;
    throw new NativeDriverError('LOAD_FAILED', detail, packaged);
  }
}

/** The installed driver's version, read from the package that will load the binary. */
export function installedDriverVersion(resolvePackageJson: () => string): string {
  return (JSON.parse(readFileSync(resolvePackageJson(), 'utf8')) as { version: string }).version;
}

/**
 * The mediasoup worker binary to use, or undefined to let mediasoup find its
 * own (a source checkout, where node_modules is a normal folder). An explicit
 * MEDIASOUP_WORKER_BIN (set by IT, README "Machines without internet") wins.
 */
export function mediasoupWorkerBin(options: {
  isPackaged: boolean;
  resourcesPath: string | undefined;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}): string | undefined {
  if (options.env.MEDIASOUP_WORKER_BIN) return options.env.MEDIASOUP_WORKER_BIN;
  if (!options.isPackaged || !options.resourcesPath) return undefined;
  const name = options.platform === 'win32' ? 'mediasoup-worker.exe' : 'mediasoup-worker';
  return join(options.resourcesPath, 'app.asar.unpacked', 'node_modules', 'mediasoup', 'worker', 'out', 'Release', name);
}
