/**
 * The family's side of a visit, served by the main process: the join page
 * (out/renderer/family.html and its assets) over HTTP on loopback or HTTPS
 * elsewhere, and the signaling WebSocket at /signal.
 *
 * - Binding to a non-loopback address without a certificate is refused: the
 *   page carries consent, intake answers and the resume key.
 * - The WebSocket accepts only our own page's Origin, a bounded number of
 *   connections, messages up to MAX_SIGNAL_MESSAGE_BYTES (larger frames
 *   close the socket), and per-connection rates (./connection.ts).
 * - Addresses that keep presenting bad tokens are refused for a minute.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_SIGNAL_MESSAGE_BYTES } from '../../../shared/signaling/limits';
import { contentSecurityPolicy } from '../security/policies';
import { isLoopback, type FamilyServerConfig } from '../media/config';
import type { RoomManager } from '../media/rooms';
import { FamilyConnection } from './connection';
import { newCounters, type FamilyCounters } from './counters';
import { FailureWindow } from './rate-limit';

export class FamilyServerConfigError extends Error {
  override name = 'FamilyServerConfigError';
}

export interface FamilyServerOptions {
  config: FamilyServerConfig;
  rooms: RoomManager;
  /** Folder holding the built renderer (out/renderer). */
  rendererDir: string;
  maxConnections?: number;
  rate?: { capacity: number; perSecond: number };
  /** Failed hello/resume attempts per address per minute before upgrades are refused. */
  maxAuthFailuresPerMinute?: number;
  log?: (entry: { level: 'warn' | 'error'; code: string; detail?: string }) => void;
}

export interface FamilyServer {
  /** Where the page is served, e.g. http://127.0.0.1:47800. */
  readonly origin: string;
  /** The origin written into links (publicOrigin when configured). */
  readonly linkOrigin: string;
  /** The join URL for a token. The token travels in the fragment, which browsers never send to a server. */
  joinUrl(token: string): string;
  counters(): FamilyCounters;
  /** Open signaling connections. */
  connectionCount(): number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

export async function startFamilyServer(options: FamilyServerOptions): Promise<FamilyServer> {
  const { config, rooms, log = () => {} } = options;
  if (!isLoopback(config.host) && !config.tls) {
    throw new FamilyServerConfigError(
      `The family page server may bind to ${config.host} only with TLS: set BPTC_FAMILY_TLS_CERT and BPTC_FAMILY_TLS_KEY.`,
    );
  }
  const counters = newCounters();
  const failures = new FailureWindow(options.maxAuthFailuresPerMinute ?? 20);
  const maxConnections = options.maxConnections ?? 32;
  const root = resolve(options.rendererDir);

  const server: Server = config.tls
    ? createHttpsServer({ cert: config.tls.cert, key: config.tls.key, minVersion: 'TLSv1.2' })
    : createHttpServer();
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `${config.tls ? 'https' : 'http'}://${hostPart}:${address.port}`;
  const linkOrigin = config.publicOrigin ? new URL(config.publicOrigin).origin : origin;
  const allowedOrigins = new Set([origin, linkOrigin]);
  const wsOrigins = [...allowedOrigins].map((o) => o.replace(/^http/, 'ws'));

  const headers = (type: string): Record<string, string> => ({
    'Content-Type': type,
    'Content-Security-Policy': contentSecurityPolicy({ selfOrigin: origin, connectOrigins: wsOrigins }),
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Permissions-Policy': 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()',
    ...(config.tls ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  });

  // The family entry's own files, recomputed when family.html changes (a rebuild while running).
  let assets: { mtimeMs: number; names: ReadonlySet<string> } | null = null;
  function familyAssetNames(): ReadonlySet<string> {
    let mtimeMs = -1;
    try {
      mtimeMs = statSync(join(root, 'family.html')).mtimeMs;
    } catch {
      // no page built: nothing to serve
    }
    if (!assets || assets.mtimeMs !== mtimeMs) assets = { mtimeMs, names: mtimeMs < 0 ? new Set() : familyEntryAssets(root) };
    return assets.names;
  }

  /**
   * Only the join page and the files it loads: the assets family.html names
   * and, transitively, what those import. The console's own bundle sits in
   * the same out/renderer/assets folder and is not reachable.
   */
  function fileFor(pathname: string): string | null {
    if (pathname === '/join' || pathname === '/join/') return join(root, 'family.html');
    if (pathname === '/favicon.svg') return join(root, 'favicon.svg');
    const m = /^\/assets\/([A-Za-z0-9_.-]+)$/.exec(pathname);
    if (!m || m[1]!.startsWith('.') || !familyAssetNames().has(m[1]!)) return null;
    const full = resolve(root, 'assets', m[1]!);
    return full.startsWith(root + sep) ? full : null;
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const send = (status: number, type: string, body: Buffer | string) => {
        res.writeHead(status, headers(type));
        res.end(req.method === 'HEAD' ? undefined : body);
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'Method not allowed');
      let pathname: string;
      try {
        pathname = new URL(req.url ?? '/', origin).pathname;
      } catch {
        return send(400, 'text/plain; charset=utf-8', 'Bad request');
      }
      const file = fileFor(pathname);
      if (!file) return send(404, 'text/plain; charset=utf-8', 'Not found');
      try {
        const body = await readFile(file);
        const ext = file.slice(file.lastIndexOf('.'));
        return send(200, ext === '.html' ? 'text/html; charset=utf-8' : (MIME[ext] ?? 'application/octet-stream'), body);
      } catch {
        return send(404, 'text/plain; charset=utf-8', 'Not found');
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SIGNAL_MESSAGE_BYTES, perMessageDeflate: false });
  const live = new Set<WebSocket>();

  const reject = (socket: Socket, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const remote = socket.remoteAddress ?? 'unknown';
    let pathname = '';
    try {
      pathname = new URL(req.url ?? '/', origin).pathname;
    } catch {
      // falls through to 404
    }
    if (pathname !== '/signal') return reject(socket, 404, 'Not Found');
    // Only our own page may open the signaling socket (no cross-site WebSocket hijacking).
    if (!allowedOrigins.has(req.headers.origin ?? '')) {
      counters.refused.forbiddenOrigin += 1;
      return reject(socket, 403, 'Forbidden');
    }
    if (live.size >= maxConnections || failures.blocked(remote)) {
      counters.refused.tooManyConnections += 1;
      return reject(socket, 429, 'Too Many Requests');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      counters.connections += 1;
      live.add(ws);
      const connection = new FamilyConnection(
        { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) },
        { rooms, counters, rate: options.rate, onAuthFailure: () => failures.record(remote), log },
      );
      // A page that says nothing is dropped.
      const helloTimer = setTimeout(() => {
        if (connection.participantId === null) connection.close(4008, 'no hello');
      }, 15_000);
      helloTimer.unref();
      // Keep-alive: a peer that stops answering pings is treated as gone.
      let alive = true;
      ws.on('pong', () => {
        alive = true;
      });
      const pinger = setInterval(() => {
        if (!alive) {
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, 10_000);
      pinger.unref();
      ws.on('message', (data, isBinary) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        void connection.receive(isBinary ? bytes : bytes.toString('utf8'));
      });
      ws.on('error', (error: Error & { code?: string }) => {
        // ws closes a socket whose frame exceeds maxPayload (code 1009) with this error.
        if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') counters.refused.oversized += 1;
        else log({ level: 'warn', code: 'SIGNAL_SOCKET', detail: error.code ?? error.name });
      });
      ws.on('close', () => {
        clearTimeout(helloTimer);
        clearInterval(pinger);
        live.delete(ws);
        connection.socketClosed();
      });
    });
  });

  return {
    origin,
    linkOrigin,
    joinUrl: (token) => `${linkOrigin}/join#t=${token}`,
    counters: () => structuredClone(counters),
    connectionCount: () => live.size,
    async close() {
      for (const ws of live) ws.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

const ASSET_NAME = '[A-Za-z0-9_][A-Za-z0-9_.-]*';
/** `assets/x.js`, `./assets/x.js`, `/assets/x.js` (in HTML and CSS), and `./x.js` (a chunk importing a sibling chunk). */
const ASSET_REFERENCES = [
  new RegExp(`(?:^|["'(=\\s])\\.?/?assets/(${ASSET_NAME})`, 'g'),
  new RegExp(`["'(]\\./(${ASSET_NAME}\\.(?:js|css|svg|woff2|png))["')]`, 'g'),
];

/**
 * The files under `<root>/assets` that the family entry (family.html) loads:
 * the scripts, module preloads and style sheets the page names, then every
 * chunk, style sheet, font or image those files refer to, followed until
 * nothing new is found. Only files that exist are returned.
 */
export function familyEntryAssets(root: string): Set<string> {
  const dir = join(root, 'assets');
  const found = new Set<string>();
  const queue: string[] = [];
  const scan = (text: string) => {
    for (const pattern of ASSET_REFERENCES) {
      for (const m of text.matchAll(pattern)) {
        const name = m[1]!;
        if (found.has(name) || name.includes('..') || !existsSync(join(dir, name))) continue;
        found.add(name);
        queue.push(name);
      }
    }
  };
  scan(readFileSync(join(root, 'family.html'), 'utf8'));
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (/\.(?:js|css|svg)$/.test(name)) scan(readFileSync(join(dir, name), 'utf8'));
  }
  return found;
}
