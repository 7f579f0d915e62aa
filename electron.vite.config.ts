import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { DEV_CSP_NONCE_PLACEHOLDER, metaContentSecurityPolicy } from './electron/main/security/policies';
import { POSE_ASSET_DIR, POSE_ASSET_FILES, POSE_PACKAGE } from './shared/pose/assets';

/**
 * `npm run dev`: Vite stamps every script and style tag it injects (React's
 * refresh preamble, hot-reloaded CSS) with a nonce placeholder the app://
 * dev proxy replaces per page (electron/main/security/app-protocol.ts).
 */
function devCspNonce(): Plugin {
  return { name: 'dev-csp-nonce', apply: 'serve', config: () => ({ html: { cspNonce: DEV_CSP_NONCE_PLACEHOLDER } }) };
}

/**
 * MediaPipe Pose (issue 17): its runtime, wasm and lite model, copied from the
 * npm package into out/renderer/mediapipe/ (and served from the package under
 * `npm run dev`), so the console never fetches them from anywhere else.
 */
function mediapipeAssets(): Plugin {
  const packageDir = dirname(createRequire(import.meta.url).resolve(`${POSE_PACKAGE}/package.json`));
  const read = (file: string): Buffer => readFileSync(join(packageDir, file));
  return {
    name: 'mediapipe-assets',
    generateBundle() {
      for (const file of POSE_ASSET_FILES) this.emitFile({ type: 'asset', fileName: `${POSE_ASSET_DIR}/${file}`, source: read(file) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = req.url?.split('?')[0]?.replace(`/${POSE_ASSET_DIR}/`, '');
        if (!req.url?.startsWith(`/${POSE_ASSET_DIR}/`) || !file || !POSE_ASSET_FILES.includes(file)) return next();
        res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
        res.end(read(file));
      });
    },
  };
}

/** Put the app's CSP into every built page as the first <head> element. */
function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    // The built pages only: under `npm run dev` the app:// proxy sends the CSP, with a nonce for Vite's inline tags.
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      // WebAssembly (the pose estimator) in the console page only, never in the family's page.
      handler: (_html, ctx) => [
        {
          tag: 'meta',
          attrs: {
            'http-equiv': 'Content-Security-Policy',
            content: metaContentSecurityPolicy({ selfOrigin: "'self'", wasm: !ctx.path.endsWith('family.html') }),
          },
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
    plugins: [react(), cspMeta(), devCspNonce(), mediapipeAssets()],
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
