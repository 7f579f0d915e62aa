/**
 * `npm run build:visit-server`: bundle the headless visit server
 * (electron/main/visit-server/main.ts and what it imports from electron/main
 * and shared/) into one ES module, out/visit-server/main.js, that plain
 * `node` runs: no tsx (a devDependency) on the server host.
 *
 * Packages stay external (`packages: 'external'`): mediasoup and
 * better-sqlite3-multiple-ciphers carry native parts and are loaded from
 * node_modules as the console does; ws, zod and jose are runtime
 * dependencies already. So the host needs `npm ci --omit=dev` plus this file
 * (and out/renderer for the family page). Nothing here may import `electron`:
 * the build fails if anything does.
 */
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['electron/main/visit-server/main.ts'],
  outfile: 'out/visit-server/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'no-electron',
      setup(b) {
        b.onResolve({ filter: /^electron(\/|$)/ }, (args) => ({
          errors: [{ text: `the visit server must not import electron (imported by ${args.importer})` }],
        }));
      },
    },
  ],
});
const out = result.metafile.outputs['out/visit-server/main.js'];
process.stdout.write(`out/visit-server/main.js: ${Math.round((out?.bytes ?? 0) / 1024)} KiB\n`);
