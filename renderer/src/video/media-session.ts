/**
 * One participant's side of a visit call, for the clinician's console and the
 * family page alike (after mediasoup-demo's RoomClient, kept small): a
 * mediasoup-client Device, one send and one receive transport, a producer per
 * source, a consumer per remote producer. Verbs are idempotent; state changes
 * come from the library's events and the server's notifications; a failure
 * becomes `snapshot.error` plus cleanup, never an unhandled rejection.
 *
 * Recovery: an ICE disconnect triggers an ICE restart (new credentials from
 * the server); if the server no longer has the transports (a long drop), the
 * media is rebuilt with `rejoin()`. Mute and camera state live here, so they
 * survive both.
 */
import { Device, type types } from 'mediasoup-client';
import type {
  ConsumerInfo,
  IceServer,
  MediaNotification,
  MediaSource,
  ParticipantRole,
  ProducerInfo,
  RtpCapabilities,
  TransportDirection,
  TransportInfo,
} from '../../../shared/signaling/media';
import { summarizeStats, type QualitySample, type QualitySummary } from './quality';
import { CLINICIAN_CAMERA, motionEncodings, preferFrameRate } from './capture';

/** The server side of the media conversation: IPC for the clinician, WebSocket for the family. */
export interface MediaSignaling {
  /** `serverConsumers`: the server creates consumers as producers appear and announces them (`newConsumer`). */
  join(rtpCapabilities: RtpCapabilities, serverConsumers?: boolean): Promise<{ producers: ProducerInfo[] }>;
  createTransport(direction: TransportDirection): Promise<TransportInfo>;
  connectTransport(transportId: string, dtlsParameters: types.DtlsParameters): Promise<void>;
  produce(input: {
    transportId: string;
    kind: 'audio' | 'video';
    source: MediaSource;
    rtpParameters: types.RtpParameters;
    paused: boolean;
  }): Promise<{ producerId: string }>;
  consume(producerId: string): Promise<ConsumerInfo>;
  resumeConsumer(consumerId: string): Promise<void>;
  setProducerPaused(producerId: string, paused: boolean): Promise<void>;
  restartIce(transportId: string): Promise<{ iceParameters: types.IceParameters }>;
}

export interface RemoteFeed {
  participantId: string;
  role: ParticipantRole;
  stream: MediaStream;
  hasVideo: boolean;
  videoPaused: boolean;
  audioPaused: boolean;
}

export type ConnectionState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface MediaSnapshot {
  connection: ConnectionState;
  muted: boolean;
  cameraOff: boolean;
  localStream: MediaStream | null;
  remotes: RemoteFeed[];
  cameraDeviceId: string | null;
  error: string | null;
}

interface ConsumerEntry {
  consumer: types.Consumer;
  participantId: string;
  role: ParticipantRole;
  source: MediaSource;
}

export interface MediaSessionOptions {
  signaling: MediaSignaling;
  routerRtpCapabilities: RtpCapabilities;
  iceServers: IceServer[];
  /** A stream already open (the family's device check); otherwise the camera and microphone are opened here. */
  localStream?: MediaStream | null;
  muted?: boolean;
  cameraOff?: boolean;
  /** Camera constraints when this session opens or switches the camera (default: CLINICIAN_CAMERA). */
  camera?: MediaTrackConstraints;
  /** Movement video (the family): contentHint 'motion', keep frame rate, simulcast (capture.ts). */
  motion?: boolean;
  onChange?: (snapshot: MediaSnapshot) => void;
  /** Called with failures the UI should show (already cleaned up). */
  onError?: (message: string) => void;
}

const RESTART_DELAYS_MS = [0, 1000, 2000, 4000, 8000];

export class MediaSession {
  private device: Device | null = null;
  private send: types.Transport | null = null;
  private recv: types.Transport | null = null;
  private readonly producers = new Map<MediaSource, types.Producer>();
  private readonly consumers = new Map<string, ConsumerEntry>();
  private readonly consumedProducers = new Set<string>();
  private readonly feeds = new Map<string, RemoteFeed>();
  private localStream: MediaStream | null;
  private muted: boolean;
  private cameraOff: boolean;
  private connection: ConnectionState = 'new';
  private error: string | null = null;
  private closed = false;
  private starting: Promise<void> | null = null;
  private restartAttempt = 0;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private signaling: MediaSignaling;
  private lastSample: QualitySample | null = null;

  /** TURN servers for transports created from now on (the family gets them only when admitted). */
  private iceServers: IceServer[];

  constructor(private readonly options: MediaSessionOptions) {
    this.iceServers = options.iceServers;
    this.signaling = options.signaling;
    this.localStream = options.localStream ?? null;
    this.muted = options.muted ?? false;
    this.cameraOff = options.cameraOff ?? false;
  }

  /** New TURN credentials (on admission, or a fresh set after a reconnect); used by the next transports. */
  setIceServers(servers: IceServer[]): void {
    this.iceServers = servers;
  }

  snapshot(): MediaSnapshot {
    return {
      connection: this.connection,
      muted: this.muted,
      cameraOff: this.cameraOff,
      localStream: this.localStream,
      remotes: [...this.feeds.values()].map((f) => ({ ...f })),
      cameraDeviceId: this.localStream?.getVideoTracks()[0]?.getSettings().deviceId ?? null,
      error: this.error,
    };
  }

  private changed(): void {
    if (!this.closed) this.options.onChange?.(this.snapshot());
  }

  private fail(message: string): void {
    this.error = message;
    this.options.onError?.(message);
    this.changed();
  }

  private loading: Promise<Device> | null = null;

  /**
   * Load the mediasoup device (about 100 ms) ahead of time, e.g. while the
   * family waits to be admitted, so admission does not wait for it.
   */
  prepare(): Promise<Device> {
    this.loading ??= (async () => {
      const device = new Device();
      await device.load({ routerRtpCapabilities: this.options.routerRtpCapabilities as types.RtpCapabilities });
      this.device = device;
      return device;
    })();
    this.loading.catch(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Use a stream opened elsewhere (the device check) before `start`. */
  setLocalStream(stream: MediaStream | null): void {
    if (!this.send) this.localStream = stream;
  }

  /** Join the call: load the device, open both transports, send camera and microphone, receive the others. Idempotent. */
  start(): Promise<void> {
    this.starting ??= this.build().catch((error: unknown) => {
      this.starting = null;
      this.connection = 'failed';
      this.fail(error instanceof Error ? error.message : 'Could not start the video.');
    });
    return this.starting;
  }

  private async build(): Promise<void> {
    this.connection = 'connecting';
    this.changed();
    const device = await this.prepare();
    this.localStream ??= await navigator.mediaDevices.getUserMedia({ audio: true, video: this.options.camera ?? CLINICIAN_CAMERA });
    // One round trip for all three, as mediasoup-demo overlaps them: both transports and the join (with
    // server-created consumers, which the server sends as `newConsumer` once the receive transport exists;
    // any that arrive before it exists here wait in `early`).
    const [sendInfo, recvInfo, { producers }] = await Promise.all([
      this.signaling.createTransport('send'),
      this.signaling.createTransport('recv'),
      this.signaling.join(device.rtpCapabilities as RtpCapabilities, true),
    ]);
    if (this.closed) return;
    this.send = this.wire(device.createSendTransport(this.transportOptions(sendInfo)));
    this.recv = this.wire(device.createRecvTransport(this.transportOptions(recvInfo)));
    const early = this.early.splice(0);
    const audio = this.localStream.getAudioTracks()[0];
    const video = this.localStream.getVideoTracks()[0];
    // mediasoup-client sends one producer at a time, in call order: the camera first, since the other side
    // waits for a picture more visibly than for sound.
    await Promise.all([
      video ? this.produce('camera', video) : Promise.resolve(),
      audio ? this.produce('mic', audio) : Promise.resolve(),
      ...producers.map((p) => this.consume(p)),
      ...early.map((c) => this.attach(c)),
    ]);
    this.changed();
  }

  /** Server-created consumers announced before the receive transport exists here. */
  private readonly early: ConsumerInfo[] = [];

  private transportOptions(info: TransportInfo): types.TransportOptions {
    return {
      id: info.id,
      iceParameters: info.iceParameters as types.IceParameters,
      iceCandidates: info.iceCandidates as unknown as types.IceCandidate[],
      dtlsParameters: info.dtlsParameters as unknown as types.DtlsParameters,
      iceServers: this.iceServers,
    };
  }

  private wire(transport: types.Transport): types.Transport {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.signaling.connectTransport(transport.id, dtlsParameters).then(callback, errback);
    });
    if (transport.direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const source = (appData as { source: MediaSource }).source;
        this.signaling
          .produce({ transportId: transport.id, kind, source, rtpParameters, paused: this.pausedFor(source) })
          .then(({ producerId }) => callback({ id: producerId }), errback);
      });
    }
    transport.on('connectionstatechange', (state) => {
      if (this.closed || transport.closed) return;
      if (state === 'connected') {
        this.restartAttempt = 0;
        this.connection = 'connected';
      } else if (state === 'disconnected' || state === 'failed') {
        this.connection = 'reconnecting';
        this.scheduleIceRestart();
      }
      this.changed();
    });
    return transport;
  }

  private pausedFor(source: MediaSource): boolean {
    return source === 'mic' ? this.muted : this.cameraOff;
  }

  private async produce(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    if (!this.send || this.send.closed) return;
    const existing = this.producers.get(source);
    if (existing && !existing.closed) return;
    const motion = source === 'camera' && this.options.motion === true;
    if (motion) track.contentHint = 'motion';
    const producer = await this.send.produce({
      track,
      stopTracks: false,
      appData: { source },
      ...(source === 'camera' ? { codecOptions: { videoGoogleStartBitrate: 800 } } : {}),
      ...(motion ? { encodings: motionEncodings(track.getSettings()) } : {}),
    });
    if (motion) await preferFrameRate(track, producer.rtpSender);
    if (this.pausedFor(source)) producer.pause();
    this.producers.set(source, producer);
    producer.on('transportclose', () => this.producers.delete(source));
  }

  /** Receive one remote producer (idempotent per producer). */
  private async consume(info: ProducerInfo): Promise<void> {
    if (!this.recv || this.recv.closed || this.consumedProducers.has(info.producerId)) return;
    this.consumedProducers.add(info.producerId);
    try {
      await this.setUpConsumer(await this.signaling.consume(info.producerId));
    } catch {
      // The producer may have gone while we asked; a later notification brings the next one.
      this.consumedProducers.delete(info.producerId);
    }
  }

  /** A consumer the server created and announced (`newConsumer`): set it up and resume it, no consume request. */
  private async attach(c: ConsumerInfo): Promise<void> {
    if (!this.recv || this.recv.closed) {
      this.early.push(c);
      return;
    }
    if (this.consumers.has(c.consumerId) || this.consumedProducers.has(c.producerId)) return;
    this.consumedProducers.add(c.producerId);
    try {
      await this.setUpConsumer(c);
    } catch {
      this.consumedProducers.delete(c.producerId);
    }
  }

  private async setUpConsumer(c: ConsumerInfo): Promise<void> {
    if (!this.recv || this.recv.closed) return;
    const consumer = await this.recv.consume({
      id: c.consumerId,
      producerId: c.producerId,
      kind: c.kind,
      rtpParameters: c.rtpParameters as types.RtpParameters,
    });
    this.consumers.set(consumer.id, { consumer, participantId: c.participantId, role: c.role, source: c.source });
    consumer.on('transportclose', () => this.dropConsumer(consumer.id));
    const feed = this.feeds.get(c.participantId) ?? {
      participantId: c.participantId,
      role: c.role,
      stream: new MediaStream(),
      hasVideo: false,
      videoPaused: false,
      audioPaused: false,
    };
    for (const t of feed.stream.getTracks()) if (t.kind === consumer.kind) feed.stream.removeTrack(t);
    feed.stream.addTrack(consumer.track);
    if (c.kind === 'video') {
      feed.hasVideo = true;
      feed.videoPaused = c.producerPaused;
    } else feed.audioPaused = c.producerPaused;
    this.feeds.set(c.participantId, feed);
    await this.signaling.resumeConsumer(consumer.id);
    this.changed();
  }

  private dropConsumer(consumerId: string): void {
    const entry = this.consumers.get(consumerId);
    if (!entry) return;
    this.consumers.delete(consumerId);
    this.consumedProducers.delete(entry.consumer.producerId);
    entry.consumer.close();
    const feed = this.feeds.get(entry.participantId);
    if (feed) {
      feed.stream.removeTrack(entry.consumer.track);
      if (entry.consumer.kind === 'video') feed.hasVideo = false;
      if (feed.stream.getTracks().length === 0) this.feeds.delete(entry.participantId);
    }
    this.changed();
  }

  /** A server notification about media (new producer, closed or paused consumer). */
  handleNotification(event: MediaNotification): void {
    if (this.closed) return;
    if (event.type === 'newProducer') {
      void this.consume(event.producer);
    } else if (event.type === 'newConsumer') {
      void this.attach(event.consumer);
    } else if (event.type === 'consumerClosed') {
      this.dropConsumer(event.consumerId);
    } else {
      const entry = this.consumers.get(event.consumerId);
      const feed = entry && this.feeds.get(entry.participantId);
      if (entry && feed) {
        if (entry.consumer.kind === 'video') feed.videoPaused = event.paused;
        else feed.audioPaused = event.paused;
        this.changed();
      }
    }
  }

  private async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    if (source === 'mic') this.muted = paused;
    else this.cameraOff = paused;
    const track = source === 'mic' ? this.localStream?.getAudioTracks()[0] : this.localStream?.getVideoTracks()[0];
    if (track) track.enabled = !paused;
    this.changed();
    const producer = this.producers.get(source);
    if (!producer || producer.closed) return;
    if (paused) producer.pause();
    else producer.resume();
    try {
      await this.signaling.setProducerPaused(producer.id, paused);
    } catch {
      // The local state is what counts; a rejoin sends it again.
    }
  }

  setMuted(muted: boolean): Promise<void> {
    return this.setPaused('mic', muted);
  }

  setCameraOff(off: boolean): Promise<void> {
    return this.setPaused('camera', off);
  }

  /** Switch camera without renegotiating: a new track replaces the old one in the same producer. */
  async switchCamera(deviceId: string): Promise<void> {
    await this.replaceCamera({ ...(this.options.camera ?? CLINICIAN_CAMERA), deviceId: { exact: deviceId } }, false);
  }

  /** Front or back camera on a phone (issue 17): the family turns the phone round to show the child. */
  async switchFacing(facing: 'user' | 'environment'): Promise<void> {
    // Phones cannot open the front and back cameras at once: release the old one first.
    await this.replaceCamera({ ...(this.options.camera ?? CLINICIAN_CAMERA), facingMode: { ideal: facing } }, true);
  }

  private async replaceCamera(video: MediaTrackConstraints, releaseFirst: boolean): Promise<void> {
    if (releaseFirst) this.localStream?.getVideoTracks()[0]?.stop();
    const fresh = await navigator.mediaDevices.getUserMedia({ video });
    const track = fresh.getVideoTracks()[0];
    if (!track) return;
    track.enabled = !this.cameraOff;
    if (this.options.motion) track.contentHint = 'motion';
    const old = this.localStream?.getVideoTracks()[0];
    await this.producers.get('camera')?.replaceTrack({ track });
    if (this.localStream) {
      if (old) {
        this.localStream.removeTrack(old);
        old.stop();
      }
      this.localStream.addTrack(track);
    } else {
      this.localStream = fresh;
    }
    this.changed();
  }

  /** Switch microphone the same way. */
  async switchMicrophone(deviceId: string): Promise<void> {
    const fresh = await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: deviceId } } });
    const track = fresh.getAudioTracks()[0];
    if (!track) return;
    track.enabled = !this.muted;
    const old = this.localStream?.getAudioTracks()[0];
    await this.producers.get('mic')?.replaceTrack({ track });
    if (this.localStream) {
      if (old) {
        this.localStream.removeTrack(old);
        old.stop();
      }
      this.localStream.addTrack(track);
    }
    this.changed();
  }

  private scheduleIceRestart(): void {
    if (this.restartTimer || this.closed) return;
    const delay = RESTART_DELAYS_MS[Math.min(this.restartAttempt, RESTART_DELAYS_MS.length - 1)]!;
    this.restartAttempt += 1;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.restartIce();
    }, delay);
  }

  /**
   * ICE restart on both transports with fresh credentials from the server.
   * If the server no longer has them (the drop outlasted its grace period),
   * rebuild the media instead.
   */
  async restartIce(): Promise<void> {
    if (this.closed) return;
    try {
      for (const t of [this.send, this.recv]) {
        if (!t || t.closed) continue;
        const { iceParameters } = await this.signaling.restartIce(t.id);
        await t.restartIce({ iceParameters });
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'NOT_FOUND') {
        await this.rejoin();
      } else if (this.connection !== 'connected') {
        this.scheduleIceRestart();
      }
    }
  }

  /** Swap the signaling path (a reconnected WebSocket) without touching media. */
  setSignaling(signaling: MediaSignaling): void {
    this.signaling = signaling;
  }

  /** Rebuild transports, producers and consumers from scratch, keeping the local tracks and mute/camera state. */
  async rejoin(): Promise<void> {
    if (this.closed) return;
    this.teardownMedia();
    this.starting = null;
    await this.start();
  }

  private teardownMedia(): void {
    this.send?.close();
    this.recv?.close();
    this.send = null;
    this.recv = null;
    this.producers.clear();
    for (const id of [...this.consumers.keys()]) this.dropConsumer(id);
    this.consumedProducers.clear();
    this.early.length = 0;
    this.feeds.clear();
  }

  /** Bitrate, loss, round-trip time, resolution and frame rate, summarised per remote participant. */
  async quality(): Promise<QualitySummary | null> {
    if (!this.recv || this.recv.closed) return null;
    try {
      const [recvStats, sendStats] = await Promise.all([
        this.recv.getStats(),
        this.send && !this.send.closed ? this.send.getStats() : Promise.resolve(null),
      ]);
      const { summary, sample } = summarizeStats(recvStats, sendStats, this.lastSample, performance.now());
      this.lastSample = sample;
      return summary;
    } catch {
      return null;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.teardownMedia();
    this.connection = 'closed';
  }

  /** Stop the local camera and microphone (the page is leaving). */
  stopLocal(): void {
    for (const t of this.localStream?.getTracks() ?? []) t.stop();
  }
}
