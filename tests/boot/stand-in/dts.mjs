// Reads Electron 45's own type definitions (node_modules/electron/electron.d.ts)
// so the stand-in can refuse every API name, event name and option key the
// real Electron does not have. Plain text parsing of the generated file's
// fixed layout: `  interface X {` / `  class X extends Y {` blocks closed by
// `  }`, members at four spaces.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const DTS = require.resolve('electron/electron.d.ts');

let cache = null;

function parse() {
  const lines = readFileSync(DTS, 'utf8').split('\n');
  const blocks = new Map();
  let mainExports = [];
  for (let i = 0; i < lines.length; i += 1) {
    const head = /^ {2}(?:interface|class) (\w+)(?:<[^>]*>)?(?: extends ([\w.]+))?[^{]*\{\s*$/.exec(lines[i]);
    if (head) {
      const members = new Set();
      const events = new Set();
      const deprecated = new Set();
      let flagged = false;
      let j = i + 1;
      for (; j < lines.length && lines[j] !== '  }'; j += 1) {
        if (/^ {5}\* @deprecated/.test(lines[j])) flagged = true;
        const m = /^ {4}(?:static )?(?:readonly )?(\w+)\??[(:<]/.exec(lines[j]);
        if (m) {
          members.add(m[1]);
          if (flagged) deprecated.add(m[1]);
          flagged = false;
        }
        const e = /^ {4}(?:on|once|addListener)\(event: '([^']+)'/.exec(lines[j]);
        if (e) events.add(e[1]);
      }
      blocks.set(head[1], { parent: head[2]?.replace(/^Electron\./, '') ?? null, members, events, deprecated });
      i = j;
      continue;
    }
    if (lines[i] === '  namespace Main {' || lines[i] === '  namespace Common {') {
      let j = i + 1;
      for (; j < lines.length && lines[j] !== '  }'; j += 1) {
        const m = /^ {4}(?:const|class) (\w+)/.exec(lines[j]);
        if (m) mainExports.push(m[1]);
      }
      i = j;
    }
  }
  return { blocks, mainExports };
}

function model() {
  cache ??= parse();
  return cache;
}

const EMITTER = ['on', 'once', 'off', 'emit', 'addListener', 'removeListener', 'removeAllListeners', 'listeners', 'listenerCount', 'prependListener', 'prependOnceListener', 'eventNames', 'rawListeners', 'setMaxListeners', 'getMaxListeners'];

/** Names the main process can import from 'electron' (Electron's Main and Common namespaces). */
export function mainExports() {
  return [...new Set(model().mainExports)];
}

/** Every member name of an interface or class, including what it inherits. */
export function membersOf(name) {
  const out = new Set();
  for (let b = model().blocks.get(name); b; b = b.parent ? model().blocks.get(b.parent) : null) {
    for (const m of b.members) out.add(m);
    if (b.parent === 'NodeEventEmitter' || b.parent === 'NodeJS.EventEmitter') for (const m of EMITTER) out.add(m);
  }
  if (!model().blocks.has(name)) throw new Error(`electron.d.ts has no interface or class ${name}`);
  return out;
}

/** Every event name an interface or class declares, including what it inherits. */
export function eventsOf(name) {
  const out = new Set();
  for (let b = model().blocks.get(name); b; b = b.parent ? model().blocks.get(b.parent) : null) {
    for (const e of b.events) out.add(e);
  }
  return out;
}

/** Members the definitions mark @deprecated (still present in 45, announced for removal). */
export function deprecatedOf(name) {
  const out = new Set();
  for (let b = model().blocks.get(name); b; b = b.parent ? model().blocks.get(b.parent) : null) {
    for (const d of b.deprecated) out.add(d);
  }
  return out;
}
