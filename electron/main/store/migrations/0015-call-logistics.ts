import type { Migration } from './types';
import { guard, neverDeleted } from './sql';

/**
 * Call logistics (issue 16 item 3).
 *
 * `call_checks`: at the start of a call the clinician confirms where the
 * child is and a number to call back on if the call drops. Append-only: a
 * correction (the family moved, a second number) is a new row and the latest
 * row is the current one; rows are never updated or deleted, and a signed
 * visit takes none (the frozen-visit rule of 0006). The close gate refuses to
 * sign an "emergency now" or "same-day in person" decision (tiers A and B)
 * without one: sending a family to the emergency department without knowing
 * where the child is, or how to reach them, is the failure this prevents.
 *
 * `join_tokens.rejoin_hash`: the family who used a link may come back with
 * it while the visit is open (docs/video.md, "Rejoining with the same
 * link"). Using a link hands that browser a rejoin key; only its SHA-256 is
 * stored here, replaced on every rejoin and cleared when the call ends.
 *
 * Assigned number 0015. On this branch it is the 14th step (0014 is another
 * branch's); the lead renumbers at merge, and tests find it by name.
 */
export const m0015CallLogistics: Migration = {
  version: 15,
  name: '0015-call-logistics',
  up(db) {
    db.exec(`
      CREATE TABLE call_checks (
        id INTEGER PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        child_location TEXT NOT NULL CHECK (length(trim(child_location)) BETWEEN 1 AND 200),
        callback_phone TEXT NOT NULL CHECK (length(callback_phone) BETWEEN 7 AND 32 AND callback_phone NOT GLOB '*[^0-9 +().-]*'),
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL CHECK (length(recorded_by) BETWEEN 1 AND 100)
      ) STRICT;
      CREATE INDEX call_checks_visit ON call_checks (visit_id, id);
      ${guard('call_checks_frozen_when_signed', ['BEFORE INSERT ON call_checks', "WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'signed'"], 'visit is signed: add an addendum instead')}
      ${guard('call_checks_never_updated', 'BEFORE UPDATE ON call_checks', 'a call check is never changed: record a new one')}
      ${neverDeleted('call_checks')}
      CREATE TRIGGER visits_close_gate_call_check BEFORE UPDATE OF status ON visits
        WHEN NEW.status = 'signed' AND OLD.status IS NOT 'signed' BEGIN
        SELECT RAISE(ABORT, 'close gate: an emergency or same-day decision needs the child''s location and a call-back number')
          WHERE EXISTS (SELECT 1 FROM escalation_decisions d WHERE d.visit_id = NEW.id AND d.tier IN ('A', 'B'))
            AND NOT EXISTS (SELECT 1 FROM call_checks c WHERE c.visit_id = NEW.id);
      END;

      ALTER TABLE join_tokens ADD COLUMN rejoin_hash TEXT CHECK (rejoin_hash IS NULL OR length(rejoin_hash) = 64);
    `);
  },
};
