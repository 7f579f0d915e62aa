#!/usr/bin/env node
// Build better-sqlite3-multiple-ciphers (the SQLite driver, with encryption) for Electron's ABI into .native/electron-abi-<ABI>/,
// leaving node_modules' Node-ABI build (used by the tests) untouched, so
// `npm start` and `npm test` never flip-flop one shared binary.
// Needs internet once (Electron's headers); see README "Native modules".
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryAbi, headersAbi } from './native-abi.mjs';

const root = process.cwd();
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const abi = readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim();
const gyp = process.env.npm_config_node_gyp;
if (!gyp) {
  console.error('Run this through npm (npm run rebuild:electron) so node-gyp is found.');
  process.exit(1);
}
// npm passes `nodedir` from .npmrc to node-gyp; when it names Node's own headers the "Electron" build is
// silently a Node build. Refuse before compiling.
const nodedir = process.env.npm_config_nodedir;
if (nodedir && headersAbi(nodedir) !== abi) {
  console.error(
    `npm's nodedir (${nodedir}) holds headers for ABI ${headersAbi(nodedir) ?? 'unknown'}, not Electron ${electronVersion}'s (ABI ${abi}). ` +
      'Point it at Electron\'s headers (npm_config_nodedir=/path/to/electron-headers npm run rebuild:electron), or remove it (npm config delete nodedir) to download them.',
  );
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'bsq-electron-'));
try {
  cpSync(join(root, 'node_modules/better-sqlite3-multiple-ciphers'), work, { recursive: true });
  rmSync(join(work, 'build'), { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [gyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'],
    { cwd: work, stdio: 'inherit' },
  );
  const built = binaryAbi(join(work, 'build/Release/better_sqlite3.node'));
  if (built !== abi) {
    console.error(`node-gyp reported success, but the binary is for ABI ${built ?? 'unknown'}, not Electron's ${abi}: not installed.`);
    process.exitCode = 1;
  } else {
    const outDir = join(root, '.native', `electron-abi-${abi}`);
    mkdirSync(outDir, { recursive: true });
    copyFileSync(join(work, 'build/Release/better_sqlite3.node'), join(outDir, 'better_sqlite3.node'));
    // Which driver version this binary belongs to: the app refuses a copy kept
    // after the driver is upgraded, and `npm start`/`npm run dev` rebuild it.
    const driverVersion = JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3-multiple-ciphers/package.json'), 'utf8')).version;
    writeFileSync(
      join(outDir, 'build.json'),
      `${JSON.stringify({ driver: 'better-sqlite3-multiple-ciphers', driverVersion, electronVersion, abi }, null, 2)}\n`,
    );
    console.log(`better-sqlite3-multiple-ciphers for Electron ${electronVersion} (ABI ${abi}) -> ${outDir}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
