import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

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

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 20 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${stderr}\n${stdout}`)) : resolve(stdout),
    );
  });
}

beforeAll(async () => {
  expect(existsSync('out/main/index.js'), 'run `npm run build` first (npm test does)').toBe(true);
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
    `-c.electronDist=${stub}`,
    '-c.npmRebuild=false',
    `-c.directories.output=${join(work, 'release')}`,
  ]);
  appDir = join(work, 'release', 'linux-unpacked');
  files = asar.listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replace(/^\//, ''));
}, 120_000);

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

  it('unpacks the native SQLite binding and the mediasoup worker so they can load', () => {
    const unpacked = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules');
    expect(existsSync(join(unpacked, 'better-sqlite3-multiple-ciphers', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    const worker = join(unpacked, 'mediasoup', 'worker', 'out', 'Release', 'mediasoup-worker');
    expect(statSync(worker).mode & 0o111).not.toBe(0);
    expect(existsSync(join(unpacked, 'better-sqlite3-multiple-ciphers', 'build', 'Release', 'obj'))).toBe(false);
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
