/**
 * Starts the built main bundle (out/main/index.js, exactly what electron-vite
 * builds and the packaged app runs) under Node with the stand-in Electron
 * runtime (tests/boot/stand-in), and drives it over the fork() channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const MAIN_BUNDLE = resolve('out/main/index.js');
export const STAND_IN = resolve('tests/boot/stand-in/register.mjs');
export const ELECTRON_ABI = readFileSync(require.resolve('electron/abi_version'), 'utf8').trim();
/** The Node-ABI driver the tests use; under Electron it cannot load. */
export const NODE_ABI_DRIVER = resolve('node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');
export const DRIVER_VERSION = (JSON.parse(readFileSync(resolve('node_modules/better-sqlite3-multiple-ciphers/package.json'), 'utf8')) as { version: string }).version;
export const ELECTRON_VERSION = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
export const WORKER = resolve('node_modules/mediasoup/worker/out/Release/mediasoup-worker');

export interface StandInState {
  calls: { api: string; args: unknown[] }[];
  violations: string[];
  deprecatedUsed: string[];
  windows: { id: number; options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }; visible: boolean; url: string; destroyed: boolean }[];
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  protocols: string[];
  ipcChannels: string[];
  errorBoxes: { title: string; content: string }[];
  sent: { contents: number; channel: string }[];
  dlopens: string[];
  spawns: string[];
  printed: { url: string; bytes: number }[];
  ready: boolean;
}

export interface Booted {
  child: ChildProcess;
  op<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  invoke<T = unknown>(channel: string, payload: unknown, extra?: Record<string, unknown>): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }>;
  state(): Promise<StandInState>;
  /** Resolves when the process exits, with the stand-in's last state. */
  exited: Promise<{ code: number | null; state: StandInState | null }>;
  output(): string;
  waitFor(what: string, test: (s: StandInState) => boolean, ms?: number): Promise<StandInState>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A project root as `npm start` sees it: `.native/electron-abi-<ABI>/` holds
 * the Electron-ABI driver built by `npm run rebuild:electron`. Here the Node
 * build stands in for it (same code; the stand-in refuses the node_modules
 * path instead, as Electron would).
 */
export function projectRootWithElectronDriver(stamp: { driverVersion?: string; electronVersion?: string } | null = {}): string {
  const root = tempDir('bptc-boot-root-');
  const dir = join(root, '.native', `electron-abi-${ELECTRON_ABI}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(NODE_ABI_DRIVER, join(dir, 'better_sqlite3.node'));
  if (stamp) {
    writeFileSync(
      join(dir, 'build.json'),
      JSON.stringify({ driver: 'better-sqlite3-multiple-ciphers', driverVersion: stamp.driverVersion ?? DRIVER_VERSION, electronVersion: stamp.electronVersion ?? ELECTRON_VERSION, abi: ELECTRON_ABI }),
    );
  }
  return root;
}

export function boot(options: {
  userData: string;
  appPath: string;
  packaged?: boolean;
  resourcesPath?: string;
  refuseNative?: string[];
  env?: Record<string, string | undefined>;
  /** Another main script (the stand-in's own tests); default: the built bundle. */
  entry?: string;
}): Booted {
  const entry = options.entry ?? MAIN_BUNDLE;
  if (!existsSync(entry)) throw new Error('run `npm run build` first (npm test does)');
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('BPTC_') || k.startsWith('MEDIASOUP_') || k.startsWith('ELECTRON_') || k.startsWith('VITEST')) delete env[k];
  Object.assign(env, {
    BOOT_USER_DATA: options.userData,
    BOOT_APP_PATH: options.appPath,
    BOOT_PACKAGED: options.packaged ? '1' : '0',
    BOOT_RESOURCES_PATH: options.resourcesPath ?? '',
    BOOT_REFUSE_NATIVE: (options.refuseNative ?? [NODE_ABI_DRIVER]).join('\n'),
    BOOT_APP_VERSION: '0.1.0',
    // Port 0: never a fixed port in tests.
    BPTC_FAMILY_HOST: '127.0.0.1',
    BPTC_FAMILY_PORT: '0',
    ...options.env,
  });
  const child = fork(entry, [], { execArgv: ['--import', STAND_IN], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let seq = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let lastState: StandInState | null = null;
  child.on('message', (msg: { type: string; id?: number; ok?: boolean; result?: unknown; error?: string; state?: StandInState }) => {
    if (msg.type === 'reply' && msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.ok) p?.resolve(msg.result);
      else p?.reject(new Error(msg.error));
    } else if (msg.type === 'exit') lastState = msg.state ?? null;
  });
  const exited = new Promise<{ code: number | null; state: StandInState | null }>((resolveExit) => {
    child.on('exit', (code) => {
      for (const p of pending.values()) p.reject(new Error(`the app exited (${code}) before answering\n${out}`));
      pending.clear();
      resolveExit({ code, state: lastState });
    });
  });
  const op = <T>(name: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((res, rej) => {
      const id = ++seq;
      pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
      child.send({ ...args, op: name, id });
    });
  const state = () => op<StandInState>('state');
  return {
    child,
    op,
    state,
    invoke: (channel, payload, extra = {}) => op('invoke', { channel, payload, ...extra }),
    exited,
    output: () => out,
    async waitFor(what, test, ms = 20_000) {
      const until = Date.now() + ms;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) while waiting for ${what}\n${out}`);
        const s = await state();
        if (test(s)) return s;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${JSON.stringify(s.violations)}\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
