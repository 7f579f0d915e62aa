/**
 * The family server on loopback (port 0) over the real store, mediasoup worker
 * and room manager, and a WebSocket client that speaks the family protocol,
 * for tests that exercise the server the way a browser (or an attacker) does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startFamilyServer, type FamilyServer } from '../../../electron/main/family/server';
import { FamilyServerConfig } from '../../../electron/main/media/config';
import { RoomManager } from '../../../electron/main/media/rooms';
import { setupVideo, type VideoHarness } from '../media/harness';
import type { FamilyServerMessage } from '../../../shared/signaling/family';

export interface Live {
  h: VideoHarness;
  server: FamilyServer;
  /** Stop the server and the room manager and start new ones on the same store (an app restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startLive(
  options: Parameters<typeof setupVideo>[0] & { server?: Record<string, unknown>; rate?: { capacity: number; perSecond: number } } = {},
): Promise<Live> {
  const h = await setupVideo(options);
  const serve = (rooms: RoomManager) =>
    startFamilyServer({
      config: FamilyServerConfig.parse({ host: '127.0.0.1', port: 0, ...options.server }),
      rooms,
      rendererDir: mkdtempSync(join(tmpdir(), 'bptc-family-live-')),
      ...(options.rate ? { rate: options.rate } : {}),
    });
  const live: Live = {
    h,
    server: await serve(h.rooms),
    async restart() {
      await live.server.close();
      h.rooms.closeAll();
      const rooms = new RoomManager({ workers: h.workers, config: h.config, tokens: h.tokens, record: h.record, now: () => h.clock.now(), emitClinician: (e) => h.events.push(e) });
      (h as { rooms: RoomManager }).rooms = rooms;
      live.server = await serve(rooms);
    },
    async close() {
      await live.server.close();
      h.close();
    },
  };
  return live;
}

export type Result = Extract<FamilyServerMessage, { type: 'result' }>;

export class FamilyClient {
  readonly messages: FamilyServerMessage[] = [];
  readonly closed: Promise<number>;
  private nextId = 0;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (d) => this.messages.push(JSON.parse(String(d)) as FamilyServerMessage));
  }

  static open(server: FamilyServer, localAddress?: string): Promise<FamilyClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/signal`, { origin: server.origin, ...(localAddress ? { localAddress } : {}) });
      const client = new FamilyClient(ws);
      ws.on('open', () => resolve(client));
      ws.on('error', reject);
    });
  }

  /** The next message of `type` after the `skip` already seen. */
  async next<T extends FamilyServerMessage['type']>(type: T, after = 0): Promise<Extract<FamilyServerMessage, { type: T }>> {
    for (let i = 0; i < 500; i += 1) {
      const found = this.messages.slice(after).find((m) => m.type === type);
      if (found) return found as Extract<FamilyServerMessage, { type: T }>;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${type} message; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
  }

  /** hello with a token: the welcome or the refusal. */
  async hello(token: string): Promise<Extract<FamilyServerMessage, { type: 'welcome' | 'refused' }>> {
    const seen = this.messages.length;
    this.ws.send(JSON.stringify({ type: 'hello', token, lang: 'en' }));
    return this.firstOf(['welcome', 'refused'], seen);
  }

  async resume(resumeKey: string): Promise<Extract<FamilyServerMessage, { type: 'welcome' | 'refused' }>> {
    const seen = this.messages.length;
    this.ws.send(JSON.stringify({ type: 'resume', resumeKey, lang: 'en' }));
    return this.firstOf(['welcome', 'refused'], seen);
  }

  private async firstOf(types: string[], after: number) {
    for (let i = 0; i < 500; i += 1) {
      const found = this.messages.slice(after).find((m) => types.includes(m.type));
      if (found) return found as Extract<FamilyServerMessage, { type: 'welcome' | 'refused' }>;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`none of ${types.join('/')}; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
  }

  /** Send a request and wait for its result. */
  async request(message: Record<string, unknown>): Promise<Result> {
    this.nextId += 1;
    const id = this.nextId;
    this.ws.send(JSON.stringify({ ...message, id }));
    for (let i = 0; i < 500; i += 1) {
      const found = this.messages.find((m) => m.type === 'result' && m.id === id);
      if (found) return found as Result;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no result for ${String(message.type)}`);
  }

  async leave(): Promise<void> {
    this.ws.send(JSON.stringify({ type: 'leave' }));
    await this.closed;
  }
}
