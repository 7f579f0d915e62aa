/**
 * Writes the family's intake into the `intakes` table (migration 0002). A
 * second submission from the family (a reload, a correction before the
 * visit) replaces the first; an intake the clinician entered is never
 * overwritten by the family. Replace with the store's own `saveIntake` when
 * it exists.
 */
import type { Database } from 'better-sqlite3';
import type { IntakeSink } from '../media/rooms';

export function createIntakeRepository(db: Database): IntakeSink & { get(visitId: string): unknown } {
  const upsert = db.prepare(
    `INSERT INTO intakes (visit_id, answers_json, language, submitted_at, submitted_by)
     VALUES (?, ?, ?, ?, 'family')
     ON CONFLICT(visit_id) DO UPDATE SET answers_json = excluded.answers_json, language = excluded.language,
       submitted_at = excluded.submitted_at
     WHERE intakes.submitted_by = 'family'`,
  );
  const byVisit = db.prepare(`SELECT answers_json, language, submitted_at, submitted_by FROM intakes WHERE visit_id = ?`);
  return {
    save(visitId, answers, language, now) {
      upsert.run(visitId, JSON.stringify(answers), language, now.toISOString());
    },
    get(visitId) {
      const row = byVisit.get(visitId) as { answers_json: string; language: string; submitted_at: string; submitted_by: string } | undefined;
      return row ? { ...row, answers: JSON.parse(row.answers_json) as unknown } : undefined;
    },
  };
}
