/**
 * Call times (issue 16): when the family was admitted and when the call
 * ended, so the clinician note gives the call's real length. Written by the
 * live-video handlers (./call-times-handlers.ts) after the media layer has
 * admitted or ended; read by the export model.
 *
 * One call is "open" from the first admission to the next end: a family that
 * drops and is admitted again within it adds no row, so the first admission
 * is when the call with the family began. After an end, a new admission opens
 * a new call. The length is the first admission to the last end; with no end
 * recorded (the console quit mid-call) there is no measured length and the
 * note falls back to its exam entries, saying so. A family that leaves on its
 * own and does not come back within the rejoin window ends the call at the
 * time it left (./call-left.ts, as `system`).
 */
import { AppError } from '../../../shared/ipc/errors';
import { createCallEventRepository, type StoredCallEvent } from '../store/call-events';
import { storageGuard, type ServiceDeps } from './deps';

export interface CallTimes {
  /** The first time the family was admitted; null when never. */
  admittedAt: string | null;
  /** The last end after that admission; null while the call is open or was never ended. */
  endedAt: string | null;
  /** Whole minutes from admission to end, rounded; null without both. */
  minutes: number | null;
}

export function callTimesOf(events: readonly Pick<StoredCallEvent, 'kind' | 'at'>[]): CallTimes {
  const admitted = events.find((e) => e.kind === 'family_admitted');
  if (!admitted) return { admittedAt: null, endedAt: null, minutes: null };
  const start = Date.parse(admitted.at);
  const ends = events.filter((e) => e.kind === 'call_ended' && Date.parse(e.at) >= start);
  const last = ends.at(-1);
  if (!last) return { admittedAt: admitted.at, endedAt: null, minutes: null };
  return { admittedAt: admitted.at, endedAt: last.at, minutes: Math.max(0, Math.round((Date.parse(last.at) - start) / 60_000)) };
}

export function createCallTimesService(deps: ServiceDeps) {
  const repo = createCallEventRepository(deps.db);
  const statusOf = deps.db.prepare(`SELECT status FROM visits WHERE id = ?`).pluck();
  const isOpen = (events: StoredCallEvent[]) => events.at(-1)?.kind === 'family_admitted';
  const writable = (visitId: string): boolean => {
    const status = statusOf.get(visitId) as string | undefined;
    if (status === undefined) throw new AppError('NOT_FOUND', 'That visit was not found.');
    return status !== 'signed';
  };
  return {
    /** The clinician admitted the family: opens the call unless one is open. Returns whether a row was written. */
    familyAdmitted(visitId: string, actor: string): boolean {
      if (!writable(visitId) || isOpen(repo.list(visitId))) return false;
      storageGuard(() => repo.record(visitId, 'family_admitted', deps.clock.now().toISOString(), actor));
      return true;
    },
    /**
     * The call ended: closes an open call; an end with no family admitted records nothing.
     * `at` is when it ended if that was earlier than now (the family left on their own:
     * ./call-left.ts records the time they left, once the rejoin window has passed).
     */
    callEnded(visitId: string, actor: string, at?: Date): boolean {
      const events = repo.list(visitId);
      if (!writable(visitId) || !isOpen(events)) return false;
      const admitted = Date.parse(events.at(-1)!.at);
      const when = at ? new Date(Math.max(admitted, Math.min(at.getTime(), deps.clock.now().getTime()))) : deps.clock.now();
      storageGuard(() => repo.record(visitId, 'call_ended', when.toISOString(), actor));
      return true;
    },
    /** Whether a call with the family is open (admitted, not yet ended). */
    isOpen(visitId: string): boolean {
      return isOpen(repo.list(visitId));
    },
    times(visitId: string): CallTimes {
      return callTimesOf(repo.list(visitId));
    },
    events(visitId: string): StoredCallEvent[] {
      return repo.list(visitId);
    },
  };
}
export type CallTimesService = ReturnType<typeof createCallTimesService>;
