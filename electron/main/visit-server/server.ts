/**
 * The visit server: the console's media and family code, composed to run
 * headless on a host families can reach (issue 11). Nothing here is a copy:
 *
 * - media/rooms.ts (lobby, waiting room, admission, resume keys, TURN after
 *   admission) and media/session.ts (a router per visit) run as in the
 *   console, over ./workers.ts (a worker per core, a WebRtcServer per worker,
 *   a visit's router on the least-loaded worker);
 * - family/server.ts serves the family page and signaling over TLS, with its
 *   connection limits, plus this server's health endpoint;
 * - store/join-tokens.ts keeps the link tokens (hashes) in ./state.ts;
 * - the family's answers go to the owning console through ./relay.ts.
 *
 * A visit's room key is `<device id>/<visit id>`: links and rooms are scoped to
 * the console that made them, so one console's token can never open another's
 * visit.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve, sep } from 'node:path';
import type { Database } from 'better-sqlite3';
import { startFamilyServer, type FamilyServer } from '../family/server';
import { FamilyServerConfig, MediaConfig } from '../media/config';
import { RoomManager } from '../media/rooms';
import type { VideoEvent } from '../../../shared/signaling/clinician';
import type { GuestRole } from '../../../shared/signaling/media';
import { createJoinTokenRepository, hashToken } from '../store/join-tokens';
import { workerCount, type VisitServerConfig } from './config';
import { ConsoleRelay } from './relay';
import { openServerState, pruneTokens } from './state';
import { WorkerPool } from './workers';
import type { ServerLog } from './log';

import { roomKey, splitRoomKey } from './server-keys';
import { createConsoleChannel, type ConsoleChannel } from './console-channel';
import { createDeviceRegistry, type DeviceRegistry } from './devices';
import { RoomPersistence } from './resume-state';

export { roomKey, splitRoomKey } from './server-keys';

/** How long the family's answers wait in memory for an offline console. */
export const RELAY_HOLD_MS = 15 * 60_000;

export interface VisitServer {
  /** Where the server listens (https://host:port). */
  readonly origin: string;
  /** The public origin written into links. */
  readonly linkOrigin: string;
  readonly pool: WorkerPool;
  readonly rooms: RoomManager;
  readonly relay: ConsoleRelay;
  readonly family: FamilyServer;
  readonly db: Database;
  readonly devices: DeviceRegistry;
  readonly consoles: ConsoleChannel;
  /** What resuming the open calls needs, kept in stateDir/rooms.json (./resume-state.ts). */
  readonly saved: RoomPersistence;
  /** A join link for a console's visit (the console asks for these over its connection). */
  issueLink(deviceId: string, visitId: string, role: GuestRole, expiresAt: Date): string;
  /** Clinician-side events for each console's rooms. */
  onClinicianEvent: ((owner: string, event: VideoEvent) => void) | null;
  /** Stop: tell every page and console, wait `shutdownGraceMs`, close workers and the state file. */
  close(): Promise<void>;
}

function defaultRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Built (out/visit-server/main.js): out/renderer is a sibling. From source
  // (electron/main/visit-server, under tsx): repository root → out/renderer.
  return here.endsWith(`${sep}out${sep}visit-server`) ? resolve(here, '../renderer') : resolve(here, '../../../out/renderer');
}

export async function startVisitServer(config: VisitServerConfig, log: ServerLog): Promise<VisitServer> {
  const media = MediaConfig.parse({
    listenIp: config.media.listenIp,
    ...(config.media.announcedAddress ? { announcedAddress: config.media.announcedAddress } : {}),
    portMin: config.media.portMin,
    portMax: config.media.portMax,
    turnServers: config.turn ? [config.turn] : [],
    reconnectGraceMs: config.media.reconnectGraceMs,
    logLevel: config.media.logLevel,
  });
  const tls = config.http.tls
    ? { cert: readFileSync(config.http.tls.certFile, 'utf8'), key: readFileSync(config.http.tls.keyFile, 'utf8') }
    : undefined;
  const familyConfig = FamilyServerConfig.parse({
    host: config.http.host,
    port: config.http.port,
    publicOrigin: config.http.publicOrigin,
    trustedProxies: config.http.trustedProxies,
    limits: config.http.limits,
    ...(tls ? { tls } : {}),
  });

  const db = openServerState(config.stateDir);
  const pool = await WorkerPool.start({
    count: workerCount(config),
    listenIp: config.media.listenIp,
    ...(config.media.announcedAddress ? { announcedAddress: config.media.announcedAddress } : {}),
    rtcPort: config.media.rtcPort,
    portRange: { min: config.media.portMin, max: config.media.portMax },
    logLevel: config.media.logLevel,
    log: (e) => log(e.level, e.code, e.detail ? { detail: e.detail } : {}),
  }).catch((error: unknown) => {
    db.close();
    throw error;
  });
  const relay = new ConsoleRelay(splitRoomKey, RELAY_HOLD_MS);
  const tokens = createJoinTokenRepository(db);
  // Clinician events go to the owning console's socket; a test or tool may listen too.
  const server: { onClinicianEvent: VisitServer['onClinicianEvent'] } = { onClinicianEvent: null };
  let forward: ((owner: string, event: VideoEvent) => void) | null = null;
  let persistence: RoomPersistence | null = null;
  const rooms = new RoomManager({
    workers: pool,
    config: media,
    tokens,
    record: relay,
    now: () => new Date(),
    emitClinician: (event) => {
      // Every change to who is in a room (a new resume key included) is on disk before the page hears of it.
      if (event.type !== 'media') persistence?.save();
      const { owner, visitId } = splitRoomKey(event.visitId);
      forward?.(owner, { ...event, visitId });
      server.onClinicianEvent?.(owner, { ...event, visitId });
    },
  });

  // Rooms saved before a restart come back on demand: a page's resume key or link, or the owning console's call.
  const saved = new RoomPersistence(rooms, config.stateDir, log);
  persistence = saved;
  const resume = rooms.resume.bind(rooms);
  rooms.resume = async (key, language, link) => {
    await saved.restoreByResumeHash(hashToken(key));
    return resume(key, language, link);
  };
  const hello = rooms.hello.bind(rooms);
  rooms.hello = async (token, language, link, rejoinKey) => {
    await saved.restoreByTokenHash(hashToken(token));
    const peeked = tokens.peek(token, new Date());
    if (peeked.ok) await saved.restore(peeked.visitId);
    return hello(token, language, link, rejoinKey);
  };

  const started = Date.now();
  const devices = createDeviceRegistry(db);
  let consoles: ConsoleChannel | null = null;
  let family: FamilyServer;
  try {
    family = await startFamilyServer({
      config: familyConfig,
      rooms,
      rendererDir: config.rendererDir ?? defaultRendererDir(),
      ...(config.clinic ? { clinicContact: () => config.clinic! } : {}),
      log: (e) => log(e.level, e.code, e.detail ? { detail: e.detail } : {}),
      routes: {
        request(req, res) {
          if (req.url !== '/healthz') return false;
          // Counts only: no visit ids, no names, nothing a stranger could use.
          const size = pool.size;
          const body = JSON.stringify({
            status: size.running === size.configured ? 'ok' : 'degraded',
            workers: size,
            rooms: rooms.roomCount,
            connections: family.connectionCount(),
            uptimeS: Math.round((Date.now() - started) / 1000),
          });
          res.writeHead(size.running > 0 ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(body);
          return true;
        },
        upgrade: (req, socket, head) => consoles?.upgrade(req, socket, head) ?? false,
      },
    });
  } catch (error) {
    pool.close();
    db.close();
    throw error;
  }
  const issueLink = (deviceId: string, visitId: string, role: GuestRole, expiresAt: Date) =>
    family.joinUrl(rooms.issueToken(roomKey(deviceId, visitId), role, expiresAt));
  const { authFailuresBeforeLockout, lockoutMs, maxLockoutMs } = familyConfig.limits;
  consoles = createConsoleChannel({
    rooms,
    devices,
    relay,
    issueLink,
    restore: (key) => saved.restore(key),
    linkOrigin: family.linkOrigin,
    log,
    lockout: { failuresBeforeLockout: authFailuresBeforeLockout, lockoutMs, maxLockoutMs },
  });
  const channel = consoles;
  forward = (owner, event) => channel.emit(owner, event);
  const pruner = setInterval(() => pruneTokens(db, new Date()), 3600_000);
  pruner.unref();

  let closing: Promise<void> | null = null;
  const visitServer: VisitServer = {
    origin: family.origin,
    linkOrigin: family.linkOrigin,
    pool,
    rooms,
    relay,
    family,
    db,
    devices,
    consoles: channel,
    saved,
    issueLink,
    get onClinicianEvent() {
      return server.onClinicianEvent;
    },
    set onClinicianEvent(fn) {
      server.onClinicianEvent = fn;
    },
    close() {
      closing ??= (async () => {
        clearInterval(pruner);
        log('info', 'SHUTDOWN', { rooms: rooms.roomCount, connections: family.connectionCount() });
        // 1012 "service restart": the family page keeps its resume key and reconnects with back-off.
        const notice = { code: 1012, reason: 'server restarting', graceMs: config.shutdownGraceMs };
        await Promise.all([family.close(notice), channel.close(notice)]);
        // The rooms close with the process, but resuming them after the restart is the point: keep the file as it is.
        saved.close();
        rooms.closeAll();
        pool.close();
        db.close();
      })();
      return closing;
    },
  };
  log('info', 'STARTED', { origin: family.origin, linkOrigin: family.linkOrigin, workers: pool.size.configured });
  return visitServer;
}
