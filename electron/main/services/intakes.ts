/** The family's pre-visit intake, as a service (the repository is store/intakes.ts). */
import { AppError } from '../../../shared/ipc/errors';
import { INTAKE_DATE_MESSAGES, intakeDateProblems } from '../../../shared/signaling/intake';
import { createIntakeRepository } from '../store/intakes';
import type { Intake } from '../store/record-types';
import { storageGuard, type ServiceDeps } from './deps';

export function createIntakeService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const repo = createIntakeRepository(db);
  const visitStatus = db.prepare(
    `SELECT v.status, p.date_of_birth AS dateOfBirth FROM visits v JOIN patients p ON p.id = v.patient_id WHERE v.id = ?`,
  );

  return {
    /**
     * Save the intake (answers already validated by the clinical intake
     * schema). Replaces an earlier one before signing; the old answers are
     * kept in the history.
     */
    async save(
      visitId: string,
      answersJson: string,
      language: Intake['language'],
      submittedBy: Intake['submittedBy'],
      actor?: string,
      correctedFields?: readonly string[],
    ): Promise<Intake> {
      const v = visitStatus.get(visitId) as { status: string; dateOfBirth: string } | undefined;
      if (!v) throw new AppError('NOT_FOUND', 'That visit was not found.');
      if (v.status === 'signed') throw new AppError('CONFLICT', 'This visit is signed and cannot be changed. Add an addendum to correct it.');
      let answers: unknown;
      try {
        answers = JSON.parse(answersJson);
      } catch {
        throw new AppError('VALIDATION', 'The answers are not valid.', [{ path: 'answers', message: 'Not valid JSON.' }]);
      }
      // Dates are checked where they enter, against the clinician's today and the child's birth (issue 14):
      // a pain-onset date in the future once made every action on the visit fail.
      const onset = (answers as { onsetDate?: unknown } | null)?.onsetDate;
      if (onset !== undefined && typeof onset !== 'string') {
        throw new AppError('VALIDATION', 'The answers are not valid.', [{ path: 'answers.onsetDate', message: 'Use a date in the format YYYY-MM-DD.' }]);
      }
      const problems = intakeDateProblems({ onsetDate: onset }, { today: clock.today(), dateOfBirth: v.dateOfBirth });
      if (problems.length > 0) {
        throw new AppError(
          'VALIDATION',
          'Some answers are not valid.',
          problems.map((p) => ({ path: `answers.${p.path}`, message: INTAKE_DATE_MESSAGES[p.problem] })),
        );
      }
      if (answersJson.length > 20_000) throw new AppError('VALIDATION', 'The answers are too long.', [{ path: 'answers', message: 'Too long.' }]);
      return storageGuard(() =>
        repo.saveIntake(visitId, answersJson, language, submittedBy, {
          now: clock.now(),
          ...(actor ? { actor } : {}),
          ...(correctedFields ? { correctedFields } : {}),
        }),
      );
    },
    async get(visitId: string): Promise<Intake | null> {
      return repo.getIntake(visitId);
    },
  };
}
export type IntakeService = ReturnType<typeof createIntakeService>;
