/**
 * Which better-sqlite3 binary the app loads. Under Electron the Node-ABI
 * build that tests use would not load, so `npm run rebuild:electron` writes an
 * Electron-ABI copy to .native/electron-abi-<ABI>/ and the app points
 * better-sqlite3's `nativeBinding` option at it. Packaged builds use the copy
 * electron-builder rebuilt in place, so nothing is passed there.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function electronNativeBindingPath(projectRoot: string, abi: string): string {
  return join(projectRoot, '.native', `electron-abi-${abi}`, 'better_sqlite3.node');
}

export function resolveNativeBinding(options: {
  isPackaged: boolean;
  projectRoot: string;
  abi: string;
}): string | undefined {
  if (options.isPackaged) return undefined;
  const path = electronNativeBindingPath(options.projectRoot, options.abi);
  return existsSync(path) ? path : undefined;
}
