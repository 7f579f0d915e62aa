/**
 * SQL for camera estimates attached to checklist entries (0016). Rows are
 * inserted once and never changed; the triggers refuse a signed visit and an
 * observation of another visit or movement, whatever the caller. A retracted
 * estimate (0020, ./pose-estimate-retractions.ts) stays in the table but is
 * left out of `ofVisit`, which the room and the exports read.
 */
import type { Database } from 'better-sqlite3';

/** An estimate as stored (`ofVisit` names its columns so, the insert takes it as is). */
export interface StoredPoseEstimate {
  id: string;
  visitId: string;
  observationId: string;
  maneuverId: string;
  measure: string;
  value: number;
  unit: string;
  method: string;
  model: string;
  confidence: number;
  /** The landmark summary, as stored (JSON object). */
  landmarksJson: string;
  contentVersion: string;
  attachedBy: string;
  attachedAt: string;
}

export function createPoseEstimateRepository(db: Database) {
  const insert = db.prepare(
    `INSERT INTO pose_estimates (id, visit_id, observation_id, maneuver_id, measure, value, unit, method, model, confidence,
       landmarks_json, content_version, attached_by, attached_at)
     VALUES (@id, @visitId, @observationId, @maneuverId, @measure, @value, @unit, @method, @model, @confidence,
       @landmarksJson, @contentVersion, @attachedBy, @attachedAt)`,
  );
  const ofVisit = db.prepare(
    `SELECT e.id, e.visit_id AS visitId, e.observation_id AS observationId, e.maneuver_id AS maneuverId, e.measure, e.value, e.unit,
       e.method, e.model, e.confidence, e.landmarks_json AS landmarksJson, e.content_version AS contentVersion,
       e.attached_by AS attachedBy, e.attached_at AS attachedAt
     FROM pose_estimates e WHERE e.visit_id = ?
       AND NOT EXISTS (SELECT 1 FROM pose_estimate_retractions r WHERE r.estimate_id = e.id)
     ORDER BY e.attached_at, e.id`,
  );
  const currentObservation = db.prepare(
    `SELECT id FROM observations WHERE visit_id = ? AND maneuver_id = ? AND retracted = 0 ORDER BY updated_at DESC, id DESC LIMIT 1`,
  );
  return {
    insert(e: StoredPoseEstimate): void {
      insert.run(e);
    },
    /** The visit's estimates that are not retracted, oldest first. */
    ofVisit(visitId: string): StoredPoseEstimate[] {
      return ofVisit.all(visitId) as StoredPoseEstimate[];
    },
    /** The id of the movement's current (not retracted) finding in this visit, or undefined. */
    currentObservationId(visitId: string, maneuverId: string): string | undefined {
      return (currentObservation.get(visitId, maneuverId) as { id: string } | undefined)?.id;
    },
  };
}
export type PoseEstimateRepository = ReturnType<typeof createPoseEstimateRepository>;
