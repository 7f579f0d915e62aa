/**
 * One participant's media in a visit's session (./session.ts): their
 * transports, producers and consumers, and what the SFU knows about them.
 */
import type { types as ms } from 'mediasoup';
import type { MediaNotification, MediaSource, ParticipantRole, ProducerInfo, TransportDirection } from '../../../shared/signaling/media';

export interface TransportAppData extends ms.AppData {
  peerId: string;
  direction: TransportDirection;
}
export interface ProducerAppData extends ms.AppData {
  peerId: string;
  source: MediaSource;
}

export class Peer {
  readonly transports = new Map<string, ms.WebRtcTransport<TransportAppData>>();
  readonly producers = new Map<string, ms.Producer<ProducerAppData>>();
  readonly consumers = new Map<string, ms.Consumer>();
  /** Set by `join`; a peer cannot consume before the SFU knows what it can decode. */
  rtpCapabilities: ms.RtpCapabilities | null = null;
  /** Joined with `serverConsumers`: consumers are created here as producers appear and announced as `newConsumer`. */
  pushConsumers = false;
  /** Producers a server-side consume is under way for. */
  readonly pushing = new Set<string>();
  /** DTLS-connected transports (connect is idempotent). */
  readonly connected = new Set<string>();
  /**
   * The peer's transport creations, one after another: each closes the old
   * transport of its direction before awaiting the router, so two concurrent
   * requests would otherwise both find nothing to close and both succeed.
   */
  transportQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly role: ParticipantRole,
    public notify: (event: MediaNotification) => void,
  ) {}

  /** The open receive transport, if any. */
  recvTransport(): ms.WebRtcTransport<TransportAppData> | undefined {
    return [...this.transports.values()].find((t) => t.appData.direction === 'recv' && !t.closed);
  }

  /** Whether the server can create consumers for this peer now (joined with push, receive transport open). */
  canPush(): boolean {
    return this.pushConsumers && this.rtpCapabilities !== null && this.recvTransport() !== undefined;
  }

  /** One of this peer's producers as the others are told of it. */
  producerInfo(p: ms.Producer<ProducerAppData>): ProducerInfo {
    return {
      producerId: p.id,
      participantId: this.id,
      role: this.role,
      kind: p.kind,
      source: p.appData.source,
      paused: p.paused,
    };
  }
}
