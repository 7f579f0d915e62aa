/**
 * The console's outbound connection to a visit server (issue 11, item 2,
 * server mode): one WSS from the console's main process to /console — no
 * port opens on the clinician's machine. It authenticates with this console's
 * device credential, reconnects with back-off after a drop or a server
 * restart (close 1012), and stops for good when the server refuses the
 * credential (revoked: 4003).
 */
import WebSocket from 'ws';
import { AppError, type ErrorCode } from '../../../shared/ipc/errors';
import {
  CONSOLE_CLOSE,
  MAX_CONSOLE_MESSAGE_BYTES,
  ServerToConsole,
  type ConsoleToServer,
  type RemoteChannel,
} from '../visit-server/console-protocol';
import type { RelayItem } from '../visit-server/relay';

export type ClientState = 'connecting' | 'ready' | 'reconnecting' | 'refused' | 'closed';
const BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000];
const CALL_TIMEOUT_MS = 15_000;

export interface VisitServerClientOptions {
  /** wss://visits.example.org/console */
  url: string;
  deviceId: string;
  credential: string;
  /** Extra trusted CA (PEM) for a server with a private certificate. */
  ca?: string;
  onEvent: (event: unknown) => void;
  /** Apply a relayed item to the local record; resolving acknowledges it. */
  onDeliver: (item: RelayItem) => Promise<void>;
  onState?: (state: ClientState) => void;
}

/** Exchange a one-time enrolment code for this console's device credential. */
export function enrolConsole(url: string, code: string, ca?: string): Promise<{ deviceId: string; credential: string }> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, { ...(ca ? { ca } : {}), maxPayload: MAX_CONSOLE_MESSAGE_BYTES });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'enrol', code } satisfies ConsoleToServer)));
    ws.on('message', (data) => {
      const message = ServerToConsole.safeParse(JSON.parse(String(data)));
      if (message.success && message.data.type === 'enrolled') ok({ deviceId: message.data.deviceId, credential: message.data.credential });
    });
    ws.on('close', (code) => fail(new AppError('CONFLICT', code === CONSOLE_CLOSE.refused ? 'The enrolment code was refused (unknown, used or expired).' : 'The visit server closed the connection.')));
    ws.on('error', (e) => fail(new AppError('CONFLICT', `The visit server is not reachable (${(e as NodeJS.ErrnoException).code ?? e.name}).`)));
  });
}

export class VisitServerClient {
  private ws: WebSocket | null = null;
  private stateValue: ClientState = 'connecting';
  private nextId = 0;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  linkOrigin: string | null = null;

  constructor(private readonly options: VisitServerClientOptions) {
    this.connect();
  }

  get state(): ClientState {
    return this.stateValue;
  }

  private setState(state: ClientState): void {
    this.stateValue = state;
    this.options.onState?.(state);
  }

  private connect(): void {
    const ws = new WebSocket(this.options.url, { ...(this.options.ca ? { ca: this.options.ca } : {}), maxPayload: MAX_CONSOLE_MESSAGE_BYTES });
    this.ws = ws;
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'auth', deviceId: this.options.deviceId, credential: this.options.credential } satisfies ConsoleToServer));
    });
    ws.on('message', (data) => {
      let parsed;
      try {
        parsed = ServerToConsole.safeParse(JSON.parse(String(data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const m = parsed.data;
      if (m.type === 'ready') {
        this.attempt = 0;
        this.linkOrigin = m.linkOrigin;
        this.setState('ready');
      } else if (m.type === 'result') {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.ok(m.value);
        else p.fail(new AppError((m.error?.code ?? 'INTERNAL') as ErrorCode, m.error?.message ?? 'Refused by the visit server.'));
      } else if (m.type === 'event') {
        this.options.onEvent(m.event);
      } else if (m.type === 'deliver') {
        const { id, item } = m;
        this.options.onDeliver(item).then(
          () => this.send({ type: 'ack', id }),
          () => undefined, // not acknowledged: the server keeps it (in memory, time-limited) and tries again
        );
      }
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      this.ws = null;
      for (const [, p] of this.pending) {
        clearTimeout(p.timer);
        p.fail(new AppError('CONFLICT', 'The connection to the visit server was lost.'));
      }
      this.pending.clear();
      if (this.stateValue === 'closed') return;
      if (code === CONSOLE_CLOSE.refused) {
        this.setState('refused');
        return;
      }
      this.setState('reconnecting');
      const wait = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
      this.attempt += 1;
      this.timer = setTimeout(() => this.connect(), wait + Math.random() * wait * 0.3);
      this.timer.unref?.();
    });
  }

  private send(message: ConsoleToServer): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private request(make: (id: number) => ConsoleToServer): Promise<unknown> {
    if (this.stateValue !== 'ready') {
      return Promise.reject(new AppError('CONFLICT', this.stateValue === 'refused' ? 'This console is no longer enrolled on the visit server.' : 'The visit server is not reachable. Trying again…'));
    }
    this.nextId += 1;
    const id = this.nextId;
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        fail(new AppError('CONFLICT', 'The visit server did not answer in time.'));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { ok, fail, timer });
      this.send(make(id));
    });
  }

  call(channel: RemoteChannel, payload: unknown): Promise<unknown> {
    return this.request((id) => ({ type: 'call', id, channel, payload }));
  }

  createLink(visitId: string, role: 'family' | 'caregiver' | 'interpreter', expiresAt: Date): Promise<unknown> {
    return this.request((id) => ({ type: 'createLink', id, visitId, role, expiresAt: expiresAt.toISOString() }));
  }

  /** Wait until the connection is ready (or refused). */
  async ready(timeoutMs = 15_000): Promise<ClientState> {
    const until = Date.now() + timeoutMs;
    while (this.stateValue !== 'ready' && this.stateValue !== 'refused' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.stateValue;
  }

  close(): void {
    this.setState('closed');
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(1000, 'console closing');
    this.ws = null;
  }
}
