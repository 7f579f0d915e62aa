/**
 * The family left on their own (issue 16 item 3 follow-up): the call's end
 * is recorded when the clinician presses End call (./call-times-handlers.ts),
 * and also when every admitted guest's page has gone (closed, hung up, lost
 * its connection) and none comes back within the rejoin window. The end is
 * the time they left, recorded as `system`, append-only and audited by the
 * store like every call event; a signed visit takes none (callEnded checks).
 *
 * It watches the participant lists the media layer sends the clinician's
 * window (`video:event`), so it is the same for the embedded media layer and
 * a visit server. A guest who comes back after the end was recorded reopens
 * the call (a new admission row), so End call can still close it later and
 * the length runs from the first admission to the last end.
 */
import type { VideoEvent } from '../../../shared/signaling/clinician';
import type { CallTimesService } from './call-times';

export const LEFT_ACTOR = 'system';

export interface CallLeftWatchOptions {
  callTimes: Pick<CallTimesService, 'callEnded' | 'familyAdmitted' | 'isOpen'>;
  /** How long a guest who left may come back before the call counts as ended (the media layer's reconnect grace). */
  rejoinWindowMs: number;
  now: () => Date;
  /** Timers (tests pass their own). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** A write that failed (storage): the call itself is unaffected. */
  onError?: (visitId: string, error: unknown) => void;
}

type Watch = { kind: 'away'; leftAt: Date; timer: unknown } | { kind: 'ended' };

export function createCallLeftWatch(options: CallLeftWatchOptions) {
  const setTimer =
    options.setTimer ??
    ((fn: () => void, ms: number) => {
      const t = setTimeout(fn, ms);
      t.unref?.();
      return t;
    });
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const visits = new Map<string, Watch>();
  const guard = (visitId: string, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      options.onError?.(visitId, error);
    }
  };
  const stop = (visitId: string) => {
    const w = visits.get(visitId);
    if (w?.kind === 'away') clearTimer(w.timer);
    visits.delete(visitId);
  };

  return {
    observe(event: VideoEvent): void {
      const { visitId } = event;
      // The clinician ended the call: End call recorded it.
      if (event.type === 'ended') return stop(visitId);
      if (event.type !== 'participants') return;
      const guestIn = event.participants.some((p) => p.role !== 'clinician' && p.phase === 'admitted' && p.connected);
      const w = visits.get(visitId);
      if (guestIn) {
        stop(visitId);
        // Back after their leaving ended the call: the call is open again.
        if (w?.kind === 'ended') guard(visitId, () => options.callTimes.familyAdmitted(visitId, LEFT_ACTOR));
        return;
      }
      if (w) return;
      let open = false;
      guard(visitId, () => (open = options.callTimes.isOpen(visitId)));
      if (!open) return;
      const leftAt = options.now();
      const timer = setTimer(() => {
        visits.delete(visitId);
        guard(visitId, () => {
          if (options.callTimes.callEnded(visitId, LEFT_ACTOR, leftAt)) visits.set(visitId, { kind: 'ended' });
        });
      }, options.rejoinWindowMs);
      visits.set(visitId, { kind: 'away', leftAt, timer });
    },
    /** Visits waiting for a guest to come back (tests). */
    get pending(): number {
      return [...visits.values()].filter((w) => w.kind === 'away').length;
    },
    close(): void {
      for (const id of [...visits.keys()]) stop(id);
    },
  };
}
export type CallLeftWatch = ReturnType<typeof createCallLeftWatch>;
