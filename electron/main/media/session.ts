/**
 * One visit's media: a mediasoup router and, per participant, their
 * transports, producers and consumers. Modelled on mediasoup-demo's room:
 * idempotent verbs, one `close()`, and library events as the only source of
 * state changes (a transport whose DTLS fails closes itself; a consumer whose
 * producer closes tells its participant).
 *
 * Errors a participant can cause (unknown ids, bad parameters, wrong order)
 * become MediaError with a stable code; nothing here throws anything else on
 * purpose, and callers turn MediaError into a refusal rather than a crash.
 */
import type { types as ms } from 'mediasoup';
import type {
  ConsumerInfo,
  DtlsParameters,
  MediaKind,
  MediaNotification,
  MediaSource,
  ParticipantRole,
  ProducerInfo,
  RtpCapabilities,
  RtpParameters,
  TransportDirection,
  TransportInfo,
} from '../../../shared/signaling/media';
import type { MediaConfig } from './config';
import { MediaError, asMediaError } from './media-error';
import { Peer, type ProducerAppData, type TransportAppData } from './peer';
import { WarmupChannel, openWebRtcTransport, transportInfo } from './transport';

export { MediaError, type MediaErrorCode } from './media-error';

export interface SessionCounters {
  transportsCreated: number;
  iceRestarts: number;
  producersCreated: number;
  consumersCreated: number;
}

export class VisitMediaSession {
  private readonly peers = new Map<string, Peer>();
  private closedFlag = false;
  readonly counters: SessionCounters = { transportsCreated: 0, iceRestarts: 0, producersCreated: 0, consumersCreated: 0 };
  /** Called once when the session closes, for whatever reason (end, worker death). */
  onClose: (() => void) | null = null;
  /** The visit's warm-up channel (./transport.ts): a new receive transport consumes it at once, so it connects before admission. */
  private readonly warmup: WarmupChannel;

  constructor(
    readonly visitId: string,
    private readonly router: ms.Router,
    private readonly config: MediaConfig,
  ) {
    this.warmup = new WarmupChannel(router);
    router.on('workerclose', () => this.close());
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  get rtpCapabilities(): RtpCapabilities {
    return this.router.rtpCapabilities as RtpCapabilities;
  }

  private peer(peerId: string): Peer {
    if (this.closedFlag) throw new MediaError('CLOSED', 'The call has ended.');
    const peer = this.peers.get(peerId);
    if (!peer) throw new MediaError('NOT_FOUND', 'Not in this call.');
    return peer;
  }

  hasPeer(peerId: string): boolean {
    return this.peers.has(peerId);
  }

  /** True while the peer has at least one open transport (its media survived a signaling drop). */
  hasMedia(peerId: string): boolean {
    const peer = this.peers.get(peerId);
    return !!peer && [...peer.transports.values()].some((t) => !t.closed);
  }

  /** Add a peer, or re-point an existing one's notifications at a new connection. */
  addPeer(peerId: string, role: ParticipantRole, notify: (event: MediaNotification) => void): void {
    if (this.closedFlag) throw new MediaError('CLOSED', 'The call has ended.');
    const existing = this.peers.get(peerId);
    if (existing) {
      existing.notify = notify;
      return;
    }
    this.peers.set(peerId, new Peer(peerId, role, notify));
  }

  /**
   * Record what the peer can decode; returns the other peers' producers for
   * it to consume. With `pushConsumers` (mediasoup-demo's way) the server
   * instead creates a paused consumer for each of them as soon as the peer
   * also has a receive transport, and for every producer that appears later,
   * and announces each as `newConsumer`; the peer resumes it once its side is
   * ready. The join then returns no producers: nothing is left to ask for.
   */
  join(peerId: string, rtpCapabilities: RtpCapabilities, pushConsumers = false): ProducerInfo[] {
    const peer = this.peer(peerId);
    peer.rtpCapabilities = rtpCapabilities as ms.RtpCapabilities;
    peer.pushConsumers = pushConsumers;
    if (pushConsumers) {
      this.pushExisting(peer);
      return [];
    }
    const out: ProducerInfo[] = [];
    for (const other of this.peers.values()) {
      if (other === peer) continue;
      for (const p of other.producers.values()) out.push(other.producerInfo(p));
    }
    return out;
  }

  /** Create and announce consumers for every other peer's producers (after join or a new receive transport). */
  private pushExisting(peer: Peer): void {
    if (!peer.canPush()) return;
    for (const other of this.peers.values()) {
      if (other === peer) continue;
      for (const p of other.producers.values()) void this.pushConsumer(peer, p.id);
    }
  }

  /** One server-created consumer, announced to its peer; failures (the producer went, the call ended) are dropped. */
  private async pushConsumer(peer: Peer, producerId: string): Promise<void> {
    // join and a new receive transport may both push the same producer: one consumer, one announcement.
    if (peer.pushing.has(producerId)) return;
    peer.pushing.add(producerId);
    try {
      const consumer = await this.consume(peer.id, producerId);
      if (this.peers.get(peer.id) === peer) peer.notify({ type: 'newConsumer', consumer });
    } catch {
      // Nothing to announce: the producer or the peer's transport closed meanwhile.
    } finally {
      peer.pushing.delete(producerId);
    }
  }

  /** Open transports of a peer, by direction (diagnostics and tests). */
  openTransports(peerId: string): Record<TransportDirection, number> {
    const out: Record<TransportDirection, number> = { send: 0, recv: 0 };
    for (const t of this.peers.get(peerId)?.transports.values() ?? []) if (!t.closed) out[t.appData.direction] += 1;
    return out;
  }

  /**
   * The peer's receive transport as the SFU sees it (diagnostics and tests):
   * its DTLS state and how many media consumers it has. With the warm-up
   * channel the clinician's is `connected` with no media consumers while a
   * family still waits.
   */
  receiveState(peerId: string): { dtlsState: ms.DtlsState | null; mediaConsumers: number } {
    const peer = this.peers.get(peerId);
    const recv = peer?.recvTransport();
    return { dtlsState: recv?.dtlsState ?? null, mediaConsumers: [...(peer?.consumers.values() ?? [])].filter((c) => !c.closed).length };
  }

  /** A new transport for `direction`, replacing the peer's old one; concurrent requests of a peer run one at a time. */
  async createTransport(peerId: string, direction: TransportDirection): Promise<TransportInfo> {
    const peer = this.peer(peerId); // throws inside the promise: callers see a rejection, as before
    const run = peer.transportQueue.then(() => this.createTransportNow(peer, direction));
    peer.transportQueue = run.catch(() => undefined);
    return run;
  }

  private async createTransportNow(peer: Peer, direction: TransportDirection): Promise<TransportInfo> {
    const peerId = peer.id;
    if (this.closedFlag || this.peers.get(peerId) !== peer) throw new MediaError('CLOSED', 'The call has ended.');
    // A participant has at most one transport per direction: a new one replaces the old (rejoin).
    for (const t of peer.transports.values()) if (t.appData.direction === direction) t.close();
    const transport = await openWebRtcTransport(this.router, this.config, peerId, direction);
    if (this.closedFlag || !this.peers.has(peerId)) {
      transport.close();
      throw new MediaError('CLOSED', 'The call has ended.');
    }
    this.counters.transportsCreated += 1;
    peer.transports.set(transport.id, transport);
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') transport.close();
    });
    transport.observer.on('close', () => {
      peer.transports.delete(transport.id);
      peer.connected.delete(transport.id);
    });
    let warmup: TransportInfo['warmup'];
    if (direction === 'send') {
      await transport.setMaxIncomingBitrate(this.config.maxIncomingBitrate).catch(() => undefined);
    } else {
      warmup = await this.warmup.consumerFor(transport);
      if (peer.pushConsumers) {
        // Joined before this receive transport existed (or it was replaced): consume what is there now.
        queueMicrotask(() => this.pushExisting(peer));
      }
    }
    return transportInfo(transport, warmup);
  }

  private transport(peer: Peer, transportId: string): ms.WebRtcTransport<TransportAppData> {
    const t = peer.transports.get(transportId);
    if (!t || t.closed) throw new MediaError('NOT_FOUND', 'That connection is closed.');
    return t;
  }

  async connectTransport(peerId: string, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    const peer = this.peer(peerId);
    const t = this.transport(peer, transportId);
    if (peer.connected.has(transportId)) return;
    peer.connected.add(transportId);
    try {
      await t.connect({ dtlsParameters: dtlsParameters as ms.DtlsParameters });
    } catch (error) {
      peer.connected.delete(transportId);
      throw asMediaError(error);
    }
  }

  async restartIce(peerId: string, transportId: string): Promise<ms.IceParameters> {
    const t = this.transport(this.peer(peerId), transportId);
    const iceParameters = await t.restartIce();
    this.counters.iceRestarts += 1;
    return iceParameters;
  }

  async produce(
    peerId: string,
    input: { transportId: string; kind: MediaKind; source: MediaSource; rtpParameters: RtpParameters; paused: boolean },
  ): Promise<string> {
    const peer = this.peer(peerId);
    const t = this.transport(peer, input.transportId);
    if (t.appData.direction !== 'send') throw new MediaError('CONFLICT', 'That connection only receives.');
    if ((input.source === 'mic') !== (input.kind === 'audio')) throw new MediaError('INVALID', 'Source and kind do not match.');
    // One producer per source: a new microphone or camera replaces the old one.
    for (const p of peer.producers.values()) if (p.appData.source === input.source) p.close();
    let producer: ms.Producer<ProducerAppData>;
    try {
      producer = await t.produce<ProducerAppData>({
        kind: input.kind,
        rtpParameters: input.rtpParameters as ms.RtpParameters,
        paused: input.paused,
        appData: { peerId, source: input.source },
      });
    } catch (error) {
      throw asMediaError(error);
    }
    this.counters.producersCreated += 1;
    peer.producers.set(producer.id, producer);
    producer.observer.on('close', () => peer.producers.delete(producer.id));
    const info = peer.producerInfo(producer);
    for (const other of this.peers.values()) {
      if (other === peer) continue;
      if (other.canPush()) void this.pushConsumer(other, producer.id);
      else other.notify({ type: 'newProducer', producer: info });
    }
    return producer.id;
  }

  async setProducerPaused(peerId: string, producerId: string, paused: boolean): Promise<void> {
    const producer = this.peer(peerId).producers.get(producerId);
    if (!producer || producer.closed) throw new MediaError('NOT_FOUND', 'That microphone or camera is not sending.');
    if (paused) await producer.pause();
    else await producer.resume();
  }

  /** Paused state of the peer's producers by source (to restore mute and camera after a rejoin). */
  producerState(peerId: string): { mic: boolean | null; camera: boolean | null } {
    const state: { mic: boolean | null; camera: boolean | null } = { mic: null, camera: null };
    for (const p of this.peers.get(peerId)?.producers.values() ?? []) state[p.appData.source] = p.paused;
    return state;
  }

  /** How the peer's camera is sent (diagnostics and tests): simulcast layers arrive as several encodings. */
  cameraEncoding(peerId: string): { type: string; encodings: number } | null {
    for (const p of this.peers.get(peerId)?.producers.values() ?? []) {
      if (p.appData.source === 'camera' && !p.closed) return { type: p.type, encodings: p.rtpParameters.encodings?.length ?? 0 };
    }
    return null;
  }

  async consume(peerId: string, producerId: string): Promise<ConsumerInfo> {
    const peer = this.peer(peerId);
    if (!peer.rtpCapabilities) throw new MediaError('CONFLICT', 'Join before receiving media.');
    let owner: Peer | undefined;
    let producer: ms.Producer<ProducerAppData> | undefined;
    for (const other of this.peers.values()) {
      const p = other.producers.get(producerId);
      if (p) {
        owner = other;
        producer = p;
      }
    }
    if (!owner || !producer || producer.closed) throw new MediaError('NOT_FOUND', 'That media has stopped.');
    if (owner === peer) throw new MediaError('CONFLICT', 'Cannot receive your own media.');
    const existing = [...peer.consumers.values()].find((c) => c.producerId === producerId && !c.closed);
    const recv = peer.recvTransport();
    if (!recv) throw new MediaError('CONFLICT', 'Open a receiving connection first.');
    if (!this.router.canConsume({ producerId, rtpCapabilities: peer.rtpCapabilities })) {
      throw new MediaError('CONFLICT', 'This device cannot play that media.');
    }
    const consumer =
      existing ??
      (await recv.consume({ producerId, rtpCapabilities: peer.rtpCapabilities, paused: true }).catch((error: unknown) => {
        throw asMediaError(error);
      }));
    if (!existing) {
      this.counters.consumersCreated += 1;
      peer.consumers.set(consumer.id, consumer);
      consumer.observer.on('close', () => peer.consumers.delete(consumer.id));
      consumer.on('producerclose', () => peer.notify({ type: 'consumerClosed', consumerId: consumer.id }));
      consumer.on('transportclose', () => peer.notify({ type: 'consumerClosed', consumerId: consumer.id }));
      consumer.on('producerpause', () => peer.notify({ type: 'consumerPaused', consumerId: consumer.id, paused: true }));
      consumer.on('producerresume', () => peer.notify({ type: 'consumerPaused', consumerId: consumer.id, paused: false }));
    }
    return {
      consumerId: consumer.id,
      producerId,
      participantId: owner.id,
      role: owner.role,
      kind: consumer.kind,
      source: producer.appData.source,
      rtpParameters: consumer.rtpParameters as RtpParameters,
      producerPaused: consumer.producerPaused,
    };
  }

  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    const consumer = this.peer(peerId).consumers.get(consumerId);
    if (!consumer || consumer.closed) throw new MediaError('NOT_FOUND', 'That media has stopped.');
    if (consumer.paused) {
      await consumer.resume();
      if (consumer.kind === 'video') await consumer.requestKeyFrame().catch(() => undefined);
    }
  }

  /** Close a peer's transports (and with them its producers and consumers), keeping the peer. */
  closeMedia(peerId: string): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    for (const t of [...peer.transports.values()]) t.close();
  }

  removePeer(peerId: string): void {
    this.closeMedia(peerId);
    this.peers.delete(peerId);
  }

  /** Total `getStats` of every transport, for diagnostics and the benchmark. */
  async transportStats(): Promise<ms.WebRtcTransportStat[]> {
    const all: ms.WebRtcTransportStat[] = [];
    for (const peer of this.peers.values()) {
      for (const t of peer.transports.values()) if (!t.closed) all.push(...(await t.getStats()));
    }
    return all;
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.router.close();
    this.peers.clear();
    const cb = this.onClose;
    this.onClose = null;
    cb?.();
  }
}
