/** Side-by-side screenshots of a live visit: the clinician's screen on the left, the family's phone on the right. */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { shot } from './fixtures';

/**
 * One picture with the clinician's screen on the left and the family's phone
 * on the right, saved as artifacts/screenshots/<name>.png (each side also as
 * <name>-clinician.png and <name>-family.png). Both sides are taken at once: a
 * moving camera (the pose recordings) should show the same moment on both.
 */
export async function sideBySide(browser: Browser, clinician: Page, family: Page, name: string): Promise<void> {
  const [l, r] = await Promise.all([shot(clinician, `${name}-clinician`), shot(family, `${name}-family`)]);
  const left = readFileSync(l).toString('base64');
  const right = readFileSync(r).toString('base64');
  const ctx = await browser.newContext({ viewport: { width: 1700, height: 900 } });
  const page = await ctx.newPage();
  await page.setContent(
    `<body style="margin:0;display:flex;gap:12px;align-items:flex-start;background:#444">` +
      `<img style="width:1280px" src="data:image/png;base64,${left}"><img style="width:390px" src="data:image/png;base64,${right}"></body>`,
  );
  await shot(page, name);
  await ctx.close();
}
