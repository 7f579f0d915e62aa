import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { metaContentSecurityPolicy } from './electron/main/security/policies';

/** Put the app's CSP into every built page as the first <head> element. */
function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
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
    plugins: [react(), cspMeta()],
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
