/** The family's pre-visit intake, as a service (the repository is store/intakes.ts). */
import { AppError } from '../../../shared/ipc/errors';
import { createIntakeRepository } from '../store/intakes';
import type { Intake } from '../store/record-types';
import { storageGuard, type ServiceDeps } from './deps';

export function createIntakeService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const repo = createIntakeRepository(db);
  const visitStatus = db.prepare(`SELECT status FROM visits WHERE id = ?`);

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
    ): Promise<Intake> {
      const v = visitStatus.get(visitId) as { status: string } | undefined;
      if (!v) throw new AppError('NOT_FOUND', 'That visit was not found.');
      if (v.status === 'signed') throw new AppError('CONFLICT', 'This visit is signed and cannot be changed. Add an addendum to correct it.');
      try {
        JSON.parse(answersJson);
      } catch {
        throw new AppError('VALIDATION', 'The answers are not valid.', [{ path: 'answers', message: 'Not valid JSON.' }]);
      }
      if (answersJson.length > 20_000) throw new AppError('VALIDATION', 'The answers are too long.', [{ path: 'answers', message: 'Too long.' }]);
      return storageGuard(() =>
        repo.saveIntake(visitId, answersJson, language, submittedBy, { now: clock.now(), ...(actor ? { actor } : {}) }),
      );
    },
    async get(visitId: string): Promise<Intake | null> {
      return repo.getIntake(visitId);
    },
  };
}
export type IntakeService = ReturnType<typeof createIntakeService>;
