/**
 * The receiving half of a media session (media-session.ts): the consumers of
 * the others' producers, whether the server created them (`newConsumer`,
 * mediasoup-demo's way) or this page asked (`consume`), and each remote
 * participant's MediaStream. What a consumer means for the call (feeds,
 * paused flags) is decided by the state machine (media-state.ts) through
 * `dispatch`; this keeps the browser objects in step with it.
 */
import type { types } from 'mediasoup-client';
import type { ConsumerInfo, ProducerInfo } from '../../../shared/signaling/media';
import type { SessionEvent, SessionState } from './media-state';
import type { MediaSignaling } from './media-types';

export interface RemoteMediaHost {
  recv(): types.Transport | null;
  signaling(): MediaSignaling;
  state(): SessionState;
  dispatch(event: SessionEvent): boolean;
  changed(): void;
}

export class RemoteMedia {
  /** The mediasoup consumers of the consumers in the state (by consumer id). */
  private readonly consumers = new Map<string, types.Consumer>();
  /** Producers a consumer is being set up for (a consume request or a `newConsumer` in flight). */
  private readonly consumedProducers = new Set<string>();
  /** Each remote participant's MediaStream (the feed's tracks). */
  private readonly streams = new Map<string, MediaStream>();
  /** Server-created consumers announced before the receive transport exists here. */
  private readonly early: ConsumerInfo[] = [];

  constructor(private readonly host: RemoteMediaHost) {}

  stream(participantId: string): MediaStream {
    return this.streams.get(participantId) ?? new MediaStream();
  }

  /** Consumers announced before the receive transport existed, now that it does. */
  takeEarly(): ConsumerInfo[] {
    return this.early.splice(0);
  }

  private openRecv(): types.Transport | null {
    const recv = this.host.recv();
    return recv && !recv.closed ? recv : null;
  }

  /** Receive one remote producer (idempotent per producer). */
  async consume(info: ProducerInfo): Promise<void> {
    if (!this.openRecv() || this.consumedProducers.has(info.producerId)) return;
    this.consumedProducers.add(info.producerId);
    try {
      await this.setUp(await this.host.signaling().consume(info.producerId));
    } catch {
      // The producer may have gone while we asked; a later notification brings the next one.
      this.consumedProducers.delete(info.producerId);
    }
  }

  /** A consumer the server created and announced (`newConsumer`): set it up and resume it, no consume request. */
  async attach(c: ConsumerInfo): Promise<void> {
    if (!this.openRecv()) {
      this.early.push(c);
      return;
    }
    if (this.consumers.has(c.consumerId) || this.consumedProducers.has(c.producerId)) return;
    this.consumedProducers.add(c.producerId);
    try {
      await this.setUp(c);
    } catch {
      this.consumedProducers.delete(c.producerId);
    }
  }

  private async setUp(c: ConsumerInfo): Promise<void> {
    const recv = this.openRecv();
    if (!recv) return;
    const consumer = await recv.consume({
      id: c.consumerId,
      producerId: c.producerId,
      kind: c.kind,
      rtpParameters: c.rtpParameters as types.RtpParameters,
    });
    const { consumerId, producerId, participantId, role, kind, source } = { ...c, consumerId: consumer.id };
    if (!this.host.dispatch({ type: 'consumerAdded', consumer: { consumerId, producerId, participantId, role, kind, source }, producerPaused: c.producerPaused })) {
      consumer.close();
      return;
    }
    // A replaced consumer of the same kind (the state machine dropped it) goes with its track.
    const kept = this.host.state().consumers;
    for (const [id, old] of this.consumers) if (!kept.has(id)) this.forget(id, old);
    this.consumers.set(consumer.id, consumer);
    consumer.on('transportclose', () => this.drop(consumer.id));
    const stream = this.streams.get(participantId) ?? new MediaStream();
    for (const t of stream.getTracks()) if (t.kind === consumer.kind) stream.removeTrack(t);
    stream.addTrack(consumer.track);
    this.streams.set(participantId, stream);
    await this.host.signaling().resumeConsumer(consumer.id);
    this.host.changed();
  }

  private forget(consumerId: string, consumer: types.Consumer): void {
    this.consumers.delete(consumerId);
    this.consumedProducers.delete(consumer.producerId);
    consumer.close();
  }

  /** The consumer closed (its producer or transport went). */
  drop(consumerId: string): void {
    const consumer = this.consumers.get(consumerId);
    const entry = this.host.state().consumers.get(consumerId);
    if (consumer) this.forget(consumerId, consumer);
    if (!entry || !this.host.dispatch({ type: 'consumerClosed', consumerId })) return;
    if (consumer) this.streams.get(entry.participantId)?.removeTrack(consumer.track);
    if (!this.host.state().feeds.has(entry.participantId)) this.streams.delete(entry.participantId);
    this.host.changed();
  }

  /** Close every consumer and forget every stream (the transports are going). */
  clear(): void {
    for (const consumer of this.consumers.values()) consumer.close();
    this.consumers.clear();
    this.consumedProducers.clear();
    this.streams.clear();
    this.early.length = 0;
  }
}
