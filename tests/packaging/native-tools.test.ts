/**
 * The Electron-ABI driver build (`npm run rebuild:electron`) must never
 * install a binary for another ABI: node-gyp builds against whatever headers
 * npm's `nodedir` names and reports success even when those are Node's own.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
// @ts-expect-error plain .mjs build helper without types
import { binaryAbi, headersAbi } from '../../electron/tools/native-abi.mjs';

const require = createRequire(import.meta.url);
const ELECTRON_ABI = readFileSync(require.resolve('electron/abi_version'), 'utf8').trim();
const NODE_DRIVER = 'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node';

describe('native ABI checks', () => {
  it('tells a Node build from an Electron one by loading it', () => {
    expect((binaryAbi as (f: string) => string | null)(NODE_DRIVER)).toBe(process.versions.modules);
    expect(process.versions.modules).not.toBe(ELECTRON_ABI);
    expect((binaryAbi as (f: string) => string | null)('/nonexistent/better_sqlite3.node')).toBeNull();
  });

  it('reads the ABI of a headers folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bptc-headers-'));
    mkdirSync(join(dir, 'include', 'node'), { recursive: true });
    writeFileSync(join(dir, 'include', 'node', 'node_version.h'), `#define NODE_MODULE_VERSION ${ELECTRON_ABI} /* Electron */\n`);
    expect((headersAbi as (d: string) => string | null)(dir)).toBe(ELECTRON_ABI);
    expect((headersAbi as (d: string) => string | null)(join(dir, 'missing'))).toBeNull();
  });

  it('rebuild:electron refuses to build against headers for another ABI, and installs nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bptc-headers-'));
    mkdirSync(join(dir, 'include', 'node'), { recursive: true });
    writeFileSync(join(dir, 'include', 'node', 'node_version.h'), `#define NODE_MODULE_VERSION ${process.versions.modules}\n`);
    const existed = existsSync(join('.native', `electron-abi-${ELECTRON_ABI}`));
    let output = '';
    try {
      execFileSync(process.execPath, ['electron/tools/rebuild-electron-native.mjs'], {
        env: { ...process.env, npm_config_nodedir: dir, npm_config_node_gyp: '/nonexistent/node-gyp.js' },
        stdio: 'pipe',
      });
    } catch (error) {
      output = String((error as { stderr?: Buffer }).stderr);
    }
    expect(output).toContain(`holds headers for ABI ${process.versions.modules}, not Electron`);
    expect(existsSync(join('.native', `electron-abi-${ELECTRON_ABI}`))).toBe(existed);
  });
});
