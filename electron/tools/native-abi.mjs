// Which ABI a better-sqlite3 binary was built for, found by trying to load it
// in this Node: a build for this Node loads (so it is NOT an Electron build);
// a build for another ABI fails with Node's "NODE_MODULE_VERSION <n>" error.
// Needed because node-gyp builds against whatever headers `nodedir` names and
// reports success even when those are Node's own (toolchain.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The ABI the binary was built for, as a string, or null when it cannot be told. */
export function binaryAbi(file) {
  const module = { exports: {} };
  try {
    process.dlopen(module, file);
    return process.versions.modules;
  } catch (error) {
    const m = /compiled against a different Node\.js version using\s+NODE_MODULE_VERSION (\d+)/.exec(String(error?.message));
    return m ? m[1] : null;
  }
}

/** The ABI of the headers in a nodedir (include/node/node_version.h), or null. */
export function headersAbi(nodedir) {
  try {
    const h = readFileSync(join(nodedir, 'include', 'node', 'node_version.h'), 'utf8');
    return /#define NODE_MODULE_VERSION (\d+)/.exec(h)?.[1] ?? null;
  } catch {
    return null;
  }
}
