/**
 * One family page's signaling connection: every message is size-checked,
 * parsed, validated against the shared schema and checked against the
 * connection's phase before anything acts on it. Refusals are counted and
 * answered (when the message carried a request id) but change nothing.
 * `receive` never throws and never rejects: the socket layer can call it
 * without a try.
 */
import {
  FAMILY_CLIENT_TYPES,
  FamilyClientMessage,
  FamilyFieldName,
  PHASE_ALLOWS,
  type ConnectionPhase,
  type FamilyServerMessage,
  type SignalErrorCode,
} from '../../../shared/signaling/family';
import { MAX_SIGNAL_MESSAGE_BYTES } from '../../../shared/signaling/limits';
import { AppError } from '../../../shared/ipc/errors';
import { MediaError } from '../media/session';
import type { GuestLink, Participant, RoomManager } from '../media/rooms';
import type { FamilyCounters } from './counters';
import { TokenBucket } from './rate-limit';

export interface SocketLike {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface ConnectionDeps {
  rooms: RoomManager;
  counters: FamilyCounters;
  /** Messages per second a page may send, and the burst allowed. */
  rate?: { capacity: number; perSecond: number };
  /** Called when a hello or resume is refused (the server limits failures per address). */
  onAuthFailure?: () => void;
  /** Called once when a hello or resume succeeds (the socket leaves the unauthenticated pool). */
  onAuthenticated?: () => void;
  log?: (entry: { level: 'warn' | 'error'; code: string; detail?: string }) => void;
  now?: () => number;
  /** The clinic's name and phone (clinic settings), given on the page of a used, expired or cancelled link. */
  clinicContact?: () => { name: string; phone: string } | null;
}

/** Refusals after which the family needs to call the clinic for a new link. */
const CALL_THE_CLINIC = new Set(['expired', 'used', 'revoked', 'ended']);

/** After this many refused messages in a row the connection is closed (policy violation). */
const MAX_CONSECUTIVE_REFUSALS = 50;

export class FamilyConnection implements GuestLink {
  private participant: Participant | null = null;
  private handshaking = false;
  private closedFlag = false;
  private consecutiveRefusals = 0;
  private readonly bucket: TokenBucket;

  constructor(
    private readonly socket: SocketLike,
    private readonly deps: ConnectionDeps,
  ) {
    const rate = deps.rate ?? { capacity: 40, perSecond: 20 };
    this.bucket = new TokenBucket(rate.capacity, rate.perSecond, deps.now);
  }

  /** The phase that decides which messages are accepted. */
  get phase(): ConnectionPhase {
    return this.participant?.phase ?? 'new';
  }

  get participantId(): string | null {
    return this.participant?.id ?? null;
  }

  send(message: FamilyServerMessage): void {
    if (this.closedFlag) return;
    try {
      this.socket.send(JSON.stringify(message));
    } catch {
      // A socket that is closing: the close handler cleans up.
    }
  }

  close(code: number, reason: string): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    try {
      this.socket.close(code, reason);
    } catch {
      // already closed
    }
    this.socketClosed();
  }

  /** The socket closed (either side). */
  socketClosed(): void {
    this.closedFlag = true;
    if (this.participant) this.deps.rooms.disconnected(this.participant, this);
  }

  private refuse(kind: keyof FamilyCounters['refused'], id: number | null, code: SignalErrorCode, message: string): void {
    this.deps.counters.refused[kind] += 1;
    this.consecutiveRefusals += 1;
    if (id !== null) this.send({ type: 'result', id, ok: false, error: { code, message } });
    if (this.consecutiveRefusals >= MAX_CONSECUTIVE_REFUSALS) this.close(1008, 'too many refused messages');
  }

  /** Handle one raw message. Never throws. */
  async receive(data: string | Uint8Array): Promise<void> {
    try {
      await this.receiveUnsafe(data);
    } catch (error) {
      // Only reached by a bug: logged by class name, the process carries on.
      this.deps.log?.({ level: 'error', code: 'SIGNAL_INTERNAL', detail: error instanceof Error ? error.name : typeof error });
    }
  }

  private async receiveUnsafe(data: string | Uint8Array): Promise<void> {
    if (this.closedFlag) return;
    this.deps.counters.received += 1;
    if (!this.bucket.take()) {
      this.refuse('rateLimited', null, 'RATE_LIMITED', 'Too many messages.');
      return;
    }
    const size = typeof data === 'string' ? data.length * 3 : data.byteLength;
    const text = typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: false }).decode(data);
    if (size > MAX_SIGNAL_MESSAGE_BYTES * 3 || new TextEncoder().encode(text).byteLength > MAX_SIGNAL_MESSAGE_BYTES) {
      this.refuse('oversized', null, 'INVALID', 'Message too large.');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.refuse('malformed', null, 'INVALID', 'Not a valid message.');
      return;
    }
    const id = typeof raw === 'object' && raw !== null && Number.isInteger((raw as { id?: unknown }).id) ? ((raw as { id: number }).id) : null;
    const replyId = id !== null && id >= 0 && id <= 2 ** 31 ? id : null;
    const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !(FAMILY_CLIENT_TYPES as string[]).includes(type)) {
      this.refuse(typeof type === 'string' ? 'unknown' : 'malformed', replyId, 'INVALID', 'Unknown message.');
      return;
    }
    const parsed = FamilyClientMessage.safeParse(raw);
    if (!parsed.success) {
      this.refuse('malformed', replyId, 'INVALID', 'Not a valid message.');
      return;
    }
    const message = parsed.data;
    if (this.handshaking || !PHASE_ALLOWS[this.phase].includes(message.type)) {
      this.refuse('outOfOrder', replyId, 'OUT_OF_ORDER', 'Not allowed now.');
      return;
    }
    this.deps.counters.accepted += 1;
    this.consecutiveRefusals = 0;
    await this.handle(message);
  }

  private async handle(message: FamilyClientMessage): Promise<void> {
    const { rooms } = this.deps;
    if (message.type === 'hello' || message.type === 'resume') {
      this.handshaking = true;
      try {
        const result =
          message.type === 'hello'
            ? await rooms.hello(message.token, message.lang, this, message.rejoinKey)
            : await rooms.resume(message.resumeKey, message.lang, this);
        if (this.closedFlag) {
          if (result.ok) rooms.disconnected(result.participant, this);
          return;
        }
        if (!result.ok) {
          this.deps.counters.refused.badToken += 1;
          this.deps.onAuthFailure?.();
          const contact = CALL_THE_CLINIC.has(result.reason) ? this.deps.clinicContact?.() : null;
          this.send({ type: 'refused', reason: result.reason, ...(contact?.phone ? { clinic: { name: contact.name, phone: contact.phone } } : {}) });
          this.close(4003, result.reason);
          return;
        }
        this.participant = result.participant;
        this.deps.onAuthenticated?.();
        this.send(result.welcome);
      } finally {
        this.handshaking = false;
      }
      return;
    }
    const me = this.participant;
    if (!me) return; // unreachable: PHASE_ALLOWS.new only has hello and resume
    if (message.type === 'leave') {
      rooms.leave(me);
      this.close(1000, 'left');
      return;
    }
    const id = message.id;
    try {
      const data = await this.run(me, message);
      this.send({ type: 'result', id, ok: true, data });
    } catch (error) {
      const { code, text, fields } = describe(error);
      if (code === 'INTERNAL') {
        const detail = error instanceof AppError ? `AppError ${error.code}` : error instanceof Error ? error.name : typeof error;
        this.deps.log?.({ level: 'error', code: 'SIGNAL_HANDLER', detail });
      }
      this.send({ type: 'result', id, ok: false, error: { code, message: text, ...(fields.length > 0 ? { fields } : {}) } });
    }
  }

  private async run(me: Participant, message: Exclude<FamilyClientMessage, { type: 'hello' | 'resume' | 'leave' }>): Promise<unknown> {
    const { rooms } = this.deps;
    switch (message.type) {
      case 'consent':
        rooms.recordConsent(me, { video: message.video, stills: message.stills });
        return {};
      case 'intake':
        await rooms.saveIntake(me, message.answers);
        return {};
      case 'ready':
        await rooms.ready(me);
        return {};
    }
    const session = rooms.session(me.visitId);
    switch (message.type) {
      case 'join':
        return { producers: session.join(me.id, message.rtpCapabilities, message.serverConsumers === true) };
      case 'createTransport':
        return session.createTransport(me.id, message.direction);
      case 'connectTransport':
        await session.connectTransport(me.id, message.transportId, message.dtlsParameters);
        return {};
      case 'produce': {
        const producerId = await session.produce(me.id, message);
        rooms.notePaused(me);
        return { producerId };
      }
      case 'consume':
        return session.consume(me.id, message.producerId);
      case 'resumeConsumer':
        await session.resumeConsumer(me.id, message.consumerId);
        return {};
      case 'setProducerPaused':
        await session.setProducerPaused(me.id, message.producerId, message.paused);
        rooms.notePaused(me);
        return {};
      case 'restartIce':
        return { iceParameters: await session.restartIce(me.id, message.transportId) };
    }
  }
}

function describe(error: unknown): { code: SignalErrorCode; text: string; fields: string[] } {
  if (error instanceof MediaError) {
    const code: SignalErrorCode = error.code === 'NOT_FOUND' ? 'NOT_FOUND' : error.code === 'INVALID' ? 'INVALID' : 'CONFLICT';
    return { code, text: error.message, fields: [] };
  }
  // The visit record's refusals (services), in words for the family: the clinician's wording is not theirs.
  if (error instanceof AppError) {
    if (error.code === 'VALIDATION') return { code: 'INVALID', text: 'Some answers are not valid.', fields: refusedFields(error) };
    if (error.code === 'NOT_FOUND') return { code: 'NOT_FOUND', text: 'This visit was not found.', fields: [] };
    if (error.code === 'CONFLICT') return { code: 'CONFLICT', text: 'This visit can no longer be changed.', fields: [] };
  }
  return { code: 'INTERNAL', text: 'Something went wrong.', fields: [] };
}

/**
 * The intake fields a service refused (`answers.onsetDate` → `onsetDate`), so
 * the family page can put its own words, in the family's language, beside the
 * field. Only names go out, never values or the clinician's wording.
 */
function refusedFields(error: AppError): string[] {
  const names = error.fields.map((f) => f.path.replace(/^answers\./, '')).filter((name) => FamilyFieldName.safeParse(name).success);
  return [...new Set(names)].slice(0, 10);
}
