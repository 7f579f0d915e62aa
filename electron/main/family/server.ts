/**
 * The family's side of a visit, served by the main process: the join page
 * (out/renderer/family.html and its assets) over HTTP on loopback or HTTPS
 * elsewhere, and the signaling WebSocket at /signal.
 *
 * - Binding to a non-loopback address without a certificate is refused: the
 *   page carries consent, intake answers and the resume key.
 * - The WebSocket accepts only our own page's Origin, messages up to
 *   MAX_SIGNAL_MESSAGE_BYTES (larger frames close the socket), and
 *   per-connection rates (./connection.ts).
 * - Connection limits (config.limits, docs/video.md): sockets that have not
 *   said hello yet have their own small pool, a per-address share and a short
 *   life, so a stranger holding and recycling sockets cannot keep a family
 *   with a valid link out; participants have a separate pool. HTTP has
 *   maxConnections, idle and header timeouts, a per-address connection cap and
 *   a per-address request rate. Behind a configured trusted proxy the client
 *   is the forwarded address (./address.ts).
 * - An address that keeps presenting bad tokens is locked out, for longer each
 *   time (./rate-limit.ts AuthLockout); other addresses are unaffected.
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
import { AuthLockout, KeyedBuckets, OpenCounts } from './rate-limit';
import { clientAddress, normalizeAddress, trustedSet } from './address';

export class FamilyServerConfigError extends Error {
  override name = 'FamilyServerConfigError';
}

export interface FamilyServerOptions {
  config: FamilyServerConfig;
  rooms: RoomManager;
  /** Folder holding the built renderer (out/renderer). */
  rendererDir: string;
  rate?: { capacity: number; perSecond: number };
  log?: (entry: { level: 'warn' | 'error'; code: string; detail?: string }) => void;
  /** The clinic's name and phone for the page of a used or expired link (clinic settings). */
  clinicContact?: () => { name: string; phone: string } | null;
  /**
   * Extra routes of the visit server (electron/main/visit-server): its health
   * endpoint and the consoles' socket. Each returns true when it handled the
   * request; they run after the per-address limits, before the page's routes.
   */
  routes?: {
    request?: (req: IncomingMessage, res: ServerResponse) => boolean;
    upgrade?: (req: IncomingMessage, socket: Socket, head: Buffer) => boolean;
  };
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
  /** Open signaling connections that have not said hello yet. */
  unauthenticatedCount(): number;
  /**
   * Stop. With `notice`, open pages first get a WebSocket close with that code
   * and reason (1012 "restarting": the page reconnects with back-off) and
   * `graceMs` to hear it before the sockets are cut.
   */
  close(notice?: { code: number; reason: string; graceMs: number }): Promise<void>;
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
  const { limits } = config;
  const lockout = new AuthLockout(limits.authFailuresBeforeLockout, limits.lockoutMs, limits.maxLockoutMs);
  const httpRate = new KeyedBuckets(limits.httpRequestsPerMinute, limits.httpRequestsPerMinute / 60);
  const trusted = trustedSet(config.trustedProxies);
  const root = resolve(options.rendererDir);
  const who = (req: IncomingMessage) => clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trusted);

  const server: Server = config.tls
    ? createHttpsServer({ cert: config.tls.cert, key: config.tls.key, minVersion: 'TLSv1.2', handshakeTimeout: limits.headersTimeoutMs })
    : createHttpServer();
  server.maxConnections = limits.maxHttpConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.headersTimeoutMs * 2;
  server.keepAliveTimeout = Math.min(5_000, limits.idleSocketMs);
  // A connection that sends nothing (not even a request line) is closed; ws clears this on upgrade.
  server.timeout = limits.idleSocketMs;
  server.on('timeout', (socket: Socket) => socket.destroy());

  // TCP connections per client address. A trusted proxy carries many clients: it is exempt here,
  // and its clients are limited per forwarded address at the request and WebSocket level.
  const tcpByAddress = new OpenCounts();
  // 'connection' is the raw TCP socket for HTTPS too (before the TLS handshake), so a stranger
  // who never completes a handshake is counted as well.
  server.on('connection', (socket: Socket) => {
    const address = normalizeAddress(socket.remoteAddress);
    if (trusted.has(address)) return;
    if (tcpByAddress.get(address) >= limits.maxConnectionsPerAddress) {
      counters.refused.perAddress += 1;
      socket.destroy();
      return;
    }
    tcpByAddress.add(address);
    socket.once('close', () => tcpByAddress.remove(address));
  });

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
      if (!httpRate.take(who(req))) {
        counters.refused.httpRateLimited += 1;
        res.writeHead(429, { ...headers('text/plain; charset=utf-8'), 'Retry-After': '60' });
        res.end('Too many requests');
        return;
      }
      if (options.routes?.request?.(req, res)) return;
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
  /** Sockets that have not said hello yet (all, and per client address), and participants' sockets. */
  const unauthenticated = new Set<WebSocket>();
  const unauthenticatedByAddress = new OpenCounts();
  const participants = new Set<WebSocket>();

  const reject = (socket: Socket, status: number, text: string, retryAfterS?: number) => {
    const retry = retryAfterS ? `Retry-After: ${retryAfterS}\r\n` : '';
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${retry}Content-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const remote = who(req);
    let pathname = '';
    try {
      pathname = new URL(req.url ?? '/', origin).pathname;
    } catch {
      // falls through to 404
    }
    if (pathname !== '/signal') {
      if (options.routes?.upgrade?.(req, socket, head)) return;
      return reject(socket, 404, 'Not Found');
    }
    // Only our own page may open the signaling socket (no cross-site WebSocket hijacking).
    if (!allowedOrigins.has(req.headers.origin ?? '')) {
      counters.refused.forbiddenOrigin += 1;
      return reject(socket, 403, 'Forbidden');
    }
    const locked = lockout.lockedFor(remote);
    if (locked > 0) {
      counters.refused.lockedOut += 1;
      return reject(socket, 429, 'Too Many Requests', Math.ceil(locked / 1000));
    }
    if (unauthenticatedByAddress.get(remote) >= limits.maxUnauthenticatedPerAddress) {
      counters.refused.perAddress += 1;
      return reject(socket, 429, 'Too Many Requests');
    }
    if (unauthenticated.size >= limits.maxUnauthenticated) {
      counters.refused.unauthenticatedFull += 1;
      return reject(socket, 503, 'Service Unavailable', 1);
    }
    if (participants.size >= limits.maxParticipants) {
      counters.refused.tooManyConnections += 1;
      return reject(socket, 503, 'Service Unavailable', 5);
    }
    // Counted from here (not from the handshake's end) so concurrent upgrades cannot overshoot the caps.
    unauthenticatedByAddress.add(remote);
    let pending = true;
    let upgraded: WebSocket | null = null;
    const leavePending = () => {
      if (!pending) return;
      pending = false;
      unauthenticatedByAddress.remove(remote);
      if (upgraded) unauthenticated.delete(upgraded);
    };
    socket.once('close', leavePending);
    wss.handleUpgrade(req, socket, head, (ws) => {
      counters.connections += 1;
      live.add(ws);
      upgraded = ws;
      if (pending) unauthenticated.add(ws);
      const connection = new FamilyConnection(
        { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) },
        {
          rooms,
          counters,
          rate: options.rate,
          ...(options.clinicContact ? { clinicContact: options.clinicContact } : {}),
          onAuthFailure: () => lockout.record(remote),
          onAuthenticated: () => {
            leavePending();
            participants.add(ws);
          },
          log,
        },
      );
      // A page that says nothing is dropped, soon: it holds a slot of the small unauthenticated pool.
      const helloTimer = setTimeout(() => {
        if (connection.participantId === null) {
          counters.refused.helloTimeout += 1;
          connection.close(4008, 'no hello');
          // A peer that ignores the close handshake does not keep the slot.
          setTimeout(() => ws.terminate(), 1_000).unref();
        }
      }, limits.helloTimeoutMs);
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
        leavePending();
        participants.delete(ws);
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
    unauthenticatedCount: () => unauthenticated.size,
    async close(notice) {
      if (notice && live.size > 0) {
        for (const ws of live) ws.close(notice.code, notice.reason);
        const deadline = Date.now() + notice.graceMs;
        while (live.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      }
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
