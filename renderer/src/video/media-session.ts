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
 *
 * What the call is doing (connection, feeds, mute, restart back-off) is the
 * pure state machine in media-state.ts, unit-tested on its own; this class
 * owns the mediasoup objects and carries out its effects. The receiving side
 * is remote-media.ts, device switching local-tracks.ts.
 */
import { Device, type types } from 'mediasoup-client';
import type {
  IceServer,
  MediaNotification,
  MediaSource,
  RtpCapabilities,
} from '../../../shared/signaling/media';
import { summarizeStats, type QualitySample, type QualitySummary } from './quality';
import { CLINICIAN_CAMERA, motionEncodings, preferFrameRate } from './capture';
import { initialState, transition, type SessionEvent, type SessionState } from './media-state';
import { replaceLocalTrack } from './local-tracks';
import { RemoteMedia } from './remote-media';
import { transportOptions, warmUp } from './transport-options';
import type { MediaSessionOptions, MediaSignaling, MediaSnapshot } from './media-types';

export type { MediaSignaling, RemoteFeed, MediaSnapshot, MediaSessionOptions } from './media-types';
export type { ConnectionState } from './media-state';

export class MediaSession {
  private device: Device | null = null;
  private send: types.Transport | null = null;
  private recv: types.Transport | null = null;
  private readonly producers = new Map<MediaSource, types.Producer>();
  private readonly remote = new RemoteMedia({
    recv: () => this.recv,
    signaling: () => this.signaling,
    state: () => this.state,
    dispatch: (event) => this.dispatch(event),
    changed: () => this.changed(),
  });
  private localStream: MediaStream | null;
  private state: SessionState;
  private starting: Promise<void> | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private signaling: MediaSignaling;
  private lastSample: QualitySample | null = null;

  /** TURN servers for transports created from now on (the family gets them only when admitted). */
  private iceServers: IceServer[];

  constructor(private readonly options: MediaSessionOptions) {
    this.iceServers = options.iceServers;
    this.signaling = options.signaling;
    this.localStream = options.localStream ?? null;
    this.state = initialState({ muted: options.muted ?? false, cameraOff: options.cameraOff ?? false });
  }

  private get closed(): boolean {
    return this.state.connection === 'closed';
  }

  /**
   * Move the state machine; carry out its effects. A refused event changes
   * nothing (a late library event after close, an unknown consumer) and
   * returns false.
   */
  private dispatch(event: SessionEvent): boolean {
    const result = transition(this.state, event);
    if (!result.ok) return false;
    this.state = result.state;
    for (const effect of result.effects) {
      if (effect.type === 'scheduleRestart') {
        this.restartTimer = setTimeout(() => {
          this.restartTimer = null;
          this.dispatch({ type: 'restartDue' });
        }, effect.delayMs);
      } else if (effect.type === 'restartIce') {
        void this.restartIce();
      } else {
        void this.rejoin();
      }
    }
    return true;
  }

  /** New TURN credentials (on admission, or a fresh set after a reconnect); used by the next transports. */
  setIceServers(servers: IceServer[]): void {
    this.iceServers = servers;
  }

  snapshot(): MediaSnapshot {
    const { connection, muted, cameraOff, error, feeds } = this.state;
    return {
      connection,
      muted,
      cameraOff,
      localStream: this.localStream,
      remotes: [...feeds.values()].map((f) => ({ ...f, stream: this.remote.stream(f.participantId) })),
      cameraDeviceId: this.localStream?.getVideoTracks()[0]?.getSettings().deviceId ?? null,
      error,
    };
  }

  private changed(): void {
    if (!this.closed) this.options.onChange?.(this.snapshot());
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
    if (this.starting) return this.starting;
    if (!this.dispatch({ type: 'start' })) return Promise.resolve();
    return this.run();
  }

  /** Build the media; a failure is cleaned up and becomes `snapshot.error` (and `onError`), never a rejection. */
  private run(): Promise<void> {
    this.changed();
    this.starting = this.build().catch((error: unknown) => {
      this.starting = null;
      this.teardownMedia();
      const message = error instanceof Error ? error.message : 'Could not start the video.';
      if (this.dispatch({ type: 'startFailed', message })) {
        this.options.onError?.(message);
        this.changed();
      }
    });
    return this.starting;
  }

  private async build(): Promise<void> {
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
    this.send = this.wire(device.createSendTransport(transportOptions(this.iceServers, sendInfo)));
    this.recv = this.wire(device.createRecvTransport(transportOptions(this.iceServers, recvInfo)));
    warmUp(this.recv, recvInfo);
    const early = this.remote.takeEarly();
    const audio = this.localStream.getAudioTracks()[0];
    const video = this.localStream.getVideoTracks()[0];
    // mediasoup-client sends one producer at a time, in call order: the camera first, since the other side
    // waits for a picture more visibly than for sound.
    await Promise.all([
      video ? this.produce('camera', video) : Promise.resolve(),
      audio ? this.produce('mic', audio) : Promise.resolve(),
      ...producers.map((p) => this.remote.consume(p)),
      ...early.map((c) => this.remote.attach(c)),
    ]);
    this.changed();
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
      if (transport.closed) return;
      if (this.dispatch({ type: 'transport', state })) this.changed();
    });
    return transport;
  }

  private pausedFor(source: MediaSource): boolean {
    return source === 'mic' ? this.state.muted : this.state.cameraOff;
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

  /** A server notification about media (new producer, closed or paused consumer). */
  handleNotification(event: MediaNotification): void {
    if (this.closed) return;
    if (event.type === 'newProducer') {
      void this.remote.consume(event.producer);
    } else if (event.type === 'newConsumer') {
      void this.remote.attach(event.consumer);
    } else if (event.type === 'consumerClosed') {
      this.remote.drop(event.consumerId);
    } else if (this.dispatch({ type: 'producerPaused', consumerId: event.consumerId, paused: event.paused })) {
      this.changed();
    }
  }

  private async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    if (!this.dispatch({ type: 'setPaused', source, paused })) return;
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
    await this.replaceCamera({ ...(this.options.camera ?? CLINICIAN_CAMERA), facingMode: { ideal: facing } }, true);
  }

  private async replaceCamera(constraints: MediaTrackConstraints, releaseFirst: boolean): Promise<void> {
    const stream = await replaceLocalTrack({
      kind: 'video',
      constraints,
      local: this.localStream,
      producer: this.producers.get('camera'),
      enabled: !this.state.cameraOff,
      releaseFirst,
      ...(this.options.motion ? { contentHint: 'motion' } : {}),
    });
    if (!stream) return;
    this.localStream = stream;
    this.changed();
  }

  /** Switch microphone the same way. */
  async switchMicrophone(deviceId: string): Promise<void> {
    const stream = await replaceLocalTrack({
      kind: 'audio',
      constraints: { deviceId: { exact: deviceId } },
      local: this.localStream,
      producer: this.producers.get('mic'),
      enabled: !this.state.muted,
    });
    if (stream) this.changed();
  }

  /**
   * ICE restart on both transports with fresh credentials from the server.
   * If the server no longer has them (the drop outlasted its grace period),
   * rebuild the media instead (the state machine decides).
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
      this.dispatch({ type: 'restartFailed', code: (error as { code?: string }).code ?? null });
    }
  }

  /** Swap the signaling path (a reconnected WebSocket) without touching media. */
  setSignaling(signaling: MediaSignaling): void {
    this.signaling = signaling;
  }

  /** Rebuild transports, producers and consumers from scratch, keeping the local tracks and mute/camera state. */
  async rejoin(): Promise<void> {
    this.teardownMedia();
    if (!this.dispatch({ type: 'rejoin' })) return;
    this.starting = null;
    await this.run();
  }

  /** Close the mediasoup objects (the state machine forgets their consumers and feeds itself). */
  private teardownMedia(): void {
    this.send?.close();
    this.recv?.close();
    this.send = null;
    this.recv = null;
    this.producers.clear();
    this.remote.clear();
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
    if (!this.dispatch({ type: 'close' })) return;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.teardownMedia();
  }

  /** Stop the local camera and microphone (the page is leaving). */
  stopLocal(): void {
    for (const t of this.localStream?.getTracks() ?? []) t.stop();
  }
}
