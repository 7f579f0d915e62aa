/**
 * Read-only SQL for reviewing checklists across visits (issue 16, item 7).
 * Each method is ONE statement: the chosen visits, each movement's current
 * (latest, not struck out) finding, its attached camera estimates and the
 * visit's decision tier come back together. Nothing here writes.
 *
 * Bounds and isolation are in the SQL: only the given visit's own patient,
 * only signed visits before it, at most `limit` of them (visits_by_patient
 * index); estimates are read through pose_estimates_by_visit, retracted ones (0021) left out.
 */
import type { Database } from 'better-sqlite3';

export interface HistoryRow {
  patient_id: string | null;
  visit_id: string | null;
  scheduled_start: string | null;
  status: string | null;
  signed_at: string | null;
  tier: string | null;
  maneuver_id: string | null;
  result: string | null;
  side: string | null;
  pain_score: number | null;
  pain_scale: string | null;
  fields_json: string | null;
  estimates_json: string | null;
}

export interface HistoryListRow {
  patient_id: string;
  visit_id: string | null;
  scheduled_start: string | null;
  status: string | null;
  signed_at: string | null;
  tier: string | null;
  reason: string | null;
  recorded: number | null;
}

/** Each chosen visit's current findings: `chosen(id, patient_id, scheduled_start, status, signed_at)` must be defined before it. */
const OBS_CTE = `
  obs AS (
    SELECT o.id, o.visit_id, o.maneuver_id, o.result, o.side, o.pain_score, o.pain_scale, o.fields_json,
      ROW_NUMBER() OVER (PARTITION BY o.visit_id, o.maneuver_id ORDER BY o.updated_at DESC, o.id DESC) AS rn
    FROM observations o JOIN chosen c ON o.visit_id = c.id
    WHERE o.retracted = 0
  )`;

/** One row per chosen visit and movement (a visit without findings gives one row with null movement). */
const FINDINGS_SELECT = `
  SELECT c.patient_id, c.id AS visit_id, c.scheduled_start, c.status, c.signed_at, d.tier,
    obs.maneuver_id, obs.result, obs.side, obs.pain_score, obs.pain_scale, obs.fields_json,
    (SELECT json_group_array(json_object('measure', e.measure, 'value', e.value, 'unit', e.unit))
       FROM pose_estimates e WHERE e.visit_id = obs.visit_id AND e.observation_id = obs.id
         AND NOT EXISTS (SELECT 1 FROM pose_estimate_retractions r WHERE r.estimate_id = e.id)) AS estimates_json
  FROM chosen c
  LEFT JOIN escalation_decisions d ON d.visit_id = c.id
  LEFT JOIN obs ON obs.visit_id = c.id AND obs.rn = 1`;

export function createVisitHistoryRepository(db: Database) {
  // The current visit always yields a row (so "no such visit" and "no earlier visits" differ); earlier visits LEFT JOIN to it.
  const previous = db.prepare(`
    WITH cur AS (SELECT id, patient_id, scheduled_start FROM visits WHERE id = @visitId),
    chosen AS (
      SELECT v.id, v.patient_id, v.scheduled_start, v.status, v.signed_at
      FROM visits v JOIN cur ON v.patient_id = cur.patient_id
      WHERE v.status = 'signed' AND v.id <> cur.id
        AND (v.scheduled_start < cur.scheduled_start OR (v.scheduled_start = cur.scheduled_start AND v.id < cur.id))
      ORDER BY v.scheduled_start DESC, v.id DESC
      LIMIT @limit
    ),
    ${OBS_CTE},
    rows AS (${FINDINGS_SELECT})
    SELECT cur.patient_id AS cur_patient_id, rows.* FROM cur LEFT JOIN rows ON 1
    ORDER BY rows.scheduled_start DESC, rows.visit_id DESC, rows.maneuver_id`);

  const pair = db.prepare(`
    WITH chosen AS (
      SELECT v.id, v.patient_id, v.scheduled_start, v.status, v.signed_at FROM visits v WHERE v.id IN (@first, @second)
    ),
    ${OBS_CTE}
    ${FINDINGS_SELECT}
    ORDER BY c.scheduled_start, c.id, obs.maneuver_id`);

  const list = db.prepare(`
    WITH p AS (SELECT id FROM patients WHERE id = @patientId)
    SELECT p.id AS patient_id, v.id AS visit_id, v.scheduled_start, v.status, v.signed_at, v.reason, d.tier,
      (SELECT count(DISTINCT o.maneuver_id) FROM observations o WHERE o.visit_id = v.id AND o.retracted = 0) AS recorded
    FROM p
    LEFT JOIN (SELECT * FROM visits WHERE patient_id = @patientId ORDER BY scheduled_start DESC, id DESC LIMIT @limit) v ON v.patient_id = p.id
    LEFT JOIN escalation_decisions d ON d.visit_id = v.id
    ORDER BY v.scheduled_start DESC, v.id DESC`);

  return {
    /**
     * The earlier signed visits of `visitId`'s patient with their findings, newest first.
     * No rows: no such visit. One row with a null visit_id: no earlier signed visit.
     */
    previous(visitId: string, limit: number): (HistoryRow & { cur_patient_id: string })[] {
      return previous.all({ visitId, limit }) as (HistoryRow & { cur_patient_id: string })[];
    },
    /** Two visits' findings, the earlier first (rows of a missing visit are simply absent). */
    pair(first: string, second: string): HistoryRow[] {
      return pair.all({ first, second }) as HistoryRow[];
    },
    /** A patient's visits, newest first, at most `limit` (ask for one more to know whether there are more). No rows: no such patient. */
    list(patientId: string, limit: number): HistoryListRow[] {
      return list.all({ patientId, limit }) as HistoryListRow[];
    },
  };
}
export type VisitHistoryRepository = ReturnType<typeof createVisitHistoryRepository>;
