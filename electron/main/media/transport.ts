/**
 * The WebRTC transports of a visit's session (./session.ts): how one is
 * opened on the router, how it is described to its participant, and the
 * visit's warm-up channel that connects a receive transport early.
 */
import type { types as ms } from 'mediasoup';
import type { TransportDirection, TransportInfo } from '../../../shared/signaling/media';
import type { MediaConfig } from './config';
import type { TransportAppData } from './peer';

/** A new WebRTC transport on `router` for one peer and direction, with the configured ports and bitrates. */
export function openWebRtcTransport(router: ms.Router, config: MediaConfig, peerId: string, direction: TransportDirection): Promise<ms.WebRtcTransport<TransportAppData>> {
  const { listenIp, announcedAddress, portMin, portMax } = config;
  const listen = (protocol: 'udp' | 'tcp'): ms.TransportListenInfo => ({
    protocol,
    ip: listenIp,
    ...(announcedAddress ? { announcedAddress } : {}),
    portRange: { min: portMin, max: portMax },
  });
  // On the visit server every transport of a worker shares its WebRtcServer's one UDP and one TCP port
  // (visit-server/workers.ts puts it in the router's appData); embedded, each transport takes ports from the range.
  const webRtcServer = (router.appData as { webRtcServer?: ms.WebRtcServer }).webRtcServer;
  return router.createWebRtcTransport<TransportAppData>({
    ...(webRtcServer ? { webRtcServer } : { listenInfos: config.enableTcp ? [listen('udp'), listen('tcp')] : [listen('udp')] }),
    enableUdp: true,
    enableTcp: config.enableTcp,
    preferUdp: true,
    // A receive transport carries SCTP for the warm-up channel only (Chromium's default stream counts).
    ...(direction === 'recv' ? { enableSctp: true, numSctpStreams: { OS: 1024, MIS: 1024 } } : {}),
    initialAvailableOutgoingBitrate: config.initialOutgoingBitrate,
    appData: { peerId, direction },
  });
}

/** What the participant needs to connect its side of `transport` (and, with `warmup`, the warm-up channel). */
export function transportInfo(transport: ms.WebRtcTransport<TransportAppData>, warmup: TransportInfo['warmup']): TransportInfo {
  const sctp = transport.sctpParameters;
  return {
    id: transport.id,
    iceParameters: transport.iceParameters,
    iceCandidates: transport.iceCandidates.map((c) => ({ ...c })),
    dtlsParameters: { role: transport.dtlsParameters.role, fingerprints: transport.dtlsParameters.fingerprints.map((f) => ({ ...f })) },
    ...(sctp && warmup ? { sctpParameters: { port: sctp.port, OS: sctp.OS, MIS: sctp.MIS, maxMessageSize: sctp.maxMessageSize }, warmup } : {}),
  } as TransportInfo;
}

/**
 * The visit's warm-up channel: a data producer on a server-side
 * DirectTransport that never sends, made on first use. mediasoup-client
 * connects a receive transport (ICE + DTLS) only when it is given its first
 * consumer; the clinician's is otherwise first given one when an admitted
 * family's camera arrives, so that second handshake ran inside
 * admit-to-first-frame. Consuming this channel as soon as the transport
 * exists moves it before admission. The producer belongs to the server and
 * never sends: no participant's media is involved, and consumers of media
 * are still created only for admitted peers. Without it (any failure) the
 * transport connects at its first consumer, as before.
 */
export class WarmupChannel {
  private producer: Promise<ms.DataProducer> | null = null;

  constructor(private readonly router: ms.Router) {}

  /** A data consumer of the channel on a new receive transport, or undefined when there is none. */
  async consumerFor(transport: ms.WebRtcTransport<TransportAppData>): Promise<TransportInfo['warmup']> {
    try {
      this.producer ??= this.router.createDirectTransport().then((t) => t.produceData({ label: 'warmup' }));
      const producer = await this.producer;
      if (transport.closed) return undefined;
      const consumer = await transport.consumeData({ dataProducerId: producer.id });
      const { streamId, ordered, maxPacketLifeTime, maxRetransmits } = consumer.sctpStreamParameters ?? { streamId: -1 };
      if (streamId < 0) return undefined;
      return {
        dataConsumerId: consumer.id,
        dataProducerId: producer.id,
        sctpStreamParameters: {
          streamId,
          ...(ordered !== undefined ? { ordered } : {}),
          ...(maxPacketLifeTime !== undefined ? { maxPacketLifeTime } : {}),
          ...(maxRetransmits !== undefined ? { maxRetransmits } : {}),
        },
      };
    } catch {
      this.producer = null;
      return undefined;
    }
  }
}
