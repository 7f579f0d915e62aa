import type { Migration } from './types';

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
      CREATE TRIGGER ${t}_frozen_when_signed_insert BEFORE INSERT ON ${t} WHEN ${signedVisit('NEW.visit_id')} BEGIN
        SELECT RAISE(ABORT, 'visit is signed: add an addendum instead');
      END;
      CREATE TRIGGER ${t}_frozen_when_signed_update BEFORE UPDATE ON ${t}
        WHEN ${signedVisit('OLD.visit_id')} OR NEW.visit_id IS NOT OLD.visit_id BEGIN
        SELECT RAISE(ABORT, 'visit is signed: add an addendum instead');
      END;
      CREATE TRIGGER ${t}_never_deleted BEFORE DELETE ON ${t} BEGIN
        SELECT RAISE(ABORT, 'clinical rows are never deleted');
      END;`,
    ).join('\n');
    const versioned = VERSIONED_TABLES.map(
      (t) => `
      CREATE TRIGGER ${t}_one_version_at_a_time BEFORE UPDATE ON ${t} WHEN NEW.version IS NOT OLD.version + 1 BEGIN
        SELECT RAISE(ABORT, 'a change must raise version by one');
      END;`,
    ).join('\n');
    const transitions = ALLOWED_TRANSITIONS.map(([a, b]) => `('${a}', '${b}')`).join(', ');
    db.exec(`
      ${perTable}
      ${versioned}

      CREATE TRIGGER patients_never_deleted BEFORE DELETE ON patients BEGIN
        SELECT RAISE(ABORT, 'clinical rows are never deleted');
      END;
      CREATE TRIGGER guardians_never_deleted BEFORE DELETE ON guardians BEGIN
        SELECT RAISE(ABORT, 'clinical rows are never deleted');
      END;
      CREATE TRIGGER visits_never_deleted BEFORE DELETE ON visits BEGIN
        SELECT RAISE(ABORT, 'clinical rows are never deleted');
      END;
      CREATE TRIGGER clinical_revisions_no_update BEFORE UPDATE ON clinical_revisions BEGIN
        SELECT RAISE(ABORT, 'history is append-only');
      END;
      CREATE TRIGGER clinical_revisions_no_delete BEFORE DELETE ON clinical_revisions BEGIN
        SELECT RAISE(ABORT, 'history is append-only');
      END;

      -- addenda: only on a signed visit, and never changed or removed
      CREATE TRIGGER addenda_only_when_signed BEFORE INSERT ON addenda WHEN NOT ${signedVisit('NEW.visit_id')} BEGIN
        SELECT RAISE(ABORT, 'addenda are for signed visits; edit the entry instead');
      END;
      CREATE TRIGGER addenda_no_update BEFORE UPDATE ON addenda BEGIN
        SELECT RAISE(ABORT, 'addenda cannot be changed');
      END;
      CREATE TRIGGER addenda_never_deleted BEFORE DELETE ON addenda BEGIN
        SELECT RAISE(ABORT, 'clinical rows are never deleted');
      END;

      -- images are never edited; they need a live still-capture consent for the same visit
      CREATE TRIGGER still_images_no_update BEFORE UPDATE ON still_images BEGIN
        SELECT RAISE(ABORT, 'still images cannot be changed');
      END;
      CREATE TRIGGER still_images_need_consent BEFORE INSERT ON still_images
        WHEN NOT EXISTS (SELECT 1 FROM consents c WHERE c.id = NEW.consent_id AND c.visit_id = NEW.visit_id
                         AND c.kind = 'still_capture' AND c.withdrawn_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'no still-capture consent recorded for this visit');
      END;
      -- a consent can only be withdrawn, once
      CREATE TRIGGER consents_only_withdrawn BEFORE UPDATE ON consents
        WHEN OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL OR NEW.withdrawn_by IS NULL
          OR NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.given_by IS NOT OLD.given_by
          OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_at IS NOT OLD.recorded_at BEGIN
        SELECT RAISE(ABORT, 'a consent can only be withdrawn');
      END;

      -- a signed visit is frozen, whole
      CREATE TRIGGER visits_frozen_when_signed BEFORE UPDATE ON visits WHEN OLD.status = 'signed' BEGIN
        SELECT RAISE(ABORT, 'visit is signed: add an addendum instead');
      END;
      CREATE TRIGGER visits_status_follows_life BEFORE UPDATE OF status ON visits WHEN NEW.status IS NOT OLD.status BEGIN
        SELECT RAISE(ABORT, 'visit status: this change is not allowed')
          WHERE (OLD.status, NEW.status) NOT IN (VALUES ${transitions});
      END;
      CREATE TRIGGER visits_signed_only_when_new BEFORE INSERT ON visits WHEN NEW.status = 'signed' BEGIN
        SELECT RAISE(ABORT, 'visit status: a new visit cannot be signed');
      END;

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
