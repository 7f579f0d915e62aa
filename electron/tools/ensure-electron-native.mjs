#!/usr/bin/env node
// Before `npm start` and `npm run dev`: build the Electron-ABI SQLite driver
// when it is missing or was built from another driver version than the one
// installed (a copy kept after an upgrade; electron/main/native.ts refuses it).
import { existsSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { binaryAbi } from './native-abi.mjs';

const root = process.cwd();
const abi = readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim();
const dir = join(root, '.native', `electron-abi-${abi}`);
const driverVersion = JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3-multiple-ciphers/package.json'), 'utf8')).version;

function builtVersion() {
  try {
    return JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8'));
  } catch {
    return null;
  }
}

const info = builtVersion();
if (!existsSync(join(dir, 'better_sqlite3.node'))) {
  console.log(`No Electron build of the SQLite driver in ${dir}: building it.`);
  execSync('npm run rebuild:electron', { stdio: 'inherit' });
} else if (binaryAbi(join(dir, 'better_sqlite3.node')) !== abi) {
  console.log(`The SQLite driver in ${dir} is not built for Electron's ABI ${abi}: rebuilding it.`);
  execSync('npm run rebuild:electron', { stdio: 'inherit' });
} else if (!info || info.driverVersion !== driverVersion || info.abi !== abi) {
  console.log(`The Electron build of the SQLite driver in ${dir} is from ${info?.driverVersion ?? 'an unknown version'}; ${driverVersion} is installed: rebuilding it.`);
  execSync('npm run rebuild:electron', { stdio: 'inherit' });
}
