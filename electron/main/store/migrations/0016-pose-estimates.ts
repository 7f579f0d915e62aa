import type { Migration } from './types';
import { guard, neverDeleted } from './sql';

/**
 * Camera estimates attached to a checklist entry (issue 17, item 3): the
 * clinician saw a live pose-estimation readout (forward-bend angle, squat
 * depth, cadence...) and chose to attach it to the finding it informs. The
 * finding itself is unchanged: the estimate sits beside it.
 *
 * Each row keeps the value, unit, the method words "camera estimate, not a
 * goniometer", the model, the mean landmark confidence and a small landmark
 * summary (landmarks are stored only here, only when attached). Rows are
 * never changed or deleted, and a signed visit takes no new ones (as for
 * every clinical row, 0006). An estimate attaches only to a current
 * (not retracted) observation of the same visit and movement.
 *
 * Numbered 0016 as assigned for the measured-movement work; its `version` is
 * its place in the registry (the lead renumbers at merge, as for 0012/0013).
 */
export const m0016PoseEstimates: Migration = {
  version: 16,
  name: '0016-pose-estimates',
  up(db) {
    db.exec(`
      CREATE TABLE pose_estimates (
        id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        observation_id TEXT NOT NULL REFERENCES observations(id),
        maneuver_id TEXT NOT NULL CHECK (length(maneuver_id) BETWEEN 1 AND 100),
        measure TEXT NOT NULL CHECK (length(measure) BETWEEN 1 AND 100),
        value REAL NOT NULL CHECK (value BETWEEN 0 AND 100000),
        unit TEXT NOT NULL CHECK (length(unit) BETWEEN 1 AND 50),
        method TEXT NOT NULL CHECK (method = 'camera estimate, not a goniometer'),
        model TEXT NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
        confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        landmarks_json TEXT NOT NULL
          CHECK (json_valid(landmarks_json) AND json_type(landmarks_json) = 'object' AND length(landmarks_json) <= 4000),
        content_version TEXT NOT NULL CHECK (length(content_version) BETWEEN 1 AND 100),
        attached_by TEXT NOT NULL REFERENCES clinicians(id),
        attached_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX pose_estimates_by_visit ON pose_estimates(visit_id, attached_at, id);

      ${guard('pose_estimates_frozen_when_signed_insert', ['BEFORE INSERT ON pose_estimates', "WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'signed'"], 'visit is signed: add an addendum instead')}
      ${guard('pose_estimates_attach_to_current_finding', ['BEFORE INSERT ON pose_estimates', 'WHEN NOT EXISTS (SELECT 1 FROM observations o WHERE o.id = NEW.observation_id AND o.visit_id = NEW.visit_id', '                 AND o.maneuver_id = NEW.maneuver_id AND o.retracted = 0)'], 'an estimate attaches to a current finding of the same visit and movement')}
      ${guard('pose_estimates_no_update', 'BEFORE UPDATE ON pose_estimates', 'an attached estimate cannot be changed')}
      ${neverDeleted('pose_estimates')}
    `);
  },
};
