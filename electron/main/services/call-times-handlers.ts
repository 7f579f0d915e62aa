/**
 * Call times around the live-video handlers (issue 16): after `video:admit`
 * lets a waiting family member in, the family's admission is recorded; after
 * `video:end`, the end. The same wrapper serves the embedded media layer and
 * a visit server (both answer `video:participants`). The media action comes
 * first: a call that could not be admitted or ended records nothing, and a
 * failure to write the time is reported (the call itself already happened).
 */
import type { VideoHandlers } from '../media/handlers';
import type { CallTimesService } from './call-times';

export function withCallTimes(video: VideoHandlers, callTimes: CallTimesService, actor: () => string): VideoHandlers {
  return {
    ...video,
    'video:admit': async (req) => {
      let waitingGuest = false;
      try {
        const { participants } = await video['video:participants']({ visitId: req.visitId });
        const p = participants.find((x) => x.id === req.participantId);
        waitingGuest = !!p && p.role !== 'clinician' && p.phase === 'waiting';
      } catch {
        // Without live video the admit below answers with the reason.
      }
      const result = await video['video:admit'](req);
      if (waitingGuest) callTimes.familyAdmitted(req.visitId, actor());
      return result;
    },
    'video:end': async (req) => {
      const result = await video['video:end'](req);
      callTimes.callEnded(req.visitId, actor());
      return result;
    },
  };
}
