/**
 * The PDF printer for plain Node (CLI, tests, benchmark): one headless
 * Chromium launched on first use through playwright-core and reused, one page
 * per print. Debian's /usr/bin/chromium is used when present, CHROMIUM_PATH
 * wins, otherwise Playwright's own browser.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { abortable, footerTemplate, PAGE, throwIfAborted, type PdfPrinter } from './pdf';

export function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

const ARGS = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-extensions'];

export function createChromiumPrinter(options: { executablePath?: string } = {}): PdfPrinter {
  let browser: Promise<Browser> | null = null;
  const launch = async () => {
    const { chromium } = await import('playwright-core');
    const executablePath = options.executablePath ?? chromiumExecutable();
    // Chromium refuses to start its sandbox as root (CI runs as root).
    const args = process.getuid?.() === 0 ? ['--no-sandbox', ...ARGS] : ARGS;
    return chromium.launch({ headless: true, args, ...(executablePath ? { executablePath } : {}) });
  };
  return {
    async print(html, opts = {}) {
      throwIfAborted(opts.signal);
      browser ??= launch();
      const b = await abortable(browser, opts.signal);
      const context = await b.newContext({ javaScriptEnabled: false, offline: true });
      try {
        // Nothing may be fetched: the page is self-contained.
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        await abortable(page.setContent(html, { waitUntil: 'load' }), opts.signal);
        const pdf = await abortable(
          page.pdf({
            width: `${PAGE.widthIn}in`,
            height: `${PAGE.heightIn}in`,
            printBackground: true,
            preferCSSPageSize: true,
            displayHeaderFooter: Boolean(opts.footer),
            headerTemplate: '<span></span>',
            footerTemplate: footerTemplate(opts.footer ?? ''),
            margin: { top: `${PAGE.marginIn.top}in`, bottom: `${PAGE.marginIn.bottom}in`, left: `${PAGE.marginIn.left}in`, right: `${PAGE.marginIn.right}in` },
          }),
          opts.signal,
        );
        return new Uint8Array(pdf);
      } finally {
        await context.close().catch(() => undefined);
      }
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b).close().catch(() => undefined);
    },
  };
}
