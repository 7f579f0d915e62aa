import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Sqlite } from '../../electron/main/store/sqlite';

/**
 * Packages the built app with electron-builder against a stub Electron
 * distribution (the real binary cannot be downloaded on CI machines). The
 * stub carries the fuse sentinel so electron-builder's fuse flipping runs for
 * real and the test reads the flipped wire back.
 */
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(p: string, o?: unknown): string[] };
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on,
// asar integrity off, only-load-from-asar off, browser V8 snapshot off, file:// privileges on.
const STOCK_WIRE = '10110001';

let appDir: string;
let files: string[];
const ELECTRON_ABI = readFileSync(require.resolve('electron/abi_version'), 'utf8').trim();
/** The Node-ABI driver `npm test` loads: packaging must leave it as it was. */
const NODE_DRIVER = 'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node';
/** Where `npm run rebuild:electron` puts the Electron-ABI driver that packaging ships. */
const ELECTRON_NATIVE_DIR = join('.native', `electron-abi-${ELECTRON_ABI}`);
let standInNative = false;
let nodeDriverBefore: { sha256: string; mtimeMs: number };

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 20 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${stderr}\n${stdout}`)) : resolve(stdout),
    );
  });
}

beforeAll(async () => {
  expect(existsSync('out/main/index.js'), 'run `npm run build` first (npm test does)').toBe(true);
  nodeDriverBefore = { sha256: sha256(NODE_DRIVER), mtimeMs: statSync(NODE_DRIVER).mtimeMs };
  // Without Electron's headers (these machines) there is no real Electron-ABI build: stand one in for the
  // archive's sake, stamped so the app would refuse it (native.ts), and remove it afterwards.
  if (!existsSync(join(ELECTRON_NATIVE_DIR, 'better_sqlite3.node'))) {
    standInNative = true;
    mkdirSync(ELECTRON_NATIVE_DIR, { recursive: true });
    copyFileSync(NODE_DRIVER, join(ELECTRON_NATIVE_DIR, 'better_sqlite3.node'));
    writeFileSync(join(ELECTRON_NATIVE_DIR, 'build.json'), JSON.stringify({ driver: 'stand-in for tests/packaging', driverVersion: 'none', abi: 'none' }));
  }
  const work = mkdtempSync(join(tmpdir(), 'bptc-pack-'));
  const stub = join(work, 'electron-dist');
  mkdirSync(join(stub, 'resources'), { recursive: true });
  const binary = Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(STOCK_WIRE)]);
  writeFileSync(join(stub, 'electron'), binary);
  chmodSync(join(stub, 'electron'), 0o755);
  writeFileSync(join(stub, 'version'), '45.5.0');
  writeFileSync(join(stub, 'LICENSE'), 'stub');
  await run(process.execPath, [
    require.resolve('electron-builder/cli.js'),
    '--linux', 'dir',
    '--config', 'electron-builder.yml',
    // Everything else as `npm run package` has it: in particular npmRebuild (false, electron-builder.yml).
    `-c.electronDist=${stub}`,
    `-c.directories.output=${join(work, 'release')}`,
  ]);
  appDir = join(work, 'release', 'linux-unpacked');
  files = asar.listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replace(/^\//, ''));
}, 120_000);

afterAll(() => {
  if (standInNative) rmSync(ELECTRON_NATIVE_DIR, { recursive: true, force: true });
});

/** Top-level package names that npm installed as production dependencies. */
function productionPackages(): Set<string> {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const names = new Set<string>();
  for (const [path, meta] of Object.entries(lock.packages)) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path);
    if (m && !meta.dev) names.add(m[1]!);
  }
  return names;
}

describe('packaged app', () => {
  it('holds the built main, CommonJS preload and renderer', () => {
    for (const f of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'package.json']) {
      expect(files).toContain(f);
    }
  });

  it('holds production dependencies only, and no sources, tests or source maps', () => {
    const prod = productionPackages();
    const packaged = new Set(
      files
        .map((f) => /^node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)(\/|$)/.exec(f)?.[1])
        .filter((n): n is string => Boolean(n)),
    );
    for (const name of ['better-sqlite3-multiple-ciphers', 'zod', 'mediasoup', 'ws']) expect(packaged).toContain(name);
    const extra = [...packaged].filter((n) => !prod.has(n));
    expect(extra, 'packages that are not production dependencies').toEqual([]);
    for (const dev of ['react', 'electron', 'vitest', 'typescript', '@playwright/test', 'mediasoup-client', 'better-sqlite3']) {
      expect(packaged.has(dev), dev).toBe(false);
    }
    expect(files.filter((f) => /^(electron|renderer|shared|tests|docs)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('ships the Electron-ABI SQLite driver from .native (not node_modules\' Node-ABI build) and unpacks the mediasoup worker', () => {
    const unpacked = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules');
    const shipped = join(appDir, 'resources', 'native', 'better_sqlite3.node');
    expect(sha256(shipped)).toBe(sha256(join(ELECTRON_NATIVE_DIR, 'better_sqlite3.node')));
    expect(readFileSync(join(appDir, 'resources', 'native', 'build.json'), 'utf8')).toBe(readFileSync(join(ELECTRON_NATIVE_DIR, 'build.json'), 'utf8'));
    expect(existsSync(join(unpacked, 'better-sqlite3-multiple-ciphers', 'build', 'Release', 'better_sqlite3.node'))).toBe(false);
    expect(files).not.toContain('node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');
    const worker = join(unpacked, 'mediasoup', 'worker', 'out', 'Release', 'mediasoup-worker');
    expect(statSync(worker).mode & 0o111).not.toBe(0);
    expect(existsSync(join(unpacked, 'better-sqlite3-multiple-ciphers', 'build', 'Release', 'obj'))).toBe(false);
  });

  it('leaves the Node-ABI driver npm test uses untouched and loadable', () => {
    expect({ sha256: sha256(NODE_DRIVER), mtimeMs: statSync(NODE_DRIVER).mtimeMs }).toEqual(nodeDriverBefore);
    const db = new Sqlite(':memory:');
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
  });

  it('takes the Electron-ABI driver from the folder named for this Electron\'s ABI', () => {
    const yml = readFileSync('electron-builder.yml', 'utf8');
    expect(yml).toContain(`from: .native/electron-abi-${ELECTRON_ABI}\n`);
    expect(yml).toMatch(/^npmRebuild: false$/m);
  });

  it('keeps electron-builder\'s default deb dependencies, libsecret (the keyring) among them', () => {
    // A custom `depends` replaces the default list, so it must repeat it.
    const fpm = readFileSync(require.resolve('app-builder-lib/out/targets/FpmTarget.js'), 'utf8');
    const defaults = JSON.parse(/case "deb":\s*return (\[[^\]]*\]);/.exec(fpm)![1]!) as string[];
    expect(defaults).toContain('libsecret-1-0');
    const yml = readFileSync('electron-builder.yml', 'utf8');
    const deb = /^deb:\n(?:[ ].*\n)*/m.exec(yml)![0];
    const depends = [...deb.matchAll(/^ {4}- (.+)$/gm)].map((m) => m[1]!.trim());
    for (const d of defaults) expect(depends, d).toContain(d);
  });

  it('flips every fuse as configured', () => {
    const binary = readFileSync(join(appDir, 'back-pain-telehealth-console'));
    const at = binary.indexOf(SENTINEL) + SENTINEL.length;
    const wire = binary.subarray(at + 2, at + 2 + 8).toString('latin1');
    const fuse = (i: number) => wire[i] === '1';
    expect({
      runAsNode: fuse(0),
      enableCookieEncryption: fuse(1),
      enableNodeOptionsEnvironmentVariable: fuse(2),
      enableNodeCliInspectArguments: fuse(3),
      enableEmbeddedAsarIntegrityValidation: fuse(4),
      onlyLoadAppFromAsar: fuse(5),
      loadBrowserProcessSpecificV8Snapshot: fuse(6),
      grantFileProtocolExtraPrivileges: fuse(7),
    }).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
