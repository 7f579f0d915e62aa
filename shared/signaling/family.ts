/**
 * The family page <-> main process WebSocket protocol, declared once.
 *
 * Every client message is a strict object with a `type`; requests that expect
 * an answer carry a numeric `id` and are answered with a `result` carrying the
 * same id. The main process refuses (and counts) messages that are too large,
 * not JSON, not one of these shapes, or not allowed in the sender's current
 * phase (see PHASE_ALLOWS).
 */
import { z } from 'zod';
import { GuestRole, IceServer, MEDIA_REQUESTS, MediaNotification, ParticipantId, ParticipantPhase, RtpCapabilities, type MediaRequest, type MediaRequestName } from './media';
import { FamilyIntake, Language } from './intake';
import { SECRET_PATTERN } from './limits';
import { MovementCardId } from './movement';
import { FramingStatus } from '../pose/framing';

const RequestId = z.number().int().min(0).max(2 ** 31);
const Secret = z.string().regex(SECRET_PATTERN);

/** A media request as a family message: its type and request id with the request's fields. */
function mediaMessage<K extends MediaRequestName>(type: K) {
  const fields: MediaRequest<K>['fields'] = MEDIA_REQUESTS[type].fields;
  return z.strictObject({ type: z.literal(type), id: RequestId, ...fields });
}

/** Messages the family page sends. */
export const FamilyClientMessage = z.discriminatedUnion('type', [
  /** First message on a new link: the token from the URL fragment. Uses it up. */
  z.strictObject({
    type: z.literal('hello'),
    token: Secret,
    lang: Language,
    /** The rejoin key this browser kept from the link's first use (issue 16): lets the same family come back with a used link. */
    rejoinKey: Secret.optional(),
  }),
  /** First message after a dropped connection or a reload: the resume key from `welcome`. */
  z.strictObject({ type: z.literal('resume'), resumeKey: Secret, lang: Language }),
  z.strictObject({ type: z.literal('consent'), id: RequestId, video: z.literal(true), stills: z.boolean() }),
  z.strictObject({ type: z.literal('intake'), id: RequestId, answers: FamilyIntake }),
  /** Device check, consent (and intake) done: enter the waiting room. */
  z.strictObject({ type: z.literal('ready'), id: RequestId }),
  mediaMessage('join'),
  mediaMessage('createTransport'),
  mediaMessage('connectTransport'),
  mediaMessage('produce'),
  mediaMessage('consume'),
  mediaMessage('resumeConsumer'),
  mediaMessage('setProducerPaused'),
  mediaMessage('restartIce'),
  z.strictObject({ type: z.literal('leave') }),
]);
export type FamilyClientMessage = z.infer<typeof FamilyClientMessage>;
export type FamilyClientType = FamilyClientMessage['type'];
export const FAMILY_CLIENT_TYPES = FamilyClientMessage.options.map((o) => o.shape.type.value) as FamilyClientType[];

/** The connection's phase on the server: `new` until hello/resume succeeds. */
export type ConnectionPhase = 'new' | z.infer<typeof ParticipantPhase>;

/** Which message types each phase accepts; anything else is out of order. */
export const PHASE_ALLOWS: Record<ConnectionPhase, readonly FamilyClientType[]> = {
  new: ['hello', 'resume'],
  lobby: ['consent', 'intake', 'ready', 'leave'],
  waiting: ['leave'],
  admitted: [
    'join',
    'createTransport',
    'connectTransport',
    'produce',
    'consume',
    'resumeConsumer',
    'setProducerPaused',
    'restartIce',
    'leave',
  ],
  left: [],
};

export const RefusalReason = z.enum(['unknown', 'expired', 'used', 'revoked', 'full', 'ended', 'replaced', 'busy']);
export type RefusalReason = z.infer<typeof RefusalReason>;

export const SignalErrorCode = z.enum(['INVALID', 'OUT_OF_ORDER', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'INTERNAL']);
export type SignalErrorCode = z.infer<typeof SignalErrorCode>;

/** Result payloads, by request type. */
export const FamilyResultData = {
  consent: z.strictObject({}),
  intake: z.strictObject({}),
  ready: z.strictObject({}),
  join: MEDIA_REQUESTS.join.answer,
  createTransport: MEDIA_REQUESTS.createTransport.answer,
  connectTransport: MEDIA_REQUESTS.connectTransport.answer,
  produce: MEDIA_REQUESTS.produce.answer,
  consume: MEDIA_REQUESTS.consume.answer,
  resumeConsumer: MEDIA_REQUESTS.resumeConsumer.answer,
  setProducerPaused: MEDIA_REQUESTS.setProducerPaused.answer,
  restartIce: MEDIA_REQUESTS.restartIce.answer,
} as const;

/** Messages the main process sends to the family page. */
/** A form field's name as the family page knows it (an intake answer's key). */
export const FamilyFieldName = z.string().regex(/^[A-Za-z]{1,40}$/);

export const FamilyServerMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('welcome'),
    participantId: ParticipantId,
    role: GuestRole,
    /** Keep for this visit only: lets the page reconnect after a drop without a new link. */
    resumeKey: Secret,
    phase: ParticipantPhase,
    consentRecorded: z.boolean(),
    intakeSubmitted: z.boolean(),
    /** The mute and camera state last reported, so a rejoin keeps them. */
    muted: z.boolean(),
    cameraOff: z.boolean(),
    /** True when the media transports from before a drop are still open (an ICE restart is enough). */
    mediaKept: z.boolean(),
    /** The movement card the clinician shows now (admitted participants only), so a reconnect shows it again. */
    movementCard: MovementCardId.nullable(),
    routerRtpCapabilities: RtpCapabilities,
    iceServers: z.array(IceServer).max(8),
    /** Keep with the link (local storage): the same browser may rejoin with the used link while the visit is open. */
    rejoinKey: Secret.optional(),
  }),
  z.strictObject({
    type: z.literal('refused'),
    reason: RefusalReason,
    /** The clinic's name and phone (settings), when set: the page for a used or expired link says whom to call (issue 16). */
    clinic: z.strictObject({ name: z.string().max(120), phone: z.string().min(1).max(40) }).optional(),
  }),
  /** The answer to a request: `data` when ok (shape per FamilyResultData), `error` otherwise. */
  z.strictObject({
    type: z.literal('result'),
    id: RequestId,
    ok: z.boolean(),
    data: z.unknown().optional(),
    error: z
      .strictObject({
        code: SignalErrorCode,
        message: z.string().max(200),
        /** Names of the family's form fields that were refused (never their values), so the page can say so beside the field. */
        fields: z.array(FamilyFieldName).max(10).optional(),
      })
      .optional(),
  }),
  /** Admitted to the call; TURN credentials come only now (never with the link alone). */
  z.strictObject({ type: z.literal('admitted'), iceServers: z.array(IceServer).max(8) }),
  z.strictObject({ type: z.literal('ended') }),
  z.strictObject({ type: z.literal('media'), event: MediaNotification }),
  /** Show this movement's card (resources/movement-cards), or hide the card (null). */
  z.strictObject({
    type: z.literal('movementCard'),
    maneuverId: MovementCardId.nullable(),
    /** The clinician's framing check, as words on the card ("whole body in view", "step back"…); absent: none yet. */
    framing: FramingStatus.nullable().optional(),
  }),
]);
export type FamilyServerMessage = z.infer<typeof FamilyServerMessage>;
