/**
 * Boot test of the built main bundle. `out/main/index.js` — the file
 * electron-vite builds and the packaged app runs — is started under Node with
 * a stand-in `electron` module (tests/boot/stand-in) that implements the API
 * surface the glue uses, records every call, and refuses every API, event
 * and option name Electron 45's electron.d.ts does not declare (and every
 * API it marks @deprecated). Everything else is real: the SQLite driver and
 * an encrypted database in a temp folder, the IPC dispatcher behind the real
 * register.ts, the app:// handler over the built renderer, the family server
 * on port 0 and the mediasoup worker process.
 *
 * Under Electron the Node-ABI driver in node_modules cannot load; the stand-in
 * refuses it with Electron's own error, so any code path that opens SQLite
 * without the Electron-ABI `nativeBinding` fails here as it would for a user.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { boot, type Booted, ELECTRON_ABI, NODE_ABI_DRIVER, projectRootWithElectronDriver, tempDir, WORKER } from './harness';

const APP = 'app://console';
const running: Booted[] = [];

afterEach(async () => {
  for (const b of running.splice(0)) {
    if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGKILL');
    await b.exited;
  }
});

function start(options: Parameters<typeof boot>[0]): Booted {
  const b = boot(options);
  running.push(b);
  return b;
}

async function readyWindow(b: Booted) {
  return b.waitFor('a visible window', (s) => s.windows.some((w) => w.visible && !w.destroyed));
}

/** Sets up a clinician, adds the demo visit and opens its video room: the path that starts the mediasoup worker. */
async function openDemoVideo(b: Booted): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  const setup = await b.invoke('session:setup', { displayName: 'Dr Stand-In', credentials: 'MD', passcode: 'correct horse 1' });
  expect(setup.ok, JSON.stringify(setup)).toBe(true);
  const demo = await b.invoke<{ visitId: string }>('demo:create', {});
  expect(demo.ok, JSON.stringify(demo)).toBe(true);
  return b.invoke('video:open', { visitId: demo.value!.visitId });
}

/**
 * A packaged app's resources folder: native/ holds the Electron-ABI driver
 * (electron-builder.yml extraResources), app.asar.unpacked the worker (a link
 * to the real one).
 */
function packagedResources(withDriver = true): { resources: string; unpackedWorker: string } {
  const resources = tempDir('bptc-boot-resources-');
  if (withDriver) cpSync(join(projectRootWithElectronDriver(), '.native', `electron-abi-${ELECTRON_ABI}`), join(resources, 'native'), { recursive: true });
  const dir = join(resources, 'app.asar.unpacked', 'node_modules', 'mediasoup', 'worker', 'out', 'Release');
  mkdirSync(dir, { recursive: true });
  const unpackedWorker = join(dir, 'mediasoup-worker');
  symlinkSync(WORKER, unpackedWorker);
  return { resources, unpackedWorker };
}

describe('npm start: the built main bundle under the stand-in Electron', { timeout: 90_000 }, () => {
  it('reaches a ready, sandboxed window, serves app://, answers IPC, grants permissions to the app only, and quits with a verified backup', async () => {
    const userData = tempDir('bptc-boot-ud-');
    const root = projectRootWithElectronDriver();
    const b = start({ userData, appPath: root });
    const s = await readyWindow(b);

    // Nothing the real Electron 45 lacks, nothing it deprecates, nothing at the wrong time.
    expect(s.violations).toEqual([]);
    expect(s.deprecatedUsed).toEqual([]);
    expect(s.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
    expect(s.calls.some((c) => c.api === 'app.enableSandbox')).toBe(true);

    // One window, locked down, loading the app over app:// with the built preload.
    expect(s.windows).toHaveLength(1);
    const [win] = s.windows;
    expect(win!.url).toBe(`${APP}/index.html`);
    expect(win!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: resolve('out/preload/index.cjs'),
    });
    expect(existsSync(win!.options.webPreferences!.preload as string)).toBe(true);

    // app:// serves the built renderer with the CSP, and refuses traversal out of it.
    const page = await b.op<{ status: number; headers: Record<string, string>; text: string }>('fetch', { url: `${APP}/index.html` });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root"');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    for (const url of [`${APP}/%2e%2e/%2e%2e/package.json`, `${APP}/..%2f..%2fpackage.json`, `${APP}/%2e%2e%2fmain%2findex.js`]) {
      expect((await b.op<{ status: number }>('fetch', { url })).status, url).toBe(404);
    }

    // IPC answers through the real register.ts and dispatcher, and only to the app's own top frame.
    expect([...s.ipcChannels].length).toBeGreaterThan(30);
    const about = await b.invoke<{ appName: string }>('app:about', {});
    expect(about).toMatchObject({ ok: true, value: { appName: 'Back Pain Telehealth Console' } });
    expect(await b.invoke('app:about', {}, { frameUrl: 'https://evil.example/' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await b.invoke('app:about', {}, { foreignContentsId: 999, frameUrl: `${APP}/index.html` })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    const setup = await b.invoke('session:setup', { displayName: 'Dr Stand-In', credentials: 'MD', passcode: 'correct horse 1' });
    expect(setup.ok, JSON.stringify(setup)).toBe(true);

    // Permissions: camera, microphone and sanitized clipboard writes ("Copy link") for the app origin only.
    const ask = (permission: string, url: string, mediaTypes?: string[]) => b.op<boolean>('permission', { kind: 'request', permission, url, mediaTypes });
    const check = (permission: string, url: string) => b.op<boolean>('permission', { kind: 'check', permission, url });
    const page1 = `${APP}/index.html`;
    expect(await ask('media', page1, ['video', 'audio'])).toBe(true);
    expect(await ask('media', page1, ['audio'])).toBe(true);
    expect(await ask('clipboard-sanitized-write', page1)).toBe(true);
    expect(await check('media', page1)).toBe(true);
    expect(await check('clipboard-sanitized-write', page1)).toBe(true);
    for (const p of ['clipboard-read', 'geolocation', 'notifications', 'display-capture', 'openExternal', 'hid', 'fullscreen']) {
      expect(await ask(p, page1), p).toBe(false);
      expect(await check(p, page1), p).toBe(false);
    }
    for (const evil of ['https://evil.example/', 'app://console.evil.example/', 'file:///etc/passwd']) {
      for (const p of ['media', 'clipboard-sanitized-write', 'local-network-access']) {
        expect(await ask(p, evil, p === 'media' ? ['video'] : undefined), `${p} ${evil}`).toBe(false);
        expect(await check(p, evil), `${p} ${evil}`).toBe(false);
      }
    }
    expect(await ask('media', page1, ['video', 'desktop' as never])).toBe(false);

    // Quit: a verified backup, written and checked with the Electron-ABI driver only.
    await b.op('quit');
    const { code, state } = await b.exited;
    expect(b.output()).not.toContain('backup failed');
    expect(code).toBe(0);
    expect(state!.violations).toEqual([]);
    const backups = readdirSync(join(userData, 'backups'));
    expect(backups.filter((f) => /^visits-.*\.sqlite$/.test(f))).toHaveLength(1);
    expect(backups.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(state!.dlopens).toContain(join(root, '.native', `electron-abi-${ELECTRON_ABI}`, 'better_sqlite3.node'));
    expect(state!.dlopens, 'the Node-ABI driver must never be loaded under Electron').not.toContain(NODE_ABI_DRIVER);

    // Restart: the key unwraps through the keyring (asynchronous safeStorage) and the clinician is still there.
    const again = start({ userData, appPath: root });
    const s2 = await readyWindow(again);
    expect(s2.deprecatedUsed).toEqual([]);
    expect(s2.calls.map((c) => c.api)).toContain('safeStorage.decryptStringAsync');
    const status = await again.invoke<{ clinicians: unknown[] }>('session:status', {});
    expect(status.ok, JSON.stringify(status)).toBe(true);
    expect(status.value!.clinicians).toHaveLength(1);
  });

  it('starts the mediasoup worker when a video room opens', async () => {
    const b = start({ userData: tempDir('bptc-boot-ud-'), appPath: projectRootWithElectronDriver() });
    await readyWindow(b);
    const opened = await openDemoVideo(b);
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    expect((await b.state()).spawns).toEqual([WORKER]);
  });

  it('prints an export in a hidden window from a served page, not a data: URL, and tells only the console window', async () => {
    const saveTo = join(tempDir('bptc-boot-export-'), 'note.pdf');
    const b = start({ userData: tempDir('bptc-boot-ud-'), appPath: projectRootWithElectronDriver(), env: { BOOT_SAVE_PATH: saveTo } });
    const s = await readyWindow(b);
    const setup = await b.invoke('session:setup', { displayName: 'Dr Stand-In', credentials: 'MD', passcode: 'correct horse 1' });
    expect(setup.ok).toBe(true);
    const demo = await b.invoke<{ visitId: string }>('demo:create', {});
    const outcome = await b.invoke<{ status: string; bytes: number }>('exports:create', { visitId: demo.value!.visitId, format: 'note-pdf' });
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true, value: { status: 'saved' } });
    expect(existsSync(saveTo)).toBe(true);
    const after = await b.state();
    expect(after.violations).toEqual([]);
    expect(after.printed).toHaveLength(1);
    expect(after.printed[0]!.url).toMatch(/^bptc-print:\/\/page\/[0-9a-f-]{36}$/);
    expect(after.printed[0]!.bytes).toBeGreaterThan(1000);
    // The print window was hidden and is gone; progress events went to the console window only.
    const printWindow = after.windows.find((w) => w.id !== s.windows[0]!.id)!;
    expect(printWindow).toMatchObject({ visible: false, destroyed: true });
    const progress = after.sent.filter((e) => e.channel === 'exports:progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(new Set(progress.map((e) => e.contents))).toEqual(new Set([s.windows[0]!.id]));
  });

  it('refocuses the console window, not another window, when a second instance starts', async () => {
    const b = start({ userData: tempDir('bptc-boot-ud-'), appPath: projectRootWithElectronDriver() });
    const s = await readyWindow(b);
    const main = s.windows[0]!.id;
    // A hidden window opened later (as the export printer does). Electron promises no order in getAllWindows().
    const hidden = await b.op<number>('openHiddenWindow');
    await b.op('secondInstance');
    const after = await b.state();
    expect(after.calls.filter((c) => c.api.endsWith('.focus')).map((c) => c.api)).toEqual([`window(${main}).focus`]);
    expect(after.windows.find((w) => w.id === hidden)!.visible).toBe(false);
    expect(after.violations).toEqual([]);
  });
});

describe('npm run dev: ELECTRON_RENDERER_URL', { timeout: 90_000 }, () => {
  const DEV_PAGE =
    '<!doctype html><html><head><script type="module" nonce="bptc-dev-csp-nonce">window.devPreamble = 1</script></head>' +
    '<body><div id="dev-server-root"></div><script type="module" src="/src/main.tsx" nonce="bptc-dev-csp-nonce"></script></body></html>';
  let server: Server;
  let devUrl: string;
  beforeAll(async () => {
    // Stands in for electron-vite's renderer dev server: HTML with Vite's nonce placeholder, and a module.
    server = createServer((req, res) => {
      if (req.url === '/index.html' || req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(DEV_PAGE);
      else if (req.url === '/src/main.tsx') res.writeHead(200, { 'content-type': 'text/javascript' }).end('export {};');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    devUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('serves the dev server under app:// with a per-page nonce in the CSP, never unsafe-inline', async () => {
    const b = start({ userData: tempDir('bptc-boot-ud-'), appPath: projectRootWithElectronDriver(), env: { ELECTRON_RENDERER_URL: `${devUrl}/` } });
    const s = await readyWindow(b);
    expect(s.windows[0]!.url).toBe(`${APP}/index.html`);
    const page = await b.op<{ status: number; headers: Record<string, string>; text: string }>('fetch', { url: `${APP}/index.html` });
    expect(page.status).toBe(200);
    expect(page.text).toContain('dev-server-root');
    expect(page.text).not.toContain('bptc-dev-csp-nonce');
    const nonce = /nonce="([^"]+)"/.exec(page.text)![1]!;
    const csp = page.headers['content-security-policy']!;
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain(`connect-src 'self' ${devUrl.replace('http', 'ws')}`);
    expect(csp).not.toContain('unsafe-inline');
    const again = await b.op<{ text: string }>('fetch', { url: `${APP}/index.html` });
    expect(/nonce="([^"]+)"/.exec(again.text)![1], 'a fresh nonce per page').not.toBe(nonce);
    expect((await b.op<{ status: number; text: string }>('fetch', { url: `${APP}/src/main.tsx` })).text).toBe('export {};');
    expect((await b.op<{ status: number }>('fetch', { url: `${APP}/%2e%2e/%2e%2e/etc/passwd` })).status).toBe(404);
    expect(await b.invoke('app:about', {})).toMatchObject({ ok: true });
  });

  it('ignores a dev server URL that is not on this machine, and any in a packaged app', async () => {
    const remote = start({ userData: tempDir('bptc-boot-ud-'), appPath: projectRootWithElectronDriver(), env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } });
    await readyWindow(remote);
    expect((await remote.op<{ text: string }>('fetch', { url: `${APP}/index.html` })).text).not.toContain('dev-server-root');
    const { resources } = packagedResources();
    const packaged = start({ userData: tempDir('bptc-boot-ud-'), appPath: join(resources, 'app.asar'), packaged: true, resourcesPath: resources, env: { ELECTRON_RENDERER_URL: `${devUrl}/` } });
    await readyWindow(packaged);
    expect((await packaged.op<{ text: string }>('fetch', { url: `${APP}/index.html` })).text).not.toContain('dev-server-root');
  });
});

describe('the SQLite driver under Electron', { timeout: 90_000 }, () => {
  it('says the driver could not load — not that the database is damaged — when no Electron-ABI build exists', async () => {
    const root = tempDir('bptc-boot-root-');
    const b = start({ userData: tempDir('bptc-boot-ud-'), appPath: root });
    const { code, state } = await b.exited;
    expect(code).toBe(1);
    expect(state!.errorBoxes).toHaveLength(1);
    const message = state!.errorBoxes[0]!.content;
    expect(message).toMatch(/SQLite driver/);
    expect(message).toContain('npm run rebuild:electron');
    expect(message).not.toMatch(/not a database|restore it from a backup|damaged/i);
    expect(state!.windows).toEqual([]);
  });

  it('names the ABI when the Electron-ABI copy was built for another runtime', async () => {
    const root = projectRootWithElectronDriver();
    const copy = join(root, '.native', `electron-abi-${ELECTRON_ABI}`, 'better_sqlite3.node');
    const b = start({ userData: tempDir('bptc-boot-ud-'), appPath: root, refuseNative: [NODE_ABI_DRIVER, copy] });
    const { code, state } = await b.exited;
    expect(code).toBe(1);
    const message = state!.errorBoxes[0]!.content;
    expect(message).toMatch(new RegExp(`built for another runtime \\(ABI \\d+; this Electron needs ABI ${ELECTRON_ABI}\\)`));
    expect(message).toContain('npm run rebuild:electron');
    expect(message).not.toMatch(/not a database|damaged/i);
  });

  it('tells a packaged app\'s user to reinstall when its driver is missing', async () => {
    const { resources } = packagedResources(false);
    const b = start({ userData: tempDir('bptc-boot-ud-'), appPath: join(resources, 'app.asar'), packaged: true, resourcesPath: resources });
    const { code, state } = await b.exited;
    expect(code).toBe(1);
    expect(state!.errorBoxes[0]!.content).toMatch(/SQLite driver could not be loaded[\s\S]*Reinstall the console/);
  });

  it('refuses a stale Electron-ABI build left from an older driver version, naming the fix', async () => {
    const root = projectRootWithElectronDriver({ driverVersion: '11.0.0' });
    const b = start({ userData: tempDir('bptc-boot-ud-'), appPath: root });
    const { code, state } = await b.exited;
    expect(code).toBe(1);
    const message = state!.errorBoxes[0]!.content;
    expect(message).toMatch(/11\.0\.0/);
    expect(message).toContain('npm run rebuild:electron');
    expect(state!.dlopens).not.toContain(join(root, '.native', `electron-abi-${ELECTRON_ABI}`, 'better_sqlite3.node'));
  });
});

describe('packaged layout (process.resourcesPath, app.asar.unpacked)', { timeout: 90_000 }, () => {
  it('spawns the mediasoup worker from app.asar.unpacked, not from inside app.asar', async () => {
    const { resources, unpackedWorker } = packagedResources();
    const b = start({ userData: tempDir('bptc-boot-ud-'), appPath: join(resources, 'app.asar'), packaged: true, resourcesPath: resources });
    await readyWindow(b);
    const opened = await openDemoVideo(b);
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    const s = await b.state();
    expect(s.spawns).toEqual([unpackedWorker]);
    expect(s.violations).toEqual([]);
    expect(s.dlopens).toContain(join(resources, 'native', 'better_sqlite3.node'));
    expect(s.dlopens).not.toContain(NODE_ABI_DRIVER);
  });

  it('respects MEDIASOUP_WORKER_BIN set by IT', async () => {
    const { resources } = packagedResources();
    const custom = join(tempDir('bptc-boot-worker-'), 'site-worker');
    symlinkSync(WORKER, custom);
    const b = start({
      userData: tempDir('bptc-boot-ud-'),
      appPath: join(resources, 'app.asar'),
      packaged: true,
      resourcesPath: resources,
      env: { MEDIASOUP_WORKER_BIN: custom },
    });
    await readyWindow(b);
    expect((await openDemoVideo(b)).ok).toBe(true);
    expect((await b.state()).spawns).toEqual([custom]);
  });
});

// The worker tests spawn the real binary; without it they would prove nothing.
it('has a real mediasoup worker to spawn', () => {
  expect(existsSync(WORKER), WORKER).toBe(true);
});
