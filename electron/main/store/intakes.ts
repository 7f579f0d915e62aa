/**
 * The family's pre-visit intake (table from 0002). One current intake per
 * visit; a resubmission before signing raises its version and the old
 * answers go to clinical_revisions (trigger from 0004). A family
 * submission never replaces an intake the clinician entered. Every save is
 * audited in the same transaction. The answers are validated by the clinical
 * intake schema before they reach the store; here they are opaque JSON.
 */
import type { Database } from 'better-sqlite3';
import { appendAudit } from './audit';
import { toIntake } from './record';
import type { Intake } from './record-types';

export function createIntakeRepository(db: Database) {
  const get = db.prepare(`SELECT * FROM intakes WHERE visit_id = ?`);
  const insert = db.prepare(
    `INSERT INTO intakes (visit_id, answers_json, language, submitted_at, submitted_by, version, updated_at, updated_by)
     VALUES (@visitId, @answersJson, @language, @at, @submittedBy, 1, @at, @submittedBy)`,
  );
  const update = db.prepare(
    `UPDATE intakes SET answers_json = @answersJson, language = @language, submitted_at = @at, submitted_by = @submittedBy,
       version = version + 1, updated_at = @at, updated_by = @submittedBy WHERE visit_id = @visitId`,
  );
  const save = db.transaction(
    (
      visitId: string,
      answersJson: string,
      language: Intake['language'],
      submittedBy: Intake['submittedBy'],
      at: string,
      actor: string,
      correctedFields: readonly string[] | undefined,
    ) => {
      const params = { visitId, answersJson, language, submittedBy, at };
      const current = get.get(visitId) as Record<string, unknown> | undefined;
      // An intake the clinician entered is never overwritten by a later family submission.
      if (current && current.submitted_by === 'clinician' && submittedBy === 'family') return toIntake(current);
      const existed = current !== undefined;
      if (existed) update.run(params);
      else insert.run(params);
      appendAudit(db, {
        actor,
        action: 'visit.change',
        entity: 'intake',
        entityId: visitId,
        // A clinician's correction names the fields it changed (names only: the values are patient data and stay in clinical_revisions).
        detail: correctedFields
          ? { visitId, change: existed ? 'corrected_by_clinician' : 'entered_by_clinician', language, fields: correctedFields, replacedVersion: existed ? Number(current.version) : null }
          : { visitId, change: existed ? 'resubmitted' : 'submitted', language },
        at,
      });
      return toIntake(get.get(visitId) as Record<string, unknown>);
    },
  );

  return {
    /**
     * Save (or replace, before signing) the intake for a visit. Throws a
     * SqliteError when the visit is signed or unknown, or the JSON is invalid
     * or over 20,000 characters; run it under storageGuard in a service.
     */
    saveIntake(
      visitId: string,
      answersJson: string,
      language: Intake['language'],
      submittedBy: Intake['submittedBy'],
      options: {
        now?: Date;
        /** The clinician id when a clinician typed it in; default 'family' or 'system'. */
        actor?: string;
        /** Set when a clinician corrects or replaces the intake: the names of the fields changed, for the audit row. */
        correctedFields?: readonly string[];
      } = {},
    ): Intake {
      const actor = options.actor ?? (submittedBy === 'family' ? 'family' : 'system');
      return save(visitId, answersJson, language, submittedBy, (options.now ?? new Date()).toISOString(), actor, options.correctedFields);
    },
    getIntake(visitId: string): Intake | null {
      const r = get.get(visitId) as Record<string, unknown> | undefined;
      return r ? toIntake(r) : null;
    },
  };
}
export type IntakeRepository = ReturnType<typeof createIntakeRepository>;
