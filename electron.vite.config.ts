import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { DEV_CSP_NONCE_PLACEHOLDER, metaContentSecurityPolicy } from './electron/main/security/policies';

/**
 * `npm run dev`: Vite stamps every script and style tag it injects (React's
 * refresh preamble, hot-reloaded CSS) with a nonce placeholder the app://
 * dev proxy replaces per page (electron/main/security/app-protocol.ts).
 */
function devCspNonce(): Plugin {
  return { name: 'dev-csp-nonce', apply: 'serve', config: () => ({ html: { cspNonce: DEV_CSP_NONCE_PLACEHOLDER } }) };
}

/** Put the app's CSP into every built page as the first <head> element. */
function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    // The built pages only: under `npm run dev` the app:// proxy sends the CSP, with a nonce for Vite's inline tags.
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy({ selfOrigin: "'self'" }) },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

// Non-default layout: every entry is named explicitly (see docs/architecture.md).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require electron's own modules: bundle
      // everything it imports from shared/ (zod included) into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react(), cspMeta(), devCspNonce()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      rollupOptions: {
        // The family's join page, served by the main process (electron/main/family).
        input: { index: resolve('renderer/index.html'), family: resolve('renderer/family.html') },
      },
    },
  },
});
