/**
 * The clinician's video channels in server mode: the same VideoHandlers the
 * renderer's IPC contract declares (the contract does not change), answered
 * by the visit server over the console's outbound connection. What belongs to
 * the record stays on the console: the family's relayed answers and the
 * visit's "waiting" are written here through ../media/visit-record.ts; the
 * still-capture consent is written before asking the server to admit; stills
 * are saved here after the server confirms the participant is in the call.
 */
import { AppError } from '../../../shared/ipc/errors';
import type { ParticipantSummary } from '../../../shared/signaling/media';
import type { GuestRole } from '../../../shared/signaling/media';
import { LINK_GRACE_MS, isJpeg, type VideoHandlers } from '../media/handlers';
import type { VideoRecord } from '../media/visit-record';
import type { RelayItem } from '../visit-server/relay';
import type { VisitServerClient } from './client';

export interface RemoteVideoDeps {
  client: VisitServerClient;
  record: Pick<VideoRecord, 'admitted' | 'saveStill' | 'saveFamilyIntake' | 'familyWaiting'>;
  actor: () => string;
  getVisit: (visitId: string) => Promise<{ scheduledStart: string; durationMinutes: number }>;
  now: () => Date;
}

/** Apply what the server relays (the family's answers, "waiting") to the local record. */
export function applyRelayed(record: RemoteVideoDeps['record']) {
  return async (item: RelayItem): Promise<void> => {
    if (item.kind === 'intake') await record.saveFamilyIntake(item.visitId, item.answers, item.language);
    else await record.familyWaiting(item.visitId);
  };
}

export function createRemoteVideoHandlers(deps: RemoteVideoDeps): VideoHandlers {
  const { client } = deps;
  // The server answers with what the renderer's contract expects; the dispatcher parses the response again.
  const forward =
    <C extends Parameters<VisitServerClient['call']>[0]>(channel: C) =>
    async (payload: { visitId: string }) => {
      deps.actor();
      return client.call(channel, payload) as never;
    };
  const participants = async (visitId: string) =>
    ((await client.call('video:participants', { visitId })) as { participants: ParticipantSummary[] }).participants;

  return {
    'visits:createJoinLink': async ({ visitId, role }) => {
      deps.actor();
      const visit = await deps.getVisit(visitId);
      const end = new Date(visit.scheduledStart).getTime() + visit.durationMinutes * 60_000 + LINK_GRACE_MS;
      if (end <= deps.now().getTime()) throw new AppError('CONFLICT', "This visit's time has passed. Schedule a new visit to send a link.");
      return (await client.createLink(visitId, role, new Date(end))) as never;
    },
    'video:open': async (payload) => {
      await deps.getVisit(payload.visitId);
      return forward('video:open')(payload);
    },
    'video:join': forward('video:join'),
    'video:createTransport': forward('video:createTransport'),
    'video:connectTransport': forward('video:connectTransport'),
    'video:produce': forward('video:produce'),
    'video:consume': forward('video:consume'),
    'video:resumeConsumer': forward('video:resumeConsumer'),
    'video:setProducerPaused': forward('video:setProducerPaused'),
    'video:restartIce': forward('video:restartIce'),
    'video:participants': forward('video:participants'),
    'video:end': forward('video:end'),
    // The family's movement card (issue 17) is shown by the server's room, like the rest of the call.
    'video:showMovement': forward('video:showMovement'),
    'video:admit': async ({ visitId, participantId }) => {
      const actor = deps.actor();
      const p = (await participants(visitId)).find((x) => x.id === participantId);
      // The consent row first, so a still can be taken as soon as video flows (as embedded).
      if (p && p.role !== 'clinician' && p.phase === 'waiting') {
        await deps.record.admitted(visitId, { role: p.role as GuestRole, consent: p.consent }, actor);
      }
      return (await client.call('video:admit', { visitId, participantId })) as never;
    },
    'video:captureStill': async ({ visitId, participantId, jpegBase64 }) => {
      const actor = deps.actor();
      const p = (await participants(visitId)).find((x) => x.id === participantId);
      if (!p || p.role === 'clinician' || p.phase !== 'admitted') throw new AppError('NOT_FOUND', 'That person is not in the call.');
      if (!p.consent?.stills) throw new AppError('CONFLICT', 'The family has not agreed to still pictures. Nothing was saved.');
      const jpeg = Buffer.from(jpegBase64, 'base64');
      if (!isJpeg(jpeg)) throw new AppError('VALIDATION', 'The picture is not a JPEG image.');
      return deps.record.saveStill(visitId, p.role as GuestRole, jpeg, actor);
    },
  };
}
