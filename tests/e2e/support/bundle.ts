/**
 * A test-support module bundled for a page (an IIFE for Chromium), built once
 * per process: the preload shim and the pose harness both go into pages this
 * way. No @playwright/test import, so the benchmarks can use it too.
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';

const built = new Map<string, string>();

/** `path` (from the project root) bundled with everything it imports, as one script for the page. */
export function bundleForPage(path: string): string {
  let text = built.get(path);
  if (text === undefined) {
    text = buildSync({
      entryPoints: [join(process.cwd(), path)],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
    }).outputFiles[0]!.text;
    built.set(path, text);
  }
  return text;
}
