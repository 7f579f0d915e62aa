/**
 * The mediasoup-client side of a transport the server created
 * (media-session.ts): its options from the server's description, and the
 * receive transport's warm-up.
 */
import type { types } from 'mediasoup-client';
import type { IceServer, TransportInfo } from '../../../shared/signaling/media';

export function transportOptions(iceServers: IceServer[], info: TransportInfo): types.TransportOptions {
  return {
    id: info.id,
    iceParameters: info.iceParameters as types.IceParameters,
    iceCandidates: info.iceCandidates as unknown as types.IceCandidate[],
    dtlsParameters: info.dtlsParameters as unknown as types.DtlsParameters,
    // mediasoup's SCTP parameters name one size for both directions; mediasoup-client names each.
    ...(info.sctpParameters
      ? {
          sctpParameters: {
            ...info.sctpParameters,
            maxSendMessageSize: info.sctpParameters.maxMessageSize,
            maxReceiveMessageSize: info.sctpParameters.maxMessageSize,
          },
        }
      : {}),
    iceServers,
  };
}

/**
 * Connect the receive transport now rather than at its first media
 * consumer: consuming the server's warm-up channel (a data producer that
 * never sends) makes mediasoup-client emit `connect`, so ICE and DTLS are
 * done before anyone is admitted. Not awaited: nothing waits for it, and a
 * failure only means the transport connects at its first consumer, as before.
 */
export function warmUp(recv: types.Transport, info: TransportInfo): void {
  if (!info.warmup || !info.sctpParameters) return;
  recv
    .consumeData({
      id: info.warmup.dataConsumerId,
      dataProducerId: info.warmup.dataProducerId,
      sctpStreamParameters: info.warmup.sctpStreamParameters,
      label: 'warmup',
    })
    .catch(() => undefined);
}
