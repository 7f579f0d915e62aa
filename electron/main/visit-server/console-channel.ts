/**
 * The consoles' side of the visit server: WSS at /console (./console-protocol.ts).
 * A console enrols once with a one-time code, then authenticates each
 * connection with its device credential. Its video calls run through the same
 * createVideoHandlers the embedded console uses, with every visit id scoped to
 * the device (`<device>/<visit>`), so one console can neither see nor open
 * another's visits. Events for a device's rooms, and the family's answers
 * (./relay.ts), go to that device's socket only.
 *
 * Browsers are refused (a request with an Origin header): the socket is for
 * the console's main process, which sends none.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError } from '../../../shared/ipc/errors';
import { channels } from '../../../shared/ipc/contract';
import { createVideoHandlers } from '../media/handlers';
import { MediaError } from '../media/session';
import type { RoomManager } from '../media/rooms';
import { CONSOLE_CLOSE, ConsoleToServer, MAX_CONSOLE_MESSAGE_BYTES, type ServerToConsole } from './console-protocol';
import type { DeviceRegistry } from './devices';
import type { ServerLog } from './log';
import type { ConsoleRelay, RelayItem } from './relay';
import { roomKey } from './server-keys';
import { AuthLockout } from '../family/rate-limit';
import { normalizeAddress } from '../family/address';

export const AUTH_TIMEOUT_MS = 5_000;
const DELIVERY_TIMEOUT_MS = 10_000;
/** Links may not outlive this (the console computes the real end from the visit's schedule). */
const MAX_LINK_LIFETIME_MS = 14 * 24 * 3600_000;

export interface ConsoleChannelDeps {
  rooms: RoomManager;
  devices: DeviceRegistry;
  relay: ConsoleRelay;
  issueLink: (deviceId: string, visitId: string, role: 'family' | 'caregiver' | 'interpreter', expiresAt: Date) => string;
  linkOrigin: string;
  /** Bring a room saved before a restart back before the console's call reaches it (./resume-state.ts). */
  restore?: (roomKey: string) => Promise<void>;
  log: ServerLog;
  /** Refused enrolments/authentications from one address before it is locked out (doubling, as for family links). */
  lockout?: { failuresBeforeLockout: number; lockoutMs: number; maxLockoutMs: number };
}

export function createConsoleChannel(deps: ConsoleChannelDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CONSOLE_MESSAGE_BYTES, perMessageDeflate: false });
  const byDevice = new Map<string, WebSocket>();
  const all = new Set<WebSocket>();
  const lo = deps.lockout ?? { failuresBeforeLockout: 10, lockoutMs: 30_000, maxLockoutMs: 30 * 60_000 };
  const lockout = new AuthLockout(lo.failuresBeforeLockout, lo.lockoutMs, lo.maxLockoutMs);

  function send(ws: WebSocket, message: ServerToConsole): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }

  function errorBody(error: unknown): { code: string; message: string } {
    if (error instanceof AppError) return { code: error.code, message: error.message.slice(0, 500) };
    if (error instanceof MediaError) return { code: error.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'CONFLICT', message: error.message.slice(0, 500) };
    return { code: 'INTERNAL', message: 'Something went wrong on the visit server.' };
  }

  function serve(ws: WebSocket, remote: string): void {
    all.add(ws);
    let deviceId: string | null = null;
    const pendingAcks = new Map<number, (ok: boolean) => void>();
    let nextDelivery = 0;
    const authTimer = setTimeout(() => {
      if (!deviceId) ws.close(CONSOLE_CLOSE.timeout, 'no auth');
    }, AUTH_TIMEOUT_MS);
    authTimer.unref();

    const deliver = (_owner: string, item: RelayItem) =>
      new Promise<void>((ok, fail) => {
        nextDelivery += 1;
        const id = nextDelivery;
        const timer = setTimeout(() => {
          pendingAcks.delete(id);
          fail(new Error('no ack'));
        }, DELIVERY_TIMEOUT_MS);
        pendingAcks.set(id, (acked) => {
          clearTimeout(timer);
          if (acked) ok();
          else fail(new Error('closed'));
        });
        send(ws, { type: 'deliver', id, item });
      });

    let handlers: ReturnType<typeof createVideoHandlers> | null = null;

    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text only');
      let message: ConsoleToServer;
      try {
        message = ConsoleToServer.parse(JSON.parse(String(data)));
      } catch {
        // A console speaks this protocol exactly; anything else is a bug or an attack.
        return ws.close(1008, 'invalid message');
      }
      if (!deviceId) {
        if (message.type === 'enrol') {
          const enrolled = deps.devices.enrol(message.code);
          if (!enrolled) {
            lockout.record(remote);
            deps.log('warn', 'CONSOLE_ENROL_REFUSED');
            return ws.close(CONSOLE_CLOSE.refused, 'refused');
          }
          deps.log('info', 'CONSOLE_ENROLLED', { device: enrolled.deviceId });
          send(ws, { type: 'enrolled', ...enrolled });
          return ws.close(1000, 'enrolled');
        }
        if (message.type === 'auth' && deps.devices.authenticate(message.deviceId, message.credential)) {
          deviceId = message.deviceId;
          clearTimeout(authTimer);
          // One connection per device: a new one replaces the old.
          byDevice.get(deviceId)?.close(4001, 'replaced');
          byDevice.set(deviceId, ws);
          const device = deviceId;
          handlers = createVideoHandlers({
            rooms: deps.rooms,
            // The console writes the consent row itself before it asks to admit; stills stay on the console.
            record: {
              admitted: async () => {},
              saveStill: () => Promise.reject(new AppError('CONFLICT', 'Still pictures are taken on the console.')),
            },
            actor: () => device,
            getVisit: () => Promise.resolve({ scheduledStart: new Date().toISOString(), durationMinutes: 0 }),
            joinUrl: () => {
              throw new AppError('CONFLICT', 'Links are made with createLink.');
            },
            now: () => new Date(),
          });
          deps.relay.setConsole(device, deliver);
          deps.log('info', 'CONSOLE_CONNECTED', { device });
          return send(ws, { type: 'ready', linkOrigin: deps.linkOrigin });
        }
        lockout.record(remote);
        deps.log('warn', 'CONSOLE_AUTH_REFUSED');
        return ws.close(CONSOLE_CLOSE.refused, 'refused');
      }
      const device = deviceId;
      if (message.type === 'ack') {
        pendingAcks.get(message.id)?.(true);
        pendingAcks.delete(message.id);
        return;
      }
      if (message.type === 'createLink') {
        const expiresAt = new Date(message.expiresAt);
        if (expiresAt.getTime() <= Date.now() || expiresAt.getTime() > Date.now() + MAX_LINK_LIFETIME_MS) {
          return send(ws, { type: 'result', id: message.id, ok: false, error: { code: 'VALIDATION', message: 'The link expiry is out of range.' } });
        }
        const url = deps.issueLink(device, message.visitId, message.role, expiresAt);
        return send(ws, { type: 'result', id: message.id, ok: true, value: { url, role: message.role, expiresAt: expiresAt.toISOString() } });
      }
      if (message.type === 'call') {
        const { id, channel } = message;
        const parsed = channels[channel].request.safeParse(message.payload);
        if (!parsed.success) {
          return send(ws, { type: 'result', id, ok: false, error: { code: 'VALIDATION', message: 'The request is not valid.' } });
        }
        // Every visit id is scoped to this device before it reaches the rooms.
        const payload = { ...(parsed.data as { visitId: string }), visitId: roomKey(device, (parsed.data as { visitId: string }).visitId) };
        const handler = handlers![channel] as (p: unknown) => unknown;
        void (async () => {
          try {
            await deps.restore?.(payload.visitId);
            const value = await handler(payload);
            send(ws, { type: 'result', id, ok: true, value });
          } catch (error) {
            send(ws, { type: 'result', id, ok: false, error: errorBody(error) });
          }
        })();
        return;
      }
      ws.close(1008, 'unexpected message');
    });

    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      clearTimeout(authTimer);
      all.delete(ws);
      for (const settle of pendingAcks.values()) settle(false);
      pendingAcks.clear();
      if (deviceId && byDevice.get(deviceId) === ws) {
        byDevice.delete(deviceId);
        deps.relay.setConsole(deviceId, null);
        deps.log('info', 'CONSOLE_DISCONNECTED', { device: deviceId });
      }
    });
  }

  return {
    /** The family server's upgrade route: true when this request was for /console. */
    upgrade(req: IncomingMessage, socket: Socket, head: Buffer): boolean {
      if (!(req.url === '/console')) return false;
      if (req.headers.origin !== undefined) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return true;
      }
      // Guessing codes or credentials from one address is slowed down (consoles are not behind the family's proxy).
      const remote = normalizeAddress(req.socket.remoteAddress);
      const locked = lockout.lockedFor(remote);
      if (locked > 0) {
        socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${Math.ceil(locked / 1000)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, remote));
      return true;
    },
    /** A clinician event for one device's rooms (the visit id already unscoped). */
    emit(deviceId: string, event: unknown): void {
      const ws = byDevice.get(deviceId);
      if (ws) send(ws, { type: 'event', event });
    },
    connectedDevices: () => byDevice.size,
    async close(notice: { code: number; reason: string; graceMs: number }): Promise<void> {
      for (const ws of all) ws.close(notice.code, notice.reason);
      const deadline = Date.now() + notice.graceMs;
      while (all.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const ws of all) ws.terminate();
      wss.close();
    },
  };
}
export type ConsoleChannel = ReturnType<typeof createConsoleChannel>;
