/**
 * Where the app loads its native parts from (electron/main/native.ts), as
 * plain functions. The boot test (tests/boot) runs the same code inside the
 * built bundle.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mediasoupWorkerBin, NativeDriverError, resolveNativeBinding } from '../../electron/main/native';
import { thrownBy } from '../support/thrown';

describe('mediasoupWorkerBin', () => {
  const base = { isPackaged: true, resourcesPath: '/opt/app/resources', env: {}, platform: 'linux' as const };
  it('names the unpacked worker in a packaged app', () => {
    expect(mediasoupWorkerBin(base)).toBe('/opt/app/resources/app.asar.unpacked/node_modules/mediasoup/worker/out/Release/mediasoup-worker');
    expect(mediasoupWorkerBin({ ...base, platform: 'win32', resourcesPath: 'C:\\app\\resources' })).toMatch(/app\.asar\.unpacked.*mediasoup-worker\.exe$/);
  });
  it('leaves a source checkout to mediasoup, and an IT-set MEDIASOUP_WORKER_BIN wins everywhere', () => {
    expect(mediasoupWorkerBin({ ...base, isPackaged: false })).toBeUndefined();
    expect(mediasoupWorkerBin({ ...base, env: { MEDIASOUP_WORKER_BIN: '/site/worker' } })).toBe('/site/worker');
    expect(mediasoupWorkerBin({ ...base, isPackaged: false, env: { MEDIASOUP_WORKER_BIN: '/site/worker' } })).toBe('/site/worker');
  });
});

describe('resolveNativeBinding', () => {
  function root(build: object | null) {
    const dir = mkdtempSync(join(tmpdir(), 'bptc-native-'));
    mkdirSync(join(dir, '.native', 'electron-abi-150'), { recursive: true });
    writeFileSync(join(dir, '.native', 'electron-abi-150', 'better_sqlite3.node'), 'binary');
    if (build) writeFileSync(join(dir, '.native', 'electron-abi-150', 'build.json'), JSON.stringify(build));
    return dir;
  }
  const current = { driver: 'better-sqlite3-multiple-ciphers', driverVersion: '12.11.1', electronVersion: '45.5.0', abi: '150' };
  const refusal = (fn: () => unknown) => thrownBy(NativeDriverError, fn);

  it('returns the .native copy built from the installed driver version', () => {
    const dir = root(current);
    expect(resolveNativeBinding({ isPackaged: false, projectRoot: dir, abi: '150', driverVersion: '12.11.1' })).toBe(join(dir, '.native', 'electron-abi-150', 'better_sqlite3.node'));
  });

  it.each([
    ['another driver version', { ...current, driverVersion: '12.10.0' }, /is from better-sqlite3-multiple-ciphers 12\.10\.0, but better-sqlite3-multiple-ciphers 12\.11\.1/],
    ['no build.json', null, /an unknown driver version \(no build\.json\)/],
    ['another ABI', { ...current, abi: '140' }, /for ABI 140/],
  ])('refuses a stale copy (%s), naming the fix', (_name, build, message) => {
    const e = refusal(() => resolveNativeBinding({ isPackaged: false, projectRoot: root(build), abi: '150', driverVersion: '12.11.1' }));
    expect(e.problem).toBe('STALE');
    expect(e.message).toMatch(message);
    expect(e.message).toContain('npm run rebuild:electron');
  });

  it('reports a missing copy, and in a packaged app says to reinstall', () => {
    const dev = refusal(() => resolveNativeBinding({ isPackaged: false, projectRoot: mkdtempSync(join(tmpdir(), 'bptc-native-')), abi: '150', driverVersion: '12.11.1' }));
    expect(dev.problem).toBe('MISSING');
    expect(dev.message).toContain('npm run rebuild:electron');
    const packaged = refusal(() => resolveNativeBinding({ isPackaged: true, projectRoot: '', resourcesPath: mkdtempSync(join(tmpdir(), 'bptc-res-')), abi: '150', driverVersion: '12.11.1' }));
    expect(packaged.message).toContain('Reinstall the console');
    expect(packaged.message).not.toMatch(/not a database|damaged/);
  });
});
