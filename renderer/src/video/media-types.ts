/**
 * The media session's public shapes (media-session.ts): the signaling it
 * needs from its page, what it reports, and its options.
 */
import type { types } from 'mediasoup-client';
import type {
  ConsumerInfo,
  IceServer,
  MediaSource,
  ProducerInfo,
  RtpCapabilities,
  TransportDirection,
  TransportInfo,
} from '../../../shared/signaling/media';
import type { ConnectionState, FeedState } from './media-state';

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

export interface RemoteFeed extends FeedState {
  stream: MediaStream;
}

export interface MediaSnapshot {
  connection: ConnectionState;
  muted: boolean;
  cameraOff: boolean;
  localStream: MediaStream | null;
  remotes: RemoteFeed[];
  cameraDeviceId: string | null;
  error: string | null;
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
