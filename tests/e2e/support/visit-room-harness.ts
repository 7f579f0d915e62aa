/**
 * The console page bound to a test main process, usable outside the
 * Playwright test runner (the UI benchmark): the same preload shim and the
 * same binding as fixtures.ts, with no @playwright/test import.
 */
import type { Page } from 'playwright-core';
import type { TestMain } from './main-process';
import './preload-shim-types';
import { bundleForPage } from './bundle';

/** tests/e2e/support/preload-shim.ts bundled for the page (what the real preload bundles from shared/). */
export function preloadShimSource(): string {
  return bundleForPage('tests/e2e/support/preload-shim.ts');
}

/** Give the page `window.consoleApi`, bound to the main process's real dispatcher. */
export async function bindConsole(page: Page, main: TestMain): Promise<void> {
  await page.exposeBinding('__consoleIpc', (source, channel: unknown, payload: unknown) =>
    main.dispatch(
      { frameUrl: source.frame.url(), isTopFrame: source.frame === source.page.mainFrame(), isKnownWindow: true },
      channel,
      payload,
    ),
  );
  await page.addInitScript({ content: preloadShimSource() });
}
