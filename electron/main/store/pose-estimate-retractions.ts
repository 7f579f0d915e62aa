/**
 * SQL for retracting an attached camera estimate (0021). A retraction is a
 * row of its own, appended once per estimate; the estimate row is never
 * changed. The triggers refuse a signed visit and an estimate of another
 * visit, whatever the caller.
 */
import type { Database } from 'better-sqlite3';

export interface StoredRetraction {
  id: string;
  estimateId: string;
  visitId: string;
  reason: string;
  retractedBy: string;
  retractedAt: string;
}

export function createRetractionRepository(db: Database) {
  const insert = db.prepare(
    `INSERT INTO pose_estimate_retractions (id, estimate_id, visit_id, reason, retracted_by, retracted_at)
     VALUES (@id, @estimateId, @visitId, @reason, @retractedBy, @retractedAt)`,
  );
  const ofEstimate = db.prepare(
    `SELECT id, estimate_id AS estimateId, visit_id AS visitId, reason, retracted_by AS retractedBy, retracted_at AS retractedAt
     FROM pose_estimate_retractions WHERE estimate_id = ?`,
  );
  const estimate = db.prepare(`SELECT visit_id AS visitId FROM pose_estimates WHERE id = ?`);
  return {
    insert(r: StoredRetraction): void {
      insert.run(r);
    },
    /** The estimate's retraction, if it was retracted. */
    ofEstimate(estimateId: string): StoredRetraction | undefined {
      return ofEstimate.get(estimateId) as StoredRetraction | undefined;
    },
    /** The visit an estimate belongs to, or undefined when there is no such estimate. */
    visitOfEstimate(estimateId: string): string | undefined {
      return (estimate.get(estimateId) as { visitId: string } | undefined)?.visitId;
    },
  };
}
export type RetractionRepository = ReturnType<typeof createRetractionRepository>;
