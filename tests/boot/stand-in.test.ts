/**
 * The stand-in Electron must fail where the real Electron 45 would, or the
 * boot test proves nothing: each case runs a small main script that misuses
 * the API and expects the stand-in to refuse it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { boot, type Booted, tempDir } from './harness';

const running: Booted[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) {
    if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGKILL');
    await b.exited;
  }
});

/** Runs `body` as an ESM main script after `ready`, then reports the stand-in's state. */
async function run(body: string, imports = 'app, BrowserWindow, safeStorage, protocol', expected = 1) {
  const dir = tempDir('bptc-stand-in-');
  const entry = join(dir, 'main.mjs');
  writeFileSync(
    entry,
    `import { ${imports} } from 'electron';\n` +
      `const attempt = (fn) => { try { const r = fn(); if (r && typeof r.catch === 'function') r.catch(() => {}); } catch {} };\n` +
      `${body}\n`,
  );
  const b = boot({ userData: dir, appPath: dir, entry });
  running.push(b);
  // Until the stand-in has refused something, or the script failed to load.
  const refused = b.waitFor('a refusal', (s) => s.violations.length + s.deprecatedUsed.length >= expected, 10_000).then(
    (state) => ({ exited: null, state, output: b.output() }),
    () => null,
  );
  const outcome = await Promise.race([refused, b.exited.then((exited) => ({ exited, state: null, output: b.output() }))]);
  return outcome ?? { exited: null, state: await b.state(), output: b.output() };
}

describe('the stand-in refuses what Electron 45 does not have', { timeout: 90_000 }, () => {
  it('an API name electron.d.ts does not declare', async () => {
    const { state } = await run(`attempt(() => app.getNonexistentThing());`);
    expect(state!.violations).toEqual([expect.stringContaining('app.getNonexistentThing does not exist in Electron 45')]);
  });

  it('an event name electron.d.ts does not declare', async () => {
    const { state } = await run(`attempt(() => app.on('ready-to-rock', () => {}));`);
    expect(state!.violations).toEqual([expect.stringContaining("app has no event 'ready-to-rock'")]);
  });

  it('a window option or web preference electron.d.ts does not declare', async () => {
    const { state } = await run(`app.whenReady().then(() => attempt(() => new BrowserWindow({ webPreferences: { sandboxed: true } })));`);
    expect(state!.violations).toEqual([expect.stringContaining("option 'sandboxed' does not exist")]);
  });

  it('an export the electron module does not have (fails at link time, as with the real module)', async () => {
    const { exited, output } = await run('', 'app, remote');
    expect(exited!.code).not.toBe(0);
    expect(output).toContain("does not provide an export named 'remote'");
  });

  it('APIs marked @deprecated (the synchronous safeStorage calls)', async () => {
    const { state } = await run(`app.whenReady().then(() => attempt(() => safeStorage.encryptString('x')));`);
    expect(state!.deprecatedUsed).toEqual(['safeStorage.encryptString']);
  });

  it('calls Electron refuses before or after ready', async () => {
    const { state } = await run(
      `attempt(() => new BrowserWindow({}));\n` +
        `app.whenReady().then(() => attempt(() => protocol.registerSchemesAsPrivileged([{ scheme: 'x', privileges: { standard: true } }])));`,
      undefined,
      2,
    );
    expect(state!.violations).toEqual([
      expect.stringContaining('new BrowserWindow() called before the app is ready'),
      expect.stringContaining('registerSchemesAsPrivileged() must be called before the app is ready'),
    ]);
  });

  it("a URL over Chromium's 2 MB limit", async () => {
    const { state } = await run(
      `app.whenReady().then(() => attempt(() => new BrowserWindow({ show: false }).loadURL('data:text/html,' + 'x'.repeat(2 * 1024 * 1024))));`,
    );
    expect(state!.violations).toEqual([expect.stringContaining('Chromium refuses URLs over 2 MB')]);
  });
});
