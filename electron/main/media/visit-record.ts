/**
 * Where live video writes into the visit record. Everything goes through the
 * store's services (electron/main/services/record/ and intakes.ts): each
 * write is validated, versioned, audited in its own transaction and checked
 * again by the store's triggers. Nothing here writes SQL, keeps files, or
 * chooses an author the main process did not establish.
 *
 * Who acts:
 * - the family's intake is stored as submitted by, and audited to, `'family'`;
 * - "the family is in the waiting room" moves the visit scheduled → waiting as
 *   `'system'` (the store lets the app make that one move);
 * - the still-capture consent and every still image name the unlocked
 *   clinician (the store accepts only a clinician for both). The family's
 *   "yes" to stills is kept with the participant (in memory, for the call)
 *   and is the precondition: the consent row is written when the clinician
 *   admits a family member who said yes, as "given by the guardian".
 */
import { AppError } from '../../../shared/ipc/errors';
import { FamilyIntake, type Language } from '../../../shared/signaling/intake';
import type { GuestRole } from '../../../shared/signaling/media';
import type { IntakeService } from '../services/intakes';
import type { RecordService } from '../services/record';

/** The part of the services live video uses (tests pass the real ones). */
export interface VideoRecordServices {
  record: Pick<RecordService, 'getVisitRecord' | 'setStatus' | 'recordConsent' | 'addImage'>;
  intakes: Pick<IntakeService, 'save' | 'get'>;
}

/** Per-visit caps (MediaConfig, docs/video.md): what live video may add to one visit's record. */
export interface VideoRecordLimits {
  /** Intake versions the family may create for one visit (each resubmission keeps the old answers in the history). */
  maxIntakeVersionsPerVisit: number;
  maxStillsPerVisit: number;
}
const DEFAULT_LIMITS: VideoRecordLimits = { maxIntakeVersionsPerVisit: 15, maxStillsPerVisit: 40 };

/**
 * The role whose "yes" to still pictures counts as the guardian's consent for
 * the visit: the family's own link only. A second caregiver's or an
 * interpreter's link cannot give it (nor replace the intake, ./rooms.ts).
 */
const CONSENTING_ROLES: readonly GuestRole[] = ['family'];

const ROLE_WORDS: Record<GuestRole, string> = {
  family: "child's device",
  caregiver: 'second caregiver',
  interpreter: 'interpreter',
};

export function createVideoRecord(services: VideoRecordServices, limits: VideoRecordLimits = DEFAULT_LIMITS) {
  const { record, intakes } = services;
  return {
    /**
     * Store the family's answers as the visit's intake (a resubmission before
     * signing becomes a new version; an intake the clinician typed in is never
     * replaced). The answers are parsed again with the clinical schema so the
     * stored JSON is exactly what the visit room and the rules read.
     */
    async saveFamilyIntake(visitId: string, answers: FamilyIntake, language: Language): Promise<void> {
      const parsed = FamilyIntake.safeParse(answers);
      if (!parsed.success) throw new AppError('VALIDATION', 'The answers are not valid.');
      // Checked against the stored version, so the cap holds across links and app restarts.
      const current = await intakes.get(visitId);
      if (current && current.version >= limits.maxIntakeVersionsPerVisit) {
        throw new AppError('CONFLICT', 'The answers for this visit have been changed too many times. Tell the clinician in the call.');
      }
      await intakes.save(visitId, JSON.stringify(parsed.data), language, 'family');
    },

    /** The family is in the waiting room: a scheduled visit becomes "waiting". Later states are left alone. */
    async familyWaiting(visitId: string): Promise<void> {
      const { visit } = await record.getVisitRecord(visitId);
      if (visit.status !== 'scheduled') return;
      try {
        await record.setStatus(visitId, 'waiting', 'system');
      } catch (error) {
        // Someone moved the visit on meanwhile (the clinician started recording): nothing to do.
        if (error instanceof AppError && error.code === 'CONFLICT') return;
        throw error;
      }
    },

    /**
     * The clinician admits a participant who agreed to still pictures: record
     * the visit's still-capture consent (given by the guardian, recorded by the
     * clinician) unless a live one exists. Nothing is recorded for an
     * interpreter's "yes", for a signed visit, or when the participant said no.
     * A consent the clinician withdrew stays withdrawn until someone who agreed
     * is admitted again (after a new "yes" on the join page).
     */
    async admitted(visitId: string, participant: { role: GuestRole; consent: { stills: boolean } | null }, actor: string): Promise<void> {
      if (!participant.consent?.stills || !CONSENTING_ROLES.includes(participant.role)) return;
      const r = await record.getVisitRecord(visitId);
      if (r.visit.status === 'signed') return;
      if (r.consents.some((c) => c.kind === 'still_capture' && c.withdrawnAt === null)) return;
      await record.recordConsent(visitId, { kind: 'still_capture', givenBy: 'guardian' }, actor);
    },

    /** Keep a still from a participant's video in the record (the store checks consent, size and type). */
    async saveStill(visitId: string, role: GuestRole, jpeg: Uint8Array, actor: string): Promise<{ stillId: string; takenAt: string }> {
      const { images } = await record.getVisitRecord(visitId);
      if (images.length >= limits.maxStillsPerVisit) {
        throw new AppError('CONFLICT', `This visit already has ${images.length} still pictures, the most one visit keeps. Nothing was saved.`);
      }
      const meta = await record.addImage(visitId, { mime: 'image/jpeg', data: jpeg, caption: `Still from the video call (${ROLE_WORDS[role]})` }, actor);
      return { stillId: meta.id, takenAt: meta.capturedAt };
    },
  };
}
export type VideoRecord = ReturnType<typeof createVideoRecord>;
