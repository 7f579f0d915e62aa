/**
 * Who is using the console, and whether it is locked. The main process holds
 * this state, so a locked console answers LOCKED to every request for patient
 * data whatever the renderer does, and every entry is signed with the
 * unlocked clinician's id (the renderer never says who the author is).
 */
import { AppError } from '../../../shared/ipc/errors';
import type { SessionStatus } from '../../../shared/domain/session';
import type { ClinicianService } from './clinicians';
import type { Clock } from './deps';

export interface SessionOptions {
  idleLockMinutes: number;
}

export function createSessionService(clinicians: ClinicianService, clock: Clock, options: SessionOptions) {
  let currentId: string | null = null;
  let locked = true;
  // Unlock attempts run one at a time: otherwise a burst of guesses would all be checked before the first failure is counted.
  let unlockQueue: Promise<unknown> = Promise.resolve();

  async function view(id: string) {
    const c = await clinicians.get(id);
    return { id: c.id, displayName: c.displayName, credentials: c.credentials };
  }

  return {
    async status(): Promise<SessionStatus> {
      const all = await clinicians.list();
      return {
        needsSetup: all.length === 0,
        locked: locked || currentId === null,
        clinicians: all.map((c) => ({ id: c.id, displayName: c.displayName, credentials: c.credentials })),
        current: currentId ? await view(currentId) : null,
        idleLockMinutes: options.idleLockMinutes,
      };
    },

    /** First run only: create the clinician and sign in as them. */
    async setup(input: { displayName: string; credentials: string; passcode: string }): Promise<SessionStatus> {
      if ((await clinicians.list()).length > 0) {
        throw new AppError('CONFLICT', 'The console is already set up. Unlock it with your passcode.');
      }
      const created = await clinicians.create(input);
      currentId = created.id;
      locked = false;
      return this.status();
    },

    /**
     * Unlock with a passcode. Wrong passcodes in a row earn a growing pause
     * (clinicians.ts, UNLOCK_BACKOFF), stored in the database so quitting
     * does not reset it; while paused, nothing is checked.
     */
    unlock(input: { clinicianId: string; passcode: string }): Promise<SessionStatus> {
      const run = unlockQueue.then(async () => {
        const now = clock.now().getTime();
        const guard = clinicians.unlockGuard();
        if (now < guard.pausedUntil) throw pausedError(guard.pausedUntil - now);
        if (!(await clinicians.verifyPasscode(input.clinicianId, input.passcode))) {
          const after = clinicians.recordUnlockFailure();
          const message = after.pausedUntil > 0 ? `That passcode is not right. ${pauseWords(after.pausedUntil - clock.now().getTime())}` : 'That passcode is not right.';
          throw new AppError('VALIDATION', message, [{ path: 'passcode', message }]);
        }
        if (guard.failures > 0) clinicians.resetUnlockGuard();
        currentId = input.clinicianId;
        locked = false;
        return this.status();
      });
      unlockQueue = run.catch(() => undefined);
      return run;
    },

    async lock(): Promise<SessionStatus> {
      locked = true;
      return this.status();
    },

    /** The unlocked clinician's id, or LOCKED. Every patient-data request goes through this. */
    requireActor(): string {
      if (locked || currentId === null) {
        throw new AppError('LOCKED', 'The console is locked. Enter your passcode to continue.');
      }
      return currentId;
    },
  };
}
export type SessionService = ReturnType<typeof createSessionService>;

function pauseWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
  return `Too many wrong passcodes. Try again in ${wait}.`;
}

function pausedError(ms: number): AppError {
  return new AppError('LOCKED', pauseWords(ms));
}
