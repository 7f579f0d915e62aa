// The stand-in Electron runtime for the boot test (tests/boot/boot.test.ts).
// It implements the part of Electron 45's main-process API the glue uses,
// records every call, and refuses — with a recorded violation — any API name,
// event name or option key that electron.d.ts does not declare, any API the
// stand-in does not implement, anything the definitions mark @deprecated,
// and calls made before or after `ready` where Electron refuses them.
// The test drives it over the fork() IPC channel (see `control` below).
import { EventEmitter } from 'node:events';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { deprecatedOf, eventsOf, membersOf } from './dts.mjs';

const env = process.env;

export const state = {
  calls: [],
  violations: [],
  deprecatedUsed: [],
  windows: [],
  protocolHandlers: new Map(),
  privilegedSchemes: [],
  ipcHandlers: new Map(),
  permission: { request: null, check: null, device: null },
  errorBoxes: [],
  sent: [],
  dlopens: [],
  spawns: [],
  printed: [],
  ready: false,
  quitting: false,
};

/** JSON-safe summary of call arguments (functions, buffers and requests are named, not copied). */
function summarize(value, depth = 0) {
  if (typeof value === 'function') return '[function]';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[bytes ${value.length}]`;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return '[object]';
  if (Array.isArray(value)) return value.map((v) => summarize(v, depth + 1));
  if (value.__standInName) return `[${value.__standInName}]`;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, summarize(v, depth + 1)]));
}

export function record(api, args = []) {
  state.calls.push({ api, args: summarize(args) });
}

export function violation(message) {
  state.violations.push(message);
  return new TypeError(`[electron stand-in] ${message}`);
}

const NEVER_MEMBERS = new Set(['then', 'toJSON', 'constructor', 'inspect', '__standInName']);

/**
 * Wrap an implementation so that every property read is checked against the
 * d.ts type `typeName`, every method call recorded as `label.method`, and
 * every event subscription checked against the type's declared events.
 */
export function guard(impl, typeName, label) {
  const members = membersOf(typeName);
  const events = eventsOf(typeName);
  const deprecated = deprecatedOf(typeName);
  Object.defineProperty(impl, '__standInName', { value: label, enumerable: false });
  return new Proxy(impl, {
    get(target, prop) {
      if (typeof prop === 'symbol' || NEVER_MEMBERS.has(prop)) return Reflect.get(target, prop, target);
      if (!members.has(prop)) throw violation(`${label}.${prop} does not exist in Electron 45 (${typeName})`);
      if (!(prop in target)) throw violation(`${label}.${prop} is not implemented by the stand-in`);
      if (deprecated.has(prop)) state.deprecatedUsed.push(`${label}.${prop}`);
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function' || /^class /.test(Function.prototype.toString.call(value))) return value;
      return (...args) => {
        record(`${label}.${prop}`, args);
        if (['on', 'once', 'addListener', 'prependListener'].includes(prop) && !events.has(args[0])) {
          throw violation(`${label} has no event '${String(args[0])}' in Electron 45 (${typeName})`);
        }
        return value.apply(target, args);
      };
    },
    set(target, prop, value) {
      if (typeof prop === 'string' && !members.has(prop)) throw violation(`${label}.${prop} does not exist in Electron 45 (${typeName})`);
      return Reflect.set(target, prop, value);
    },
  });
}

function checkKeys(object, typeName, label) {
  const members = membersOf(typeName);
  for (const key of Object.keys(object ?? {})) {
    if (!members.has(key)) throw violation(`${label}: option '${key}' does not exist in Electron 45 (${typeName})`);
  }
}

function requireReady(api) {
  if (!state.ready) throw violation(`${api} called before the app is ready`);
}

// ---------------------------------------------------------------- app
let fireReady;
const readyPromise = new Promise((resolve) => {
  fireReady = resolve;
});
let readyScheduled = false;
function scheduleReady() {
  if (readyScheduled) return;
  readyScheduled = true;
  // Electron emits `ready` after the main script's synchronous part has run.
  setImmediate(() => {
    state.ready = true;
    appImpl.emit('ready', { preventDefault() {} }, {});
    fireReady();
  });
}

class AppImpl extends EventEmitter {
  get isPackaged() {
    return env.BOOT_PACKAGED === '1';
  }
  enableSandbox() {
    if (state.ready) throw violation('app.enableSandbox() must be called before the app is ready');
  }
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    scheduleReady();
    return readyPromise;
  }
  isReady() {
    return state.ready;
  }
  on(event, listener) {
    if (event === 'ready') scheduleReady();
    return super.on(event, listener);
  }
  getPath(name) {
    if (name === 'userData') return env.BOOT_USER_DATA;
    if (['temp', 'home', 'appData', 'logs', 'documents', 'downloads', 'crashDumps', 'sessionData'].includes(name)) return env.BOOT_USER_DATA;
    throw violation(`app.getPath('${name}') is not a path name the stand-in knows`);
  }
  getVersion() {
    return env.BOOT_APP_VERSION ?? '0.0.0';
  }
  getName() {
    return 'back-pain-telehealth-console';
  }
  getAppPath() {
    return env.BOOT_APP_PATH;
  }
  quit() {
    if (state.quitting) return;
    state.quitting = true;
    void quitSequence(0);
  }
  exit(code = 0) {
    state.quitting = true;
    finish(code);
  }
}

async function quitSequence(code) {
  let prevented = false;
  const event = { preventDefault: () => (prevented = true) };
  appImpl.emit('before-quit', event);
  if (prevented) {
    state.quitting = false;
    return;
  }
  for (const win of [...state.windows]) if (!win.destroyedFlag) win.destroy();
  appImpl.emit('will-quit', { preventDefault: () => (prevented = true) });
  // Give asynchronous shutdown work (servers, the media worker) a moment, as Electron's event loop would.
  await new Promise((resolve) => setTimeout(resolve, 300));
  appImpl.emit('quit', {}, code);
  finish(code);
}

function finish(code) {
  const done = () => process.exit(code);
  if (process.send && process.connected) process.send({ type: 'exit', code, state: snapshot() }, done);
  else done();
}

const appImpl = new AppImpl();

// ---------------------------------------------------------------- protocol
const protocolImpl = {
  registerSchemesAsPrivileged(schemes) {
    if (state.ready) throw violation('protocol.registerSchemesAsPrivileged() must be called before the app is ready');
    for (const s of schemes) checkKeys(s.privileges, 'Privileges', 'protocol.registerSchemesAsPrivileged');
    state.privilegedSchemes.push(...schemes);
  },
  handle(scheme, handler) {
    requireReady('protocol.handle()');
    if (state.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    state.protocolHandlers.set(scheme, handler);
  },
  isProtocolHandled(scheme) {
    return state.protocolHandlers.has(scheme);
  },
};

// ---------------------------------------------------------------- session
class SessionImpl extends EventEmitter {
  constructor(partition) {
    super();
    this.partition = partition;
    this.handlers = { request: null, check: null, device: null };
    // session.protocol: handlers for this session only (the default session's is the global protocol module).
    this.protocolHandlers = partition === '' ? state.protocolHandlers : new Map();
    const own = this.protocolHandlers;
    this.protocol = guard(
      {
        handle(scheme, handler) {
          if (own.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
          own.set(scheme, handler);
        },
        isProtocolHandled: (scheme) => own.has(scheme),
      },
      'Protocol',
      `session(${partition}).protocol`,
    );
    this.webRequest = guard(
      {
        onBeforeRequest: (...args) => {
          this.beforeRequest = args.at(-1);
        },
      },
      'WebRequest',
      `session(${partition}).webRequest`,
    );
  }
  setPermissionRequestHandler(fn) {
    this.handlers.request = fn;
  }
  setPermissionCheckHandler(fn) {
    this.handlers.check = fn;
  }
  setDevicePermissionHandler(fn) {
    this.handlers.device = fn;
  }
}
const sessions = new Map();
function sessionFor(partition) {
  if (!sessions.has(partition)) sessions.set(partition, { impl: null, proxy: null });
  const entry = sessions.get(partition);
  if (!entry.proxy) {
    entry.impl = new SessionImpl(partition);
    entry.proxy = guard(entry.impl, 'Session', partition === '' ? 'session.defaultSession' : `session(${partition})`);
  }
  return entry;
}
const sessionStatics = {
  get defaultSession() {
    requireReady('session.defaultSession');
    return sessionFor('').proxy;
  },
  fromPartition(partition, options) {
    requireReady('session.fromPartition()');
    checkKeys(options, 'FromPartitionOptions', 'session.fromPartition');
    return sessionFor(partition).proxy;
  },
};

// ---------------------------------------------------------------- safeStorage
// A keyring stand-in: AES-256-GCM under a key fixed for the test run, so a
// value wrapped in one boot unwraps in the next (as the OS keyring would).
const keyringKey = createHash('sha256').update(env.BOOT_KEYRING_SECRET ?? 'stand-in keyring').digest();
function wrap(text) {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keyringKey, iv);
  const data = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return Buffer.concat([Buffer.from('v11'), iv, c.getAuthTag(), data]);
}
function unwrap(buf) {
  if (!Buffer.isBuffer(buf) || buf.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  const d = createDecipheriv('aes-256-gcm', keyringKey, buf.subarray(3, 15));
  d.setAuthTag(buf.subarray(15, 31));
  return Buffer.concat([d.update(buf.subarray(31)), d.final()]).toString('utf8');
}
const backend = () => env.BOOT_KEYRING_BACKEND ?? 'gnome_libsecret';
const safeStorageImpl = {
  isEncryptionAvailable() {
    return state.ready;
  },
  async isAsyncEncryptionAvailable() {
    requireReady('safeStorage.isAsyncEncryptionAvailable()');
    return true;
  },
  getSelectedStorageBackend() {
    return state.ready ? backend() : 'unknown';
  },
  encryptString(text) {
    requireReady('safeStorage.encryptString()');
    return wrap(text);
  },
  decryptString(buf) {
    requireReady('safeStorage.decryptString()');
    return unwrap(buf);
  },
  async encryptStringAsync(text) {
    requireReady('safeStorage.encryptStringAsync()');
    return wrap(text);
  },
  async decryptStringAsync(buf) {
    requireReady('safeStorage.decryptStringAsync()');
    return { result: unwrap(buf), shouldReEncrypt: false };
  },
};

// ---------------------------------------------------------------- dialog, shell, ipcMain
const dialogImpl = {
  showErrorBox(title, content) {
    state.errorBoxes.push({ title, content });
  },
  async showSaveDialog() {
    // BOOT_SAVE_PATH: the file the user "chooses".
    return env.BOOT_SAVE_PATH ? { canceled: false, filePath: env.BOOT_SAVE_PATH } : { canceled: true, filePath: '' };
  },
  async showMessageBox() {
    return { response: 0, checkboxChecked: false };
  },
};
const shellImpl = {
  async openExternal() {},
};
class IpcMainImpl extends EventEmitter {
  handle(channel, fn) {
    if (state.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    state.ipcHandlers.set(channel, fn);
  }
  removeHandler(channel) {
    state.ipcHandlers.delete(channel);
  }
}

// ---------------------------------------------------------------- windows
let nextContentsId = 1;
class WebFrameImpl extends EventEmitter {
  constructor(contents) {
    super();
    this.contents = contents;
  }
  get url() {
    return this.contents.currentUrl;
  }
  isDestroyed() {
    return this.contents.destroyedFlag;
  }
}
class WebContentsImpl extends EventEmitter {
  constructor(win, session) {
    super();
    this.id = nextContentsId++;
    this.win = win;
    this.currentUrl = '';
    this.destroyedFlag = false;
    this.openHandler = null;
    this.session = session;
    this.mainFrame = guard(new WebFrameImpl(this), 'WebFrameMain', `webContents(${this.id}).mainFrame`);
  }
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
  }
  send(channel, ...args) {
    state.sent.push({ contents: this.id, channel, args: summarize(args) });
  }
  getURL() {
    return this.currentUrl;
  }
  isDestroyed() {
    return this.destroyedFlag;
  }
  isLoading() {
    return false;
  }
  async printToPDF(options) {
    checkKeys(options, 'PrintToPDFOptions', 'webContents.printToPDF');
    if (!this.currentUrl) throw new Error('printToPDF before a page loaded');
    state.printed.push({ url: this.currentUrl, bytes: this.loadedBytes ?? 0 });
    return Buffer.from('%PDF-1.4\n% stand-in\n');
  }
}

class BrowserWindowImpl extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.visible = false;
    this.destroyedFlag = false;
    this.minimized = false;
    const prefs = options?.webPreferences ?? {};
    const ses = prefs.session ?? sessionFor('').proxy;
    this.contentsImpl = new WebContentsImpl(this, ses);
    this.webContents = guard(this.contentsImpl, 'WebContents', `webContents(${this.contentsImpl.id})`);
    this.id = this.contentsImpl.id;
  }
  async loadURL(url) {
    const c = this.contentsImpl;
    // Chromium refuses URLs longer than 2 MB (url::kMaxURLChars).
    if (url.length > 2 * 1024 * 1024) throw violation(`loadURL with a ${url.length}-character URL: Chromium refuses URLs over 2 MB`);
    // Navigation policy first, as Chromium asks the app before it navigates.
    let prevented = false;
    if (c.currentUrl) c.emit('will-navigate', { preventDefault: () => (prevented = true), url }, url);
    if (prevented) throw Object.assign(new Error(`ERR_ABORTED (-3) loading '${url}'`), { code: 'ERR_ABORTED' });
    const scheme = new URL(url).protocol.slice(0, -1);
    if (scheme !== 'data') {
      const ses = this.options?.webPreferences?.session;
      const sessionImpl = ses ? [...sessions.values()].find((e) => e.proxy === ses)?.impl : null;
      const handler = sessionImpl?.protocolHandlers.get(scheme) ?? state.protocolHandlers.get(scheme);
      if (!handler) throw Object.assign(new Error(`ERR_UNKNOWN_URL_SCHEME (-302) loading '${url}'`), { code: 'ERR_UNKNOWN_URL_SCHEME' });
      const response = await handler(new Request(url));
      if (!response.ok) throw Object.assign(new Error(`ERR_HTTP_RESPONSE_CODE_FAILURE (-379) loading '${url}'`), { code: 'ERR_HTTP_RESPONSE_CODE_FAILURE' });
      c.loadedBytes = (await response.arrayBuffer()).byteLength;
    } else {
      c.loadedBytes = url.length;
    }
    c.currentUrl = url;
    c.emit('did-finish-load', {});
    this.emit('ready-to-show', {});
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  focus() {}
  isDestroyed() {
    return this.destroyedFlag;
  }
  destroy() {
    if (this.destroyedFlag) return;
    this.destroyedFlag = true;
    this.contentsImpl.destroyedFlag = true;
    this.emit('closed');
    const open = state.windows.filter((w) => !w.destroyedFlag);
    if (open.length === 0 && !state.quitting) appImpl.emit('window-all-closed');
  }
  close() {
    this.destroy();
  }
}

const windowProxies = new WeakMap();
const BrowserWindowClass = new Proxy(BrowserWindowImpl, {
  construct(Target, args) {
    requireReady('new BrowserWindow()');
    const [options = {}] = args;
    checkKeys(options, 'BrowserWindowConstructorOptions', 'new BrowserWindow');
    checkKeys(options.webPreferences, 'WebPreferences', 'new BrowserWindow webPreferences');
    record('new BrowserWindow', [options]);
    const win = new Target(options);
    state.windows.push(win);
    const proxy = guard(win, 'BrowserWindow', `window(${win.id})`);
    windowProxies.set(win, proxy);
    return proxy;
  },
  get(target, prop) {
    if (typeof prop === 'symbol' || prop === 'prototype') return Reflect.get(target, prop);
    if (!membersOf('BrowserWindow').has(prop)) throw violation(`BrowserWindow.${prop} does not exist in Electron 45`);
    const statics = {
      // Electron promises no order; newest first here, so code that takes [0] as "the main window" is caught.
      getAllWindows: () => state.windows.filter((w) => !w.destroyedFlag).reverse().map((w) => windowProxies.get(w)),
      getFocusedWindow: () => null,
      fromWebContents: (wc) => windowProxies.get(state.windows.find((w) => w.id === wc.id)) ?? null,
    };
    if (!(prop in statics)) throw violation(`BrowserWindow.${prop} is not implemented by the stand-in`);
    return (...a) => {
      record(`BrowserWindow.${prop}`, a);
      return statics[prop](...a);
    };
  },
});

const sessionExport = new Proxy(
  {},
  {
    get(_t, prop) {
      if (typeof prop === 'symbol' || NEVER_MEMBERS.has(prop)) return undefined;
      if (!membersOf('Session').has(prop)) throw violation(`session.${prop} does not exist in Electron 45`);
      if (!(prop in sessionStatics)) throw violation(`session.${prop} is not implemented by the stand-in`);
      const v = sessionStatics[prop];
      if (typeof v !== 'function') return v;
      return (...a) => {
        record(`session.${prop}`, a);
        return v(...a);
      };
    },
  },
);

const IMPLEMENTED = {
  app: () => guard(appImpl, 'App', 'app'),
  protocol: () => guard(protocolImpl, 'Protocol', 'protocol'),
  session: () => sessionExport,
  safeStorage: () => guard(safeStorageImpl, 'SafeStorage', 'safeStorage'),
  dialog: () => guard(dialogImpl, 'Dialog', 'dialog'),
  shell: () => guard(shellImpl, 'Shell', 'shell'),
  ipcMain: () => guard(new IpcMainImpl(), 'IpcMain', 'ipcMain'),
  BrowserWindow: () => BrowserWindowClass,
};
const exportsCache = new Map();

/** What `import { name } from 'electron'` gives: the implementation, or a value that fails on any use. */
export function exportFor(name) {
  if (!exportsCache.has(name)) {
    const make = IMPLEMENTED[name];
    const value = make
      ? make()
      : new Proxy(function unimplemented() {}, {
          get: (_t, prop) => {
            if (typeof prop === 'symbol' || NEVER_MEMBERS.has(prop)) return undefined;
            throw violation(`electron.${name}.${String(prop)} is not implemented by the stand-in`);
          },
          apply: () => {
            throw violation(`electron.${name}() is not implemented by the stand-in`);
          },
          construct: () => {
            throw violation(`new electron.${name}() is not implemented by the stand-in`);
          },
        });
    exportsCache.set(name, value);
  }
  return exportsCache.get(name);
}

// ---------------------------------------------------------------- control channel (driven by the test)
function snapshot() {
  return {
    calls: state.calls,
    violations: state.violations,
    deprecatedUsed: [...new Set(state.deprecatedUsed)],
    windows: state.windows.map((w) => ({
      id: w.id,
      options: summarize(w.options),
      visible: w.visible,
      url: w.contentsImpl.currentUrl,
      destroyed: w.destroyedFlag,
      partition: w.contentsImpl.session?.__standInName ?? null,
    })),
    privilegedSchemes: state.privilegedSchemes,
    protocols: [...state.protocolHandlers.keys()],
    ipcChannels: [...state.ipcHandlers.keys()],
    errorBoxes: state.errorBoxes,
    sent: state.sent,
    dlopens: state.dlopens,
    spawns: state.spawns,
    printed: state.printed,
    ready: state.ready,
  };
}

const ops = {
  state: () => snapshot(),
  async fetch({ url, method = 'GET' }) {
    const handler = state.protocolHandlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) return { status: -302 };
    const res = await handler(new Request(url, { method }));
    const text = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers), text: text.slice(0, 2000) };
  },
  async invoke({ channel, payload, frameUrl, foreignContentsId }) {
    const handler = state.ipcHandlers.get(channel);
    if (!handler) return { noHandler: true };
    let event;
    if (foreignContentsId) {
      // A web contents this app never created (another window, a devtools extension).
      const frame = { url: frameUrl };
      event = { sender: { id: foreignContentsId, mainFrame: frame }, senderFrame: frame, processId: 1, frameId: 1 };
    } else {
      const win = state.windows.find((w) => !w.destroyedFlag && w.contentsImpl.currentUrl);
      if (!win) throw new Error('no loaded window');
      const sender = windowProxies.get(win).webContents;
      // frameUrl: a sub-frame (e.g. an injected iframe) of the app's window.
      event = { sender, senderFrame: frameUrl ? { url: frameUrl } : sender.mainFrame, processId: 1, frameId: 1 };
    }
    return await handler(event, payload);
  },
  permission({ kind, permission, url, mediaTypes, partition = '' }) {
    const ses = sessionFor(partition).impl;
    const c = state.windows.find((w) => !w.destroyedFlag)?.contentsImpl ?? { getURL: () => url };
    if (kind === 'request') {
      if (!ses.handlers.request) return 'no-handler';
      return new Promise((resolve) => {
        const details = { requestingUrl: url, isMainFrame: true, ...(mediaTypes ? { mediaTypes } : {}) };
        ses.handlers.request(c, permission, resolve, details);
      });
    }
    if (!ses.handlers.check) return 'no-handler';
    return ses.handlers.check(c, permission, new URL(url).protocol === 'app:' ? `app://${new URL(url).host}` : new URL(url).origin, { isMainFrame: true, requestingUrl: url });
  },
  quit() {
    appImpl.quit();
    return true;
  },
  secondInstance() {
    appImpl.emit('second-instance', {}, [], process.cwd(), {});
    return true;
  },
  openHiddenWindow() {
    // A window the app did not make the main window (like the export printer's), opened first.
    const win = new BrowserWindowClass({ show: false, webPreferences: { sandbox: true, contextIsolation: true } });
    return win.id;
  },
  windowOf({ id }) {
    const w = state.windows.find((x) => x.id === id);
    return { visible: w.visible, minimized: w.minimized };
  },
};

export function startControl() {
  if (!process.send) return;
  process.on('message', async (msg) => {
    if (!msg || typeof msg !== 'object' || typeof msg.op !== 'string') return;
    try {
      const op = ops[msg.op];
      if (!op) throw new Error(`unknown op ${msg.op}`);
      const result = await op(msg);
      process.send({ type: 'reply', id: msg.id, ok: true, result: summarize(result, -10) });
    } catch (error) {
      process.send({ type: 'reply', id: msg.id, ok: false, error: String(error?.stack ?? error) });
    }
  });
  process.send({ type: 'hello' });
}
