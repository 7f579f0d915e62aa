// Module resolution hooks (module.register): `electron` resolves to a module
// generated from electron.d.ts's main-process export list, each export taken
// from the stand-in runtime. An import of a name Electron 45 does not export
// fails at link time, as it would against the real module.
import { mainExports } from './dts.mjs';

const URL_ELECTRON = 'bptc-stand-in:electron';
const runtime = new URL('./runtime.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: URL_ELECTRON, shortCircuit: true };
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url !== URL_ELECTRON) return next(url, context);
  const names = mainExports();
  const source = [
    `import { exportFor } from ${JSON.stringify(runtime)};`,
    ...names.map((n) => `export const ${n} = exportFor(${JSON.stringify(n)});`),
    `export default { ${names.join(', ')} };`,
  ].join('\n');
  return { format: 'module', source, shortCircuit: true };
}
