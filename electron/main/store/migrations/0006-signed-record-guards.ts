import type { Migration } from './types';
import { guard, neverDeleted } from './sql';

/** Tables that hold one visit's clinical entries (each has visit_id). */
const VISIT_CHILD_TABLES = ['observations', 'flag_assessments', 'escalation_decisions', 'plans', 'consents', 'still_images', 'intakes'] as const;
/** Of those, the entries the clinician may correct before signing (history kept by 0004's triggers). */
const VERSIONED_TABLES = ['observations', 'flag_assessments', 'escalation_decisions', 'plans', 'intakes'] as const;

const signedVisit = (ref: string) => `(SELECT status FROM visits WHERE id = ${ref}) = 'signed'`;

/** The allowed status changes; everything else is refused by a trigger. */
export const ALLOWED_TRANSITIONS: ReadonlyArray<readonly [string, string]> = [
  ['scheduled', 'waiting'],
  ['waiting', 'in_progress'],
  ['in_progress', 'awaiting_decision'],
  // the clinician reopens the call before deciding
  ['awaiting_decision', 'in_progress'],
  ['awaiting_decision', 'signed'],
];

/**
 * The rules that must hold even for raw SQL (a bug, a script, a future
 * worker): a signed visit and its clinical rows are frozen; clinical rows are
 * never deleted; versioned entries move one version at a time; still images
 * need the family's recorded consent; status changes follow the visit's life;
 * and the close gate holds when a visit becomes signed.
 */
export const m0006SignedRecordGuards: Migration = {
  version: 6,
  name: '0006-signed-record-guards',
  up(db) {
    const perTable = VISIT_CHILD_TABLES.map(
      (t) => `
      ${guard(`${t}_frozen_when_signed_insert`, `BEFORE INSERT ON ${t} WHEN ${signedVisit('NEW.visit_id')}`, 'visit is signed: add an addendum instead')}
      ${guard(`${t}_frozen_when_signed_update`, [`BEFORE UPDATE ON ${t}`, `WHEN ${signedVisit('OLD.visit_id')} OR NEW.visit_id IS NOT OLD.visit_id`], 'visit is signed: add an addendum instead')}
      ${neverDeleted(t)}`,
    ).join('\n');
    const versioned = VERSIONED_TABLES.map(
      (t) => `
      ${guard(`${t}_one_version_at_a_time`, `BEFORE UPDATE ON ${t} WHEN NEW.version IS NOT OLD.version + 1`, 'a change must raise version by one')}`,
    ).join('\n');
    const transitions = ALLOWED_TRANSITIONS.map(([a, b]) => `('${a}', '${b}')`).join(', ');
    db.exec(`
      ${perTable}
      ${versioned}

      ${neverDeleted('patients')}
      ${neverDeleted('guardians')}
      ${neverDeleted('visits')}
      ${guard('clinical_revisions_no_update', 'BEFORE UPDATE ON clinical_revisions', 'history is append-only')}
      ${guard('clinical_revisions_no_delete', 'BEFORE DELETE ON clinical_revisions', 'history is append-only')}

      -- addenda: only on a signed visit, and never changed or removed
      ${guard('addenda_only_when_signed', `BEFORE INSERT ON addenda WHEN NOT ${signedVisit('NEW.visit_id')}`, 'addenda are for signed visits; edit the entry instead')}
      ${guard('addenda_no_update', 'BEFORE UPDATE ON addenda', 'addenda cannot be changed')}
      ${neverDeleted('addenda')}

      -- images are never edited; they need a live still-capture consent for the same visit
      ${guard('still_images_no_update', 'BEFORE UPDATE ON still_images', 'still images cannot be changed')}
      ${guard('still_images_need_consent', ['BEFORE INSERT ON still_images', 'WHEN NOT EXISTS (SELECT 1 FROM consents c WHERE c.id = NEW.consent_id AND c.visit_id = NEW.visit_id', "                 AND c.kind = 'still_capture' AND c.withdrawn_at IS NULL)"], 'no still-capture consent recorded for this visit')}
      -- a consent can only be withdrawn, once
      ${guard('consents_only_withdrawn', ['BEFORE UPDATE ON consents', 'WHEN OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL OR NEW.withdrawn_by IS NULL', '  OR NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.given_by IS NOT OLD.given_by', '  OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_at IS NOT OLD.recorded_at'], 'a consent can only be withdrawn')}

      -- a signed visit is frozen, whole
      ${guard('visits_frozen_when_signed', "BEFORE UPDATE ON visits WHEN OLD.status = 'signed'", 'visit is signed: add an addendum instead')}
      CREATE TRIGGER visits_status_follows_life BEFORE UPDATE OF status ON visits WHEN NEW.status IS NOT OLD.status BEGIN
        SELECT RAISE(ABORT, 'visit status: this change is not allowed')
          WHERE (OLD.status, NEW.status) NOT IN (VALUES ${transitions});
      END;
      ${guard('visits_signed_only_when_new', "BEFORE INSERT ON visits WHEN NEW.status = 'signed'", 'visit status: a new visit cannot be signed')}

      -- the close gate (the service checks the same rules first and names every reason)
      CREATE TRIGGER visits_close_gate BEFORE UPDATE OF status ON visits
        WHEN NEW.status = 'signed' AND OLD.status IS NOT 'signed' BEGIN
        SELECT RAISE(ABORT, 'close gate: no active red-flag catalog')
          WHERE NOT EXISTS (SELECT 1 FROM catalog_red_flags);
        SELECT RAISE(ABORT, 'close gate: a red flag in the active catalog has no assessment')
          WHERE EXISTS (SELECT 1 FROM catalog_red_flags c WHERE NOT EXISTS
                        (SELECT 1 FROM flag_assessments a WHERE a.visit_id = NEW.id AND a.flag_id = c.flag_id));
        SELECT RAISE(ABORT, 'close gate: a red flag is present or could not be assessed and no escalation decision is recorded')
          WHERE EXISTS (SELECT 1 FROM flag_assessments a WHERE a.visit_id = NEW.id AND a.state IN ('present', 'unassessable'))
            AND NOT EXISTS (SELECT 1 FROM escalation_decisions d WHERE d.visit_id = NEW.id);
        SELECT RAISE(ABORT, 'close gate: home care with a red flag present or unassessable needs a written rationale')
          WHERE EXISTS (SELECT 1 FROM flag_assessments a WHERE a.visit_id = NEW.id AND a.state IN ('present', 'unassessable'))
            AND EXISTS (SELECT 1 FROM escalation_decisions d WHERE d.visit_id = NEW.id AND d.tier = 'E'
                        AND length(trim(coalesce(d.rationale, ''))) = 0);
        SELECT RAISE(ABORT, 'close gate: signing needs who and when')
          WHERE NEW.signed_at IS NULL OR NEW.signed_by IS NULL;
      END;
    `);
  },
};
