/**
 * The clinician's side of live video: request and response schemas for the
 * `video:*` IPC channels and the `video:event` main-to-renderer event. The
 * media vocabulary (transports, producers, consumers, notifications) is the
 * same one the family page uses over its WebSocket (./family.ts).
 */
import { z } from 'zod';
import { RecordId } from '../domain/common';
import { GuestRole, IceServer, MEDIA_REQUESTS, MediaNotification, ParticipantId, ParticipantSummary, RtpCapabilities, type MediaRequest, type MediaRequestName } from './media';
import { MAX_STILL_BASE64 } from './limits';
import { MovementCardId } from './movement';
import { FramingStatus } from '../pose/framing';

const Visit = { visitId: RecordId };
const Ok = z.strictObject({});

export const CreateJoinLinkRequest = z.strictObject({ ...Visit, role: GuestRole });
export const JoinLink = z.strictObject({
  /** The link to give the family. Its only secret is the token in the fragment. */
  url: z.string().max(500),
  role: GuestRole,
  expiresAt: z.string(),
});
export type JoinLink = z.infer<typeof JoinLink>;

export const VideoOpenResponse = z.strictObject({
  routerRtpCapabilities: RtpCapabilities,
  iceServers: z.array(IceServer).max(8),
  participants: z.array(ParticipantSummary).max(8),
});
export type VideoOpenResponse = z.infer<typeof VideoOpenResponse>;

export const StillImage = z.strictObject({
  ...Visit,
  participantId: ParticipantId,
  /** JPEG, base64 without a data: prefix. */
  jpegBase64: z.string().max(MAX_STILL_BASE64).regex(/^[A-Za-z0-9+/]+={0,2}$/),
});

/** A media request as a `video:*` channel: the visit's id with the request's fields, answered as the family page is. */
function mediaChannel<K extends MediaRequestName>(name: K) {
  const fields: MediaRequest<K>['fields'] = MEDIA_REQUESTS[name].fields;
  const answer: MediaRequest<K>['answer'] = MEDIA_REQUESTS[name].answer;
  return { request: z.strictObject({ ...Visit, ...fields }), response: answer };
}

/** Schemas for every clinician video channel, referenced by shared/ipc/contract.ts. */
export const videoChannelSchemas = {
  createJoinLink: { request: CreateJoinLinkRequest, response: JoinLink },
  open: { request: z.strictObject(Visit), response: VideoOpenResponse },
  join: mediaChannel('join'),
  createTransport: mediaChannel('createTransport'),
  connectTransport: mediaChannel('connectTransport'),
  produce: mediaChannel('produce'),
  consume: mediaChannel('consume'),
  resumeConsumer: mediaChannel('resumeConsumer'),
  setProducerPaused: mediaChannel('setProducerPaused'),
  restartIce: mediaChannel('restartIce'),
  participants: {
    request: z.strictObject(Visit),
    response: z.strictObject({ participants: z.array(ParticipantSummary).max(8) }),
  },
  admit: { request: z.strictObject({ ...Visit, participantId: ParticipantId }), response: Ok },
  captureStill: {
    request: StillImage,
    response: z.strictObject({ stillId: RecordId, takenAt: z.string() }),
  },
  /** Show a movement's card on the admitted family's screens, or hide it (null). */
  showMovement: {
    request: z.strictObject({
      ...Visit,
      maneuverId: MovementCardId.nullable(),
      /** The framing check's worded status for the family's card (issue 17); never landmarks or frames. */
      framing: FramingStatus.nullable().optional(),
    }),
    response: Ok,
  },
  end: { request: z.strictObject(Visit), response: Ok },
} as const;

/** The `video:event` payload: what changed in a visit's call. */
export const VideoEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('participants'), ...Visit, participants: z.array(ParticipantSummary).max(8) }),
  z.strictObject({ type: z.literal('media'), ...Visit, event: MediaNotification }),
  z.strictObject({ type: z.literal('ended'), ...Visit }),
]);
export type VideoEvent = z.infer<typeof VideoEvent>;
