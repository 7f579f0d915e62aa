/**
 * The clinician's live-video IPC handlers. The dispatcher has already checked
 * the sender and parsed the request, and createHandlers (ipc/handlers.ts)
 * has refused them while the console is locked; these turn media errors into
 * AppErrors with messages fit for the clinician.
 *
 * Writes into the visit record (the still-capture consent on admit, still
 * images) go through ./visit-record.ts and name `actor()`, the unlocked
 * clinician from the main-process session; no request field says who acts.
 */
import { AppError } from '../../../shared/ipc/errors';
import type { ChannelName } from '../../../shared/ipc/contract';
import type { GuestRole } from '../../../shared/signaling/media';
import type { Handlers } from '../ipc/dispatch';
import { CLINICIAN_ID, type RoomManager } from './rooms';
import { MediaError } from './session';
import type { VideoRecord } from './visit-record';

export type VideoChannel = Extract<ChannelName, `video:${string}` | 'visits:createJoinLink'>;
export type VideoHandlers = Pick<Handlers, VideoChannel>;

/** Links stay valid until this long after the visit's scheduled end (visits run late). */
export const LINK_GRACE_MS = 30 * 60_000;

const JPEG_MAGIC = [0xff, 0xd8, 0xff];
export function isJpeg(bytes: Uint8Array): boolean {
  return JPEG_MAGIC.every((b, i) => bytes[i] === b);
}

export interface VideoHandlerDeps {
  rooms: RoomManager;
  /** The visit record, through the store's services. */
  record: Pick<VideoRecord, 'admitted' | 'saveStill'>;
  /** The unlocked clinician's id (`services.session.requireActor`); throws LOCKED otherwise. */
  actor: () => string;
  /** Visit times from the visit service. */
  getVisit: (visitId: string) => Promise<{ scheduledStart: string; durationMinutes: number }>;
  joinUrl: (token: string) => string;
  now: () => Date;
}

async function guard<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof MediaError) {
      const code = error.code === 'NOT_FOUND' ? 'NOT_FOUND' : error.code === 'INVALID' ? 'VALIDATION' : 'CONFLICT';
      throw new AppError(code, error.message);
    }
    throw error;
  }
}

export function createVideoHandlers(deps: VideoHandlerDeps): VideoHandlers {
  const { rooms } = deps;
  const session = (visitId: string) => rooms.session(visitId);
  return {
    'visits:createJoinLink': async ({ visitId, role }) => {
      const visit = await deps.getVisit(visitId);
      const end = new Date(visit.scheduledStart).getTime() + visit.durationMinutes * 60_000 + LINK_GRACE_MS;
      if (end <= deps.now().getTime()) {
        throw new AppError('CONFLICT', "This visit's time has passed. Schedule a new visit to send a link.");
      }
      const expiresAt = new Date(end);
      const token = rooms.issueToken(visitId, role, expiresAt);
      return { url: deps.joinUrl(token), role, expiresAt: expiresAt.toISOString() };
    },
    'video:open': ({ visitId }) =>
      guard(async () => {
        await deps.getVisit(visitId);
        return rooms.openForClinician(visitId);
      }),
    'video:join': ({ visitId, rtpCapabilities, serverConsumers }) =>
      guard(() => ({ producers: session(visitId).join(CLINICIAN_ID, rtpCapabilities, serverConsumers === true) })),
    'video:createTransport': ({ visitId, direction }) => guard(() => session(visitId).createTransport(CLINICIAN_ID, direction)),
    'video:connectTransport': ({ visitId, transportId, dtlsParameters }) =>
      guard(async () => {
        await session(visitId).connectTransport(CLINICIAN_ID, transportId, dtlsParameters);
        return {};
      }),
    'video:produce': ({ visitId, ...input }) =>
      guard(async () => {
        const producerId = await session(visitId).produce(CLINICIAN_ID, input);
        const me = rooms.participant(visitId, CLINICIAN_ID);
        if (me) rooms.notePaused(me);
        return { producerId };
      }),
    'video:consume': ({ visitId, producerId }) => guard(() => session(visitId).consume(CLINICIAN_ID, producerId)),
    'video:resumeConsumer': ({ visitId, consumerId }) =>
      guard(async () => {
        await session(visitId).resumeConsumer(CLINICIAN_ID, consumerId);
        return {};
      }),
    'video:setProducerPaused': ({ visitId, producerId, paused }) =>
      guard(async () => {
        await session(visitId).setProducerPaused(CLINICIAN_ID, producerId, paused);
        const me = rooms.participant(visitId, CLINICIAN_ID);
        if (me) rooms.notePaused(me);
        return {};
      }),
    'video:restartIce': ({ visitId, transportId }) =>
      guard(async () => ({ iceParameters: await session(visitId).restartIce(CLINICIAN_ID, transportId) })),
    'video:participants': ({ visitId }) => ({ participants: rooms.summaries(visitId) }),
    'video:admit': ({ visitId, participantId }) =>
      guard(async () => {
        const actor = deps.actor();
        const participant = rooms.participant(visitId, participantId);
        // The store's consent row is written first, so a still can be taken as soon as video flows.
        if (participant && participant.id !== CLINICIAN_ID && participant.phase === 'waiting') {
          await deps.record.admitted(visitId, { role: participant.role as GuestRole, consent: participant.consent }, actor);
        }
        rooms.admit(visitId, participantId);
        return {};
      }),
    'video:captureStill': async ({ visitId, participantId, jpegBase64 }) => {
      const actor = deps.actor();
      const participant = rooms.participant(visitId, participantId);
      if (!participant || participant.id === CLINICIAN_ID || participant.phase !== 'admitted') {
        throw new AppError('NOT_FOUND', 'That person is not in the call.');
      }
      // This participant's own "yes" on the join page; the store then checks the visit's recorded consent.
      if (!participant.consent?.stills) {
        throw new AppError('CONFLICT', 'The family has not agreed to still pictures. Nothing was saved.');
      }
      const jpeg = Buffer.from(jpegBase64, 'base64');
      if (!isJpeg(jpeg)) throw new AppError('VALIDATION', 'The picture is not a JPEG image.');
      return deps.record.saveStill(visitId, participant.role as GuestRole, jpeg, actor);
    },
    'video:showMovement': ({ visitId, maneuverId, framing }) =>
      guard(async () => {
        rooms.showMovement(visitId, maneuverId, framing);
        return {};
      }),
    'video:end': ({ visitId }) => {
      rooms.end(visitId);
      return {};
    },
  };
}

/** Handlers for builds and tests that run without live video: every channel says so. */
export function unavailableVideoHandlers(): VideoHandlers {
  const off = () => {
    throw new AppError('CONFLICT', 'Live video is not running.');
  };
  return {
    'visits:createJoinLink': off,
    'video:open': off,
    'video:join': off,
    'video:createTransport': off,
    'video:connectTransport': off,
    'video:produce': off,
    'video:consume': off,
    'video:resumeConsumer': off,
    'video:setProducerPaused': off,
    'video:restartIce': off,
    'video:participants': off,
    'video:admit': off,
    'video:captureStill': off,
    'video:showMovement': off,
    'video:end': off,
  };
}
