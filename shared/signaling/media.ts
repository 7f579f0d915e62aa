/**
 * Schemas for the mediasoup objects that cross the signaling paths.
 *
 * The outer shape and sizes are checked here; mediasoup itself validates the
 * codec details again (ortc.validateRtpParameters) before using them, so the
 * nested codec and header-extension entries are loose objects with bounded
 * arrays rather than a copy of mediasoup's full type tree.
 */
import { z } from 'zod';
import { Language } from './intake';

/** mediasoup ids (transports, producers, consumers) are UUIDs. */
export const MediaId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
  error: 'Not a valid media id.',
});
export type MediaId = z.infer<typeof MediaId>;

/** A participant in a visit call: "clinician" or a random id handed out by the main process. */
export const ParticipantId = z.string().regex(/^(clinician|p-[A-Za-z0-9_-]{16})$/, { error: 'Not a valid participant id.' });
export type ParticipantId = z.infer<typeof ParticipantId>;

export const MediaKind = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKind>;

/** What a producer carries; the kind follows from it. */
export const MediaSource = z.enum(['mic', 'camera']);
export type MediaSource = z.infer<typeof MediaSource>;

export const TransportDirection = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof TransportDirection>;

const ShortText = z.string().max(200);

const RtpCodec = z.looseObject({
  mimeType: z.string().max(64),
  payloadType: z.number().int().min(0).max(127).optional(),
  preferredPayloadType: z.number().int().min(0).max(127).optional(),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().max(8).optional(),
  parameters: z.record(z.string().max(64), z.union([z.string().max(200), z.number()])).optional(),
  rtcpFeedback: z.array(z.looseObject({ type: z.string().max(64), parameter: z.string().max(64).optional() })).max(16).optional(),
});

const HeaderExtension = z.looseObject({ uri: z.string().max(200) });

export const RtpParameters = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z.array(RtpCodec).min(1).max(16),
  headerExtensions: z.array(HeaderExtension).max(24).optional(),
  encodings: z.array(z.looseObject({})).max(8).optional(),
  rtcp: z.looseObject({ cname: ShortText.optional() }).optional(),
});
export type RtpParameters = z.infer<typeof RtpParameters>;

export const RtpCapabilities = z.looseObject({
  codecs: z.array(RtpCodec.extend({ kind: MediaKind })).max(64).optional(),
  headerExtensions: z.array(HeaderExtension).max(64).optional(),
});
export type RtpCapabilities = z.infer<typeof RtpCapabilities>;

export const DtlsParameters = z.strictObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.strictObject({ algorithm: z.string().max(16), value: z.string().max(200) }))
    .min(1)
    .max(8),
});
export type DtlsParameters = z.infer<typeof DtlsParameters>;

export const IceParameters = z.looseObject({
  usernameFragment: z.string().max(256),
  password: z.string().max(256),
  iceLite: z.boolean().optional(),
});
export type IceParameters = z.infer<typeof IceParameters>;

export const IceCandidate = z.looseObject({
  foundation: z.string().max(64),
  priority: z.number(),
  address: z.string().max(256),
  protocol: z.enum(['udp', 'tcp']),
  port: z.number().int(),
  type: z.string().max(16),
});

/** What the browser needs to reach a TURN relay. Credentials are time-limited (docs/video.md). */
export const IceServer = z.strictObject({
  urls: z.array(z.string().max(300)).min(1).max(8),
  username: z.string().max(200).optional(),
  credential: z.string().max(200).optional(),
});
export type IceServer = z.infer<typeof IceServer>;

export const TransportInfo = z.strictObject({
  id: MediaId,
  iceParameters: IceParameters,
  iceCandidates: z.array(IceCandidate).max(16),
  dtlsParameters: z.looseObject({ role: z.string().max(16).optional(), fingerprints: z.array(z.looseObject({})).max(16) }),
  /** A receive transport's SCTP association (it carries the warm-up channel only). */
  sctpParameters: z
    .strictObject({
      port: z.number().int().min(0).max(65535),
      OS: z.number().int().min(1).max(65535),
      MIS: z.number().int().min(1).max(65535),
      maxMessageSize: z.number().int().min(0),
    })
    .optional(),
  /**
   * A data consumer of the visit's own warm-up channel (a server-side data
   * producer that never sends), created with the receive transport. Consuming
   * it makes mediasoup-client connect the transport (ICE + DTLS) at once
   * instead of at the first media consumer, so admitting someone does not
   * wait for a second handshake (docs/video.md). It carries nobody's media.
   */
  warmup: z
    .strictObject({
      dataConsumerId: MediaId,
      dataProducerId: MediaId,
      sctpStreamParameters: z.strictObject({
        streamId: z.number().int().min(0).max(65535),
        ordered: z.boolean().optional(),
        maxPacketLifeTime: z.number().int().min(0).optional(),
        maxRetransmits: z.number().int().min(0).optional(),
      }),
    })
    .optional(),
});
export type TransportInfo = z.infer<typeof TransportInfo>;

export const ParticipantRole = z.enum(['clinician', 'family', 'caregiver', 'interpreter']);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

/** A family-side role a join link can be made for. */
export const GuestRole = z.enum(['family', 'caregiver', 'interpreter']);
export type GuestRole = z.infer<typeof GuestRole>;

/** Whose media a producer carries and what it is; a consumer of it says the same. */
const ProducedBy = { participantId: ParticipantId, role: ParticipantRole, kind: MediaKind, source: MediaSource };

export const ProducerInfo = z.strictObject({ producerId: MediaId, ...ProducedBy, paused: z.boolean() });
export type ProducerInfo = z.infer<typeof ProducerInfo>;

export const ConsumerInfo = z.strictObject({
  consumerId: MediaId,
  producerId: MediaId,
  ...ProducedBy,
  rtpParameters: RtpParameters,
  producerPaused: z.boolean(),
});
export type ConsumerInfo = z.infer<typeof ConsumerInfo>;

/** Where a participant is on the way in. */
export const ParticipantPhase = z.enum(['lobby', 'waiting', 'admitted', 'left']);
export type ParticipantPhase = z.infer<typeof ParticipantPhase>;

export const ParticipantSummary = z.strictObject({
  id: ParticipantId,
  role: ParticipantRole,
  phase: ParticipantPhase,
  /** A signaling connection is open now. */
  connected: z.boolean(),
  /** The family recorded consent to video; `stills` is consent to still images in the record. */
  consent: z.strictObject({ video: z.boolean(), stills: z.boolean() }).nullable(),
  intakeSubmitted: z.boolean(),
  muted: z.boolean(),
  cameraOff: z.boolean(),
  /** The page's language, so the clinician previews a movement card in the words the family reads. */
  language: Language,
  /** When they entered the waiting room and when they were admitted (ISO): the wait time and the visit timer (issue 16). */
  waitingSince: z.string().max(40).nullable().optional(),
  admittedAt: z.string().max(40).nullable().optional(),
});
export type ParticipantSummary = z.infer<typeof ParticipantSummary>;

/**
 * Server-to-participant media notifications. The family receives them over
 * the WebSocket, the clinician as the `video:event` IPC event.
 */
export const MediaNotification = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('newProducer'), producer: ProducerInfo }),
  /**
   * A consumer the server created (paused) for a peer that joined with
   * `serverConsumers`: the client sets it up and resumes it when ready,
   * saving the consume round trip (as mediasoup-demo's `newConsumer`).
   */
  z.strictObject({ type: z.literal('newConsumer'), consumer: ConsumerInfo }),
  z.strictObject({ type: z.literal('consumerClosed'), consumerId: MediaId }),
  z.strictObject({ type: z.literal('consumerPaused'), consumerId: MediaId, paused: z.boolean() }),
]);
export type MediaNotification = z.infer<typeof MediaNotification>;

const Done = z.strictObject({});

/**
 * The media requests the console and the family page both make, by name: the
 * fields each carries and the answer. The console sends them as `video:*` IPC
 * requests with its visit id (clinician.ts), the family page as WebSocket
 * messages with a request id (family.ts).
 */
export const MEDIA_REQUESTS = {
  join: {
    /** `serverConsumers`: the server creates consumers for this peer as producers appear (`newConsumer`). */
    fields: { rtpCapabilities: RtpCapabilities, serverConsumers: z.boolean().optional() },
    answer: z.strictObject({ producers: z.array(ProducerInfo).max(16) }),
  },
  createTransport: { fields: { direction: TransportDirection }, answer: TransportInfo },
  connectTransport: { fields: { transportId: MediaId, dtlsParameters: DtlsParameters }, answer: Done },
  produce: {
    fields: { transportId: MediaId, kind: MediaKind, source: MediaSource, rtpParameters: RtpParameters, paused: z.boolean() },
    answer: z.strictObject({ producerId: MediaId }),
  },
  consume: { fields: { producerId: MediaId }, answer: ConsumerInfo },
  resumeConsumer: { fields: { consumerId: MediaId }, answer: Done },
  setProducerPaused: { fields: { producerId: MediaId, paused: z.boolean() }, answer: Done },
  restartIce: { fields: { transportId: MediaId }, answer: z.strictObject({ iceParameters: IceParameters }) },
} as const;
export type MediaRequestName = keyof typeof MEDIA_REQUESTS;
/** One media request's fields and answer, by name; stays tied to the name where a generic helper uses it. */
export type MediaRequest<K extends MediaRequestName> = (typeof MEDIA_REQUESTS)[K];
