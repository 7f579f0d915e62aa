/**
 * Serves the built renderer for the `app://console` scheme. Used by
 * `protocol.handle` in the app and by the end-to-end tests' local server, so
 * the files, headers and path checks a test sees are the app's own.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { contentSecurityPolicy, DEV_CSP_NONCE_PLACEHOLDER } from './policies';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  // The pose estimator's WebAssembly (out/renderer/mediapipe/): streaming compilation needs this type.
  '.wasm': 'application/wasm',
};

export interface AppProtocolOptions {
  /** Folder holding the built renderer (out/renderer). */
  rootDir: string;
  /** The origin pages are served from; also the CSP's 'self'. */
  selfOrigin: string;
  /** Extra connect-src origins (the local signaling server). */
  connectOrigins?: readonly string[];
}

/** Resolve a request path to a file inside rootDir, or null when it would escape it. */
export function resolveAppPath(rootDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = resolve(rootDir);
  const full = resolve(root, normalize(relative));
  if (full !== root && !full.startsWith(root + sep)) return null;
  return full;
}

export function createAppRequestHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const headers = (type: string): Record<string, string> => ({
    'Content-Type': type,
    'Content-Security-Policy': contentSecurityPolicy({
      selfOrigin: options.selfOrigin,
      connectOrigins: options.connectOrigins ?? [],
      // The console window runs the on-device pose estimator (docs/pose.md).
      wasm: true,
    }),
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: headers('text/plain; charset=utf-8') });
    }
    const url = new URL(request.url);
    const file = resolveAppPath(options.rootDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: headers(MIME[extname(file)] ?? 'application/octet-stream'),
      });
    } catch {
      return new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
    }
  };
}

/**
 * `npm run dev`: the app:// scheme proxies the renderer dev server
 * (ELECTRON_RENDERER_URL), so the page keeps the app's origin and every
 * origin-based policy (IPC sender check, navigation, permissions) holds as in
 * a packaged build. Same headers and path checks as the built renderer; the
 * CSP additionally allows the dev server's websocket (hot reload) and a
 * per-page nonce for the inline tags Vite stamps with the placeholder.
 */
export function createDevProxyHandler(options: { devOrigin: string; selfOrigin: string; fetch?: typeof fetch }): (request: Request) => Promise<Response> {
  const fetchImpl = options.fetch ?? fetch;
  const socket = options.devOrigin.replace(/^http/, 'ws');
  const headers = (type: string, nonce?: string): Record<string, string> => ({
    'Content-Type': type,
    'Content-Security-Policy': contentSecurityPolicy({ selfOrigin: options.selfOrigin, connectOrigins: [socket], wasm: true, ...(nonce ? { nonce } : {}) }),
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  const text = 'text/plain; charset=utf-8';
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: headers(text) });
    const url = new URL(request.url);
    if (!resolveAppPath('/renderer', url.pathname)) return new Response('Not found', { status: 404, headers: headers(text) });
    let upstream: Response;
    try {
      upstream = await fetchImpl(`${options.devOrigin}${url.pathname}${url.search}`, { method: request.method, redirect: 'manual' });
    } catch {
      return new Response(`The renderer dev server at ${options.devOrigin} is not answering.`, { status: 502, headers: headers(text) });
    }
    const type = upstream.headers.get('content-type') ?? 'application/octet-stream';
    if (!type.startsWith('text/html')) return new Response(upstream.body, { status: upstream.status, headers: headers(type) });
    const nonce = randomBytes(16).toString('base64');
    const html = (await upstream.text()).replaceAll(DEV_CSP_NONCE_PLACEHOLDER, nonce);
    return new Response(request.method === 'HEAD' ? null : html, { status: upstream.status, headers: headers(type, html.includes(nonce) ? nonce : undefined) });
  };
}

/** Join helper for the renderer folder next to the built main bundle. */
export function rendererDirFrom(mainDir: string): string {
  return join(mainDir, '..', 'renderer');
}
