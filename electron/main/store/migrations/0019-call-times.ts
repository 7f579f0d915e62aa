import type { Migration } from './types';

/**
 * Call times (issue 16): when the clinician admitted the family into the call
 * and when the clinician ended it, so the note gives the call's real length
 * instead of the span of its exam entries.
 *
 * `call_events` is append-only like `call_checks` (0015): a family that drops
 * and is admitted again, or a second call, is a new row; rows are never
 * updated or deleted, and a signed visit takes none (the frozen-visit rule of
 * 0006). Each row is audited with ids only (./../call-events.ts): a time is
 * not patient data, but the audit log keeps the rule of naming rows, not
 * copying them.
 *
 * Assigned number 0019 (0018 is another branch's, not on this branch yet):
 * the registry must count 1, 2, 3, …, so on this branch it is step 18;
 * set `version: 19` when 0018 lands before it. Tests find it by name.
 */
export const m0019CallTimes: Migration = {
  version: 19,
  name: '0019-call-times',
  up(db) {
    db.exec(`
      CREATE TABLE call_events (
        id INTEGER PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        kind TEXT NOT NULL CHECK (kind IN ('family_admitted', 'call_ended')),
        at TEXT NOT NULL CHECK (length(at) BETWEEN 20 AND 30 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
        recorded_by TEXT NOT NULL CHECK (length(recorded_by) BETWEEN 1 AND 100)
      ) STRICT;
      CREATE INDEX call_events_visit ON call_events (visit_id, id);
      CREATE TRIGGER call_events_frozen_when_signed BEFORE INSERT ON call_events
        WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'signed' BEGIN
        SELECT RAISE(ABORT, 'visit is signed: add an addendum instead');
      END;
      CREATE TRIGGER call_events_never_updated BEFORE UPDATE ON call_events BEGIN
        SELECT RAISE(ABORT, 'a call event is never changed: record a new one');
      END;
      CREATE TRIGGER call_events_never_deleted BEFORE DELETE ON call_events BEGIN
        SELECT RAISE(ABORT, 'clinical rows are never deleted');
      END;
    `);
  },
};
