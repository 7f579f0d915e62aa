/** Playwright fixtures for live video (the set-up itself is in ./video-main.ts, shared with the benchmark). */
import { test as base, expect, type Page } from '@playwright/test';
import { framesDecoded, startVideoMain, type VideoMain } from './video-main';

export * from './video-main';

/** Waits until the page's decoded-frame count has risen by at least `by` from its current value. */
export async function expectFramesRising(page: Page, by = 10, timeout = 20_000): Promise<void> {
  const start = await framesDecoded(page);
  await expect.poll(() => framesDecoded(page), { timeout }).toBeGreaterThan(start + by);
}

export const videoTest = base.extend<{ vm: VideoMain; errors: string[] }>({
  errors: async ({}, use) => {
    await use([]);
  },
  vm: async ({}, use) => {
    const vm = await startVideoMain({ graceMs: 4000 });
    await use(vm);
    await vm.close();
  },
});
