/**
 * Security policies for the Electron shell as pure functions, so every
 * decision is unit-tested under Node without the Electron runtime.
 * See ../../../docs/security.md for the requirement each one serves.
 */

/** The custom scheme the UI is served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Parse a URL without throwing. */
function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The origin of a URL as a string. WHATWG URL reports "null" as the origin of
 * non-special schemes such as app://, so it is rebuilt from scheme and host.
 */
export function originOf(url: string): string | null {
  const u = parse(url);
  if (!u) return null;
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  if (!u.host) return null;
  return `${u.protocol}//${u.host}`;
}

/** True when `url` is exactly on the app's origin (scheme, host and port). */
export function isAppOrigin(url: string, appOrigin: string): boolean {
  const o = originOf(url);
  return o !== null && o === originOf(appOrigin);
}

/** Navigation inside a window is allowed only within the app origin. */
export function allowNavigation(url: string, appOrigin: string): boolean {
  return isAppOrigin(url, appOrigin);
}

/** Hosts the console may open in the user's browser (help pages, sources). */
export const EXTERNAL_ALLOWLIST: readonly string[] = [
  'www.nice.org.uk',
  'kidshealth.org',
  'www.healthychildren.org',
  'pmmonline.org',
  'www.ajnr.org',
];

/** `shell.openExternal` only for https URLs on an allowlisted host, compared with a real URL parser. */
export function allowOpenExternal(url: string, allowlist: readonly string[] = EXTERNAL_ALLOWLIST): boolean {
  const u = parse(url);
  if (!u || u.protocol !== 'https:') return false;
  if (u.username || u.password) return false;
  if (u.port && u.port !== '443') return false;
  return allowlist.includes(u.hostname);
}

/**
 * Permissions the console ever grants, to its own origin only:
 * - camera and microphone for the video visit;
 * - `clipboard-sanitized-write`: "Copy link" (navigator.clipboard.writeText)
 *   asks for it; reading the clipboard stays denied;
 * - Chromium's Local Network Access permissions, which gate a page's
 *   connections to loopback and private addresses (the console's own SFU
 *   and family server run on this machine or the clinic's network). Denying
 *   them would let a future Chromium cut the console off from its own media.
 */
const GRANTED_PERMISSIONS = new Set(['media', 'camera', 'microphone', 'clipboard-sanitized-write', 'local-network-access', 'local-network', 'loopback-network']);

/**
 * Permission request and check policy: the permissions above for the app
 * origin only, and for `media` requests only when no other type than audio
 * and video is asked for.
 */
export function allowPermission(
  permission: string,
  requestingUrl: string,
  appOrigin: string,
  mediaTypes?: readonly string[],
): boolean {
  if (!GRANTED_PERMISSIONS.has(permission)) return false;
  if (!isAppOrigin(requestingUrl, appOrigin)) return false;
  if (mediaTypes && !mediaTypes.every((t) => t === 'video' || t === 'audio')) return false;
  return true;
}

/**
 * The content security policy for the console UI. No inline script or style,
 * no eval; network access only to the app itself and the local signaling
 * origin (added when live video runs).
 *
 * `wasm: true` (the console window only, never the family's page) adds
 * 'wasm-unsafe-eval' to script-src: the narrowest source that lets the
 * on-device pose estimator compile its WebAssembly (served from 'self').
 * It allows WebAssembly compilation only; eval and new Function stay blocked.
 */
export function contentSecurityPolicy(options: { selfOrigin: string; connectOrigins?: readonly string[]; nonce?: string; wasm?: boolean }): string {
  const self = `'self'`;
  const connect = [self, ...(options.connectOrigins ?? [])].join(' ');
  // A per-response nonce only under `npm run dev` (see DEV_CSP_NONCE_PLACEHOLDER); never unsafe-inline.
  const nonce = options.nonce ? ` 'nonce-${options.nonce}'` : '';
  const wasm = options.wasm ? ` 'wasm-unsafe-eval'` : '';
  return [
    `default-src 'none'`,
    `script-src ${self}${nonce}${wasm}`,
    `style-src ${self}${nonce}`,
    `img-src ${self} data: blob:`,
    `media-src ${self} blob: mediastream:`,
    `font-src ${self}`,
    `connect-src ${connect}`,
    `worker-src ${self}`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-ancestors 'none'`,
    `object-src 'none'`,
  ].join('; ');
}

/**
 * The same policy for a <meta> tag in the built HTML (defence in depth, and
 * visible to static checkers). frame-ancestors is dropped: browsers ignore it
 * in meta and log an error.
 */
export function metaContentSecurityPolicy(options: { selfOrigin: string; connectOrigins?: readonly string[]; wasm?: boolean }): string {
  return contentSecurityPolicy(options)
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
}

/**
 * Under `npm run dev` Vite's dev server injects inline scripts (React's
 * refresh preamble) and styles. Its `html.cspNonce` option stamps them with
 * this placeholder; the app:// dev proxy replaces it with a fresh random
 * nonce per page and names that nonce in the CSP, so the dev build runs
 * under the same CSP as the packaged one, with no unsafe-inline.
 */
export const DEV_CSP_NONCE_PLACEHOLDER = 'bptc-dev-csp-nonce';

/**
 * The renderer dev server electron-vite names in ELECTRON_RENDERER_URL, as an
 * origin, when it is an http(s) server on this machine; null otherwise (an
 * unset, malformed or remote URL is ignored: the built renderer is served).
 */
export function devRendererOrigin(value: string | undefined): string | null {
  const u = value ? parse(value) : null;
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return null;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) return null;
  return u.origin;
}
