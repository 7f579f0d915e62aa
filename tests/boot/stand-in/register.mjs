// `node --import tests/boot/stand-in/register.mjs out/main/index.js`: runs the
// built main bundle under Node with the stand-in Electron runtime.
//
// It also makes Node behave like Electron where the glue depends on it:
// - process.versions.modules is Electron's ABI, and a native module listed in
//   BOOT_REFUSE_NATIVE (the Node-ABI SQLite driver) fails to load with the
//   error Electron gives for a binary built for another ABI;
// - process.resourcesPath exists (BOOT_RESOURCES_PATH), as in a packaged app;
// - every native module load and every child process spawn is recorded.
import { register } from 'node:module';
import childProcess from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { state, startControl } from './runtime.mjs';

register('./hooks.mjs', import.meta.url);

const require = createRequire(import.meta.url);
const electronAbi = readFileSync(require.resolve('electron/abi_version'), 'utf8').trim();
const nodeAbi = process.versions.modules;
Object.defineProperty(process.versions, 'modules', { value: electronAbi, enumerable: true });
Object.defineProperty(process.versions, 'electron', { value: JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version, enumerable: true });
if (process.env.BOOT_RESOURCES_PATH) process.resourcesPath = process.env.BOOT_RESOURCES_PATH;

const refused = new Set((process.env.BOOT_REFUSE_NATIVE ?? '').split('\n').filter(Boolean).map((p) => resolve(p)));
const dlopen = process.dlopen;
process.dlopen = function standInDlopen(module, filename, ...rest) {
  state.dlopens.push(filename);
  if (refused.has(resolve(filename))) {
    // The message Electron's Node gives for a binary of another ABI.
    const error = new Error(
      `The module '${filename}'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION ${nodeAbi}. This version of Node.js requires\nNODE_MODULE_VERSION ${electronAbi}. Please try re-compiling or re-installing\nthe module (for instance, using \`npm rebuild\` or \`npm install\`).`,
    );
    error.code = 'ERR_DLOPEN_FAILED';
    throw error;
  }
  return dlopen.call(this, module, filename, ...rest);
};

const spawn = childProcess.spawn;
childProcess.spawn = function standInSpawn(file, ...rest) {
  state.spawns.push(String(file));
  return spawn.call(this, file, ...rest);
};

startControl();
