import type { Migration } from './types';

/**
 * The SQL close gate learns the four rules the shared gate
 * (shared/clinical/gate.ts) had and it lacked (issue 15, item 2), so the
 * last guard and the rule the clinician sees agree on whether a visit can
 * be signed (tests/main/store/close-gate-agrees.test.ts, generated records):
 * - **family confirmation**: a catalog flag whose stored assessment is
 *   `absent` from the family's intake alone (source `family_intake`) has not
 *   been gone over with the family; the clinician's confirmation replaces it
 *   with their own `absent`;
 * - **not examined**: a checklist movement with no current (not struck out)
 *   observation; skipping one is an observation "not assessed" with a reason.
 *   The movements come from the new `catalog_movements` table, synced from
 *   the clinical content with the flags (store/catalog.ts), so the store
 *   still knows no movement of its own;
 * - **a decision, always**: the shared gate (and so the visit room) never
 *   signs without an escalation decision, tier E included; the SQL gate
 *   asked for one only when a flag was present or could not be assessed;
 * - **below the minimum tier**: a decision less urgent than the tier of a
 *   present flag needs a written rationale. The flags' tiers come from the
 *   new `catalog_red_flags.tier` column; a catalog synced before it (tier
 *   NULL) counts as tier D, the least urgent a flag can demand.
 *
 * The older rules (every flag assessed, a rationale for home care while a
 * flag is present or could not be assessed, who and when, the
 * call check of 0015) stay where they are. Existing signed visits are not
 * touched: triggers judge the moment of signing.
 */
export const m0018CloseGateAgrees: Migration = {
  version: 18,
  name: '0018-close-gate-agrees',
  up(db) {
    db.exec(`
      ALTER TABLE catalog_red_flags ADD COLUMN tier TEXT CHECK (tier IS NULL OR tier IN ('A', 'B', 'C', 'D'));

      CREATE TABLE catalog_movements (
        maneuver_id TEXT PRIMARY KEY CHECK (length(maneuver_id) BETWEEN 1 AND 100),
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        content_version TEXT NOT NULL CHECK (length(content_version) BETWEEN 1 AND 100)
      ) STRICT;

      CREATE TRIGGER visits_close_gate_0018 BEFORE UPDATE OF status ON visits
        WHEN NEW.status = 'signed' AND OLD.status IS NOT 'signed' BEGIN
        SELECT RAISE(ABORT, 'close gate: no escalation decision is recorded')
          WHERE NOT EXISTS (SELECT 1 FROM escalation_decisions d WHERE d.visit_id = NEW.id);
        SELECT RAISE(ABORT, 'close gate: a flag is absent only by the family''s answers, not confirmed by the clinician')
          WHERE EXISTS (SELECT 1 FROM flag_assessments a JOIN catalog_red_flags c ON c.flag_id = a.flag_id
                        WHERE a.visit_id = NEW.id AND a.state = 'absent' AND a.source = 'family_intake');
        SELECT RAISE(ABORT, 'close gate: a movement was never examined or skipped with a reason')
          WHERE EXISTS (SELECT 1 FROM catalog_movements m WHERE NOT EXISTS
                        (SELECT 1 FROM observations o WHERE o.visit_id = NEW.id AND o.maneuver_id = m.maneuver_id AND o.retracted = 0));
        SELECT RAISE(ABORT, 'close gate: a decision less urgent than a present flag demands needs a written rationale')
          WHERE EXISTS (SELECT 1 FROM escalation_decisions d
                        JOIN flag_assessments a ON a.visit_id = d.visit_id AND a.state = 'present'
                        JOIN catalog_red_flags c ON c.flag_id = a.flag_id
                        WHERE d.visit_id = NEW.id AND length(trim(coalesce(d.rationale, ''))) = 0
                          AND coalesce(c.tier, 'D') < d.tier);
      END;
    `);
  },
};
