import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestMain, type TestMain } from './main-process';
import { bindConsole } from './visit-room-harness';

/** The preload stand-in, bundled from shared/ (see visit-room-harness.ts). */
export { preloadShimSource as preloadShim } from './visit-room-harness';

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
    await bindConsole(page, main);
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
