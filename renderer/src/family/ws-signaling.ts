/**
 * The family page's signaling channel: one WebSocket at a time to
 * /signal on the page's own origin, request/response by id, and reconnection
 * with exponential backoff using the resume key from the last `welcome`.
 */
import type { types } from 'mediasoup-client';
import { FamilyServerMessage, FamilyResultData, type FamilyClientMessage } from '../../../shared/signaling/family';
import type { Language } from '../../../shared/signaling/intake';
import type { MediaSignaling } from '../video/media-session';
import type { RtpParameters } from '../../../shared/signaling/media';

export type ChannelStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

type Requestable = Exclude<FamilyClientMessage, { type: 'hello' | 'resume' | 'leave' }>;
type Req<T extends Requestable['type']> = Omit<Extract<Requestable, { type: T }>, 'id'>;

export class SignalError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The form fields the server refused, by name (never their values). */
    readonly fields: readonly string[] = [],
  ) {
    super(message);
  }
}

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
/** Give up after this long without a connection (the page offers a reload). */
const GIVE_UP_MS = 3 * 60_000;

export class FamilyChannel {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; type: Requestable['type'] }>();
  private resumeKey: string | null = null;
  private attempt = 0;
  private lostAt = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  status: ChannelStatus = 'connecting';

  constructor(
    private readonly url: string,
    private lang: Language,
    private readonly handlers: {
      onMessage: (message: FamilyServerMessage) => void;
      onStatus: (status: ChannelStatus) => void;
      /** Persist the resume key (session storage) so a reload can come back too. */
      onResumeKey: (key: string | null) => void;
    },
  ) {}

  setLanguage(lang: Language): void {
    this.lang = lang;
  }

  /** Open with the link token (first visit) or a stored resume key (reload). */
  open(first: { token: string; rejoinKey?: string | undefined } | { resumeKey: string }): void {
    this.stopped = false;
    if ('resumeKey' in first) this.resumeKey = first.resumeKey;
    this.connect(
      'token' in first
        ? { type: 'hello', token: first.token, lang: this.lang, ...(first.rejoinKey ? { rejoinKey: first.rejoinKey } : {}) }
        : null,
    );
  }

  private connect(hello: FamilyClientMessage | null): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      const first = hello ?? (this.resumeKey ? { type: 'resume' as const, resumeKey: this.resumeKey, lang: this.lang } : null);
      if (first) ws.send(JSON.stringify(first));
    };
    ws.onmessage = (event) => {
      let parsed;
      try {
        parsed = FamilyServerMessage.safeParse(JSON.parse(String(event.data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'welcome') {
        this.resumeKey = message.resumeKey;
        this.handlers.onResumeKey(message.resumeKey);
        this.attempt = 0;
        this.setStatus('open');
      } else if (message.type === 'refused' || message.type === 'ended') {
        this.stop();
        this.handlers.onResumeKey(null);
      } else if (message.type === 'result') {
        const p = this.pending.get(message.id);
        if (p) {
          this.pending.delete(message.id);
          if (message.ok) {
            const schema = FamilyResultData[p.type];
            const data = schema.safeParse(message.data);
            if (data.success) p.resolve(data.data);
            else p.reject(new SignalError('INVALID', 'Unexpected answer.'));
          } else {
            p.reject(new SignalError(message.error?.code ?? 'INTERNAL', message.error?.message ?? 'Refused.', message.error?.fields ?? []));
          }
        }
        return;
      }
      this.handlers.onMessage(message);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      for (const [, p] of this.pending) p.reject(new SignalError('DISCONNECTED', 'Connection lost.'));
      this.pending.clear();
      if (this.stopped || !this.resumeKey) {
        this.setStatus('closed');
        return;
      }
      if (this.status !== 'reconnecting') this.lostAt = Date.now();
      if (Date.now() - this.lostAt > GIVE_UP_MS) {
        this.setStatus('closed');
        return;
      }
      this.setStatus('reconnecting');
      const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
      this.attempt += 1;
      this.timer = setTimeout(() => this.connect(null), base + Math.random() * base * 0.3);
    };
  }

  private setStatus(status: ChannelStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.handlers.onStatus(status);
  }

  request<T extends Requestable['type']>(type: T, body: Omit<Req<T>, 'type'>): Promise<unknown> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || this.status !== 'open') {
      return Promise.reject(new SignalError('DISCONNECTED', 'Not connected.'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, type });
      ws.send(JSON.stringify({ type, id, ...body }));
    });
  }

  leave(): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'leave' }));
    this.stop();
    this.handlers.onResumeKey(null);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close();
    this.ws = null;
    this.setStatus('closed');
  }

  /** Media signaling over this channel, for MediaSession. */
  media(): MediaSignaling {
    return {
      join: (rtpCapabilities, serverConsumers) =>
        this.request('join', { rtpCapabilities, ...(serverConsumers ? { serverConsumers } : {}) }) as ReturnType<MediaSignaling['join']>,
      createTransport: (direction) => this.request('createTransport', { direction }) as ReturnType<MediaSignaling['createTransport']>,
      connectTransport: async (transportId, dtlsParameters) => {
        await this.request('connectTransport', {
          transportId,
          dtlsParameters: { role: dtlsParameters.role, fingerprints: dtlsParameters.fingerprints.map((f) => ({ ...f })) },
        });
      },
      produce: ({ rtpParameters, ...rest }) =>
        this.request('produce', { ...rest, rtpParameters: rtpParameters as RtpParameters }) as Promise<{ producerId: string }>,
      consume: (producerId) => this.request('consume', { producerId }) as ReturnType<MediaSignaling['consume']>,
      resumeConsumer: async (consumerId) => {
        await this.request('resumeConsumer', { consumerId });
      },
      setProducerPaused: async (producerId, paused) => {
        await this.request('setProducerPaused', { producerId, paused });
      },
      restartIce: (transportId) =>
        this.request('restartIce', { transportId }) as Promise<{ iceParameters: types.IceParameters }>,
    };
  }
}
