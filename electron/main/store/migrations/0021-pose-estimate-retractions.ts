import type { Migration } from './types';

/**
 * Retracting an attached camera estimate (issue 17, item 3): the clinician
 * attached an estimate to a finding and then judges it wrong (the child was
 * half turned, a parent walked into the picture...). Estimates are never
 * changed or deleted (0016), so a retraction is a row of its own, appended:
 * which estimate, who, when and why. The room, the note and the FHIR
 * document drop a retracted estimate; the estimate row and its retraction
 * stay in the store for the record.
 *
 * One retraction per estimate (UNIQUE). The retraction must name an estimate
 * of the same visit; a signed visit takes none (its estimates are part of
 * what was signed: a correction is an addendum). Rows never change and are
 * never deleted. The reason is clinical free text: it is stored here and
 * never copied into the audit log (ids only, electron/main/store/pose-estimate-retractions.ts).
 */
export const m0021PoseEstimateRetractions: Migration = {
  version: 21,
  name: '0021-pose-estimate-retractions',
  up(db) {
    db.exec(`
      CREATE TABLE pose_estimate_retractions (
        id TEXT PRIMARY KEY,
        estimate_id TEXT NOT NULL UNIQUE REFERENCES pose_estimates(id),
        visit_id TEXT NOT NULL REFERENCES visits(id),
        reason TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 500),
        retracted_by TEXT NOT NULL REFERENCES clinicians(id),
        retracted_at TEXT NOT NULL CHECK (length(retracted_at) BETWEEN 20 AND 30 AND retracted_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
      ) STRICT;
      CREATE INDEX pose_estimate_retractions_by_visit ON pose_estimate_retractions (visit_id, estimate_id);
      CREATE TRIGGER pose_estimate_retractions_frozen_when_signed BEFORE INSERT ON pose_estimate_retractions
        WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'signed' BEGIN
        SELECT RAISE(ABORT, 'visit is signed: add an addendum instead');
      END;
      CREATE TRIGGER pose_estimate_retractions_same_visit BEFORE INSERT ON pose_estimate_retractions
        WHEN NOT EXISTS (SELECT 1 FROM pose_estimates e WHERE e.id = NEW.estimate_id AND e.visit_id = NEW.visit_id) BEGIN
        SELECT RAISE(ABORT, 'a retraction names an estimate of the same visit');
      END;
      CREATE TRIGGER pose_estimate_retractions_never_updated BEFORE UPDATE ON pose_estimate_retractions BEGIN
        SELECT RAISE(ABORT, 'a retraction is never changed');
      END;
      CREATE TRIGGER pose_estimate_retractions_never_deleted BEFORE DELETE ON pose_estimate_retractions BEGIN
        SELECT RAISE(ABORT, 'clinical rows are never deleted');
      END;
    `);
  },
};
