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
  /** Failed unlocks in a row before unlocking pauses. */
  maxFailures?: number;
  /** How long unlocking pauses after too many failures. */
  lockoutMs?: number;
}

export function createSessionService(clinicians: ClinicianService, clock: Clock, options: SessionOptions) {
  const maxFailures = options.maxFailures ?? 5;
  const lockoutMs = options.lockoutMs ?? 30_000;
  let currentId: string | null = null;
  let locked = true;
  let failures = 0;
  let pausedUntil = 0;

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

    async unlock(input: { clinicianId: string; passcode: string }): Promise<SessionStatus> {
      const now = clock.now().getTime();
      if (now < pausedUntil) {
        const seconds = Math.ceil((pausedUntil - now) / 1000);
        throw new AppError('LOCKED', `Too many wrong passcodes. Try again in ${seconds} seconds.`);
      }
      if (!(await clinicians.verifyPasscode(input.clinicianId, input.passcode))) {
        failures += 1;
        if (failures >= maxFailures) {
          failures = 0;
          pausedUntil = now + lockoutMs;
        }
        throw new AppError('VALIDATION', 'That passcode is not right.', [{ path: 'passcode', message: 'That passcode is not right.' }]);
      }
      failures = 0;
      currentId = input.clinicianId;
      locked = false;
      return this.status();
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
