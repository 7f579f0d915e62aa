/** The clinician's media signaling: the `video:*` IPC channels, bound to one visit. */
import { client } from '../api/client';
import type { RtpCapabilities, RtpParameters } from '../../../shared/signaling/media';
import type { MediaSignaling } from './media-session';

export function ipcSignaling(visitId: string): MediaSignaling {
  return {
    join: (rtpCapabilities: RtpCapabilities, serverConsumers?: boolean) =>
      client.videoJoin({ visitId, rtpCapabilities, ...(serverConsumers ? { serverConsumers } : {}) }),
    createTransport: (direction) => client.videoCreateTransport({ visitId, direction }),
    connectTransport: async (transportId, dtlsParameters) => {
      await client.videoConnectTransport({
        visitId,
        transportId,
        dtlsParameters: { role: dtlsParameters.role, fingerprints: dtlsParameters.fingerprints.map((f) => ({ ...f })) },
      });
    },
    produce: ({ rtpParameters, ...rest }) => client.videoProduce({ visitId, ...rest, rtpParameters: rtpParameters as RtpParameters }),
    consume: (producerId) => client.videoConsume({ visitId, producerId }),
    resumeConsumer: async (consumerId) => {
      await client.videoResumeConsumer({ visitId, consumerId });
    },
    setProducerPaused: async (producerId, paused) => {
      await client.videoSetProducerPaused({ visitId, producerId, paused });
    },
    restartIce: (transportId) =>
      client.videoRestartIce({ visitId, transportId }) as Promise<{ iceParameters: import('mediasoup-client').types.IceParameters }>,
  };
}
