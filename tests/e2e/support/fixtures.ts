import { test as base, expect, type Page } from '@playwright/test';
import { buildSync } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestMain, type TestMain } from './main-process';

let shimSource: string | null = null;
/** The preload stand-in, bundled once per worker from shared/ (exactly what the real preload bundles). */
export function preloadShim(): string {
  if (shimSource === null) {
    const out = buildSync({
      entryPoints: [join(process.cwd(), 'tests/e2e/support/preload-shim.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
    });
    shimSource = out.outputFiles[0]!.text;
  }
  return shimSource;
}

export const ARTIFACTS = join(process.cwd(), 'artifacts');

/** Save a screenshot of the current screen to artifacts/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<string> {
  const dir = join(ARTIFACTS, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export const test = base.extend<{ main: TestMain; app: Page; pageErrors: string[] }>({
  pageErrors: async ({}, use) => {
    await use([]);
  },
  main: async ({}, use) => {
    const main = await startTestMain();
    await use(main);
    await main.close();
  },
  app: async ({ page, main, pageErrors }, use) => {
    await page.exposeBinding('__consoleIpc', (source, channel: unknown, payload: unknown) =>
      main.dispatch(
        {
          frameUrl: source.frame.url(),
          isTopFrame: source.frame === source.page.mainFrame(),
          isKnownWindow: true,
        },
        channel,
        payload,
      ),
    );
    await page.addInitScript({ content: preloadShim() });
    const errors = pageErrors;
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${main.origin}/index.html`);
    await use(page);
    expect(errors, 'no page errors or CSP violations').toEqual([]);
  },
});

export { expect };
