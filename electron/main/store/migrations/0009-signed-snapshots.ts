import type { Migration } from './types';
import { guard } from './sql';

const SNAPSHOT_COLUMNS = `visit_id, patient_json, guardians_json, signer_json, taken_at, backfilled`;

/** The snapshot of one visit's patient, guardians and signer, as SQL over the live rows (`v` is the visit). */
const snapshotSelect = (v: string, backfilled: 0 | 1) => `
  SELECT ${v}.id,
    json_object('childName', p.child_name, 'dateOfBirth', p.date_of_birth, 'sex', p.sex, 'weightKg', p.weight_kg,
                'weightRecordedAt', p.weight_recorded_at, 'isDemo', json(CASE p.is_demo WHEN 1 THEN 'true' ELSE 'false' END)),
    coalesce((SELECT json_group_array(json_object('id', g.id, 'name', g.name, 'phone', g.phone))
              FROM (SELECT id, name, phone FROM guardians WHERE patient_id = p.id ORDER BY created_at, id) g), '[]'),
    coalesce((SELECT json_object('id', c.id, 'displayName', c.display_name, 'credentials', c.credentials)
              FROM clinicians c WHERE c.id = ${v}.signed_by), '{}'),
    coalesce(${v}.signed_at, ''), ${backfilled}
  FROM patients p WHERE p.id = ${v}.patient_id`;

/**
 * Frozen means frozen (issue 14): at signing, the patient's, guardians' and
 * signer's details are copied into the signed record, so a later change to
 * the patient (a new phone number, a corrected name) or to the clinician's
 * display name never changes what was signed; exports read the snapshot.
 *
 * The copy is taken by a trigger in the same statement that signs, so even
 * raw SQL cannot sign without one; triggers refuse a snapshot for an
 * unsigned visit, and any change or removal of one. Visits signed before
 * this step get a snapshot of the details as they are now, marked
 * `backfilled` (what they were at signing is not known).
 */
export const m0009SignedSnapshots: Migration = {
  version: 9,
  name: '0009-signed-snapshots',
  up(db) {
    db.exec(`
      CREATE TABLE signed_snapshots (
        visit_id TEXT PRIMARY KEY REFERENCES visits(id),
        patient_json TEXT NOT NULL CHECK (json_valid(patient_json) AND json_type(patient_json) = 'object'),
        guardians_json TEXT NOT NULL CHECK (json_valid(guardians_json) AND json_type(guardians_json) = 'array'),
        signer_json TEXT NOT NULL CHECK (json_valid(signer_json) AND json_type(signer_json) = 'object'),
        taken_at TEXT NOT NULL,
        backfilled INTEGER NOT NULL DEFAULT 0 CHECK (backfilled IN (0, 1))
      ) STRICT;

      INSERT INTO signed_snapshots (${SNAPSHOT_COLUMNS})
        ${snapshotSelect('v', 1).replace('FROM patients p WHERE p.id = v.patient_id', "FROM visits v JOIN patients p ON p.id = v.patient_id WHERE v.status = 'signed'")};

      ${guard('signed_snapshots_only_for_signed', ['BEFORE INSERT ON signed_snapshots', "WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) IS NOT 'signed'"], 'signed snapshot: the visit is not signed')}
      ${guard('signed_snapshots_no_update', 'BEFORE UPDATE ON signed_snapshots', 'visit is signed: its patient, guardian and signer details are frozen')}
      ${guard('signed_snapshots_no_delete', 'BEFORE DELETE ON signed_snapshots', 'visit is signed: its patient, guardian and signer details are frozen')}
      CREATE TRIGGER visits_snapshot_at_signing AFTER UPDATE OF status ON visits
        WHEN NEW.status = 'signed' AND OLD.status IS NOT 'signed' BEGIN
        INSERT INTO signed_snapshots (${SNAPSHOT_COLUMNS}) ${snapshotSelect('NEW', 0)};
      END;
    `);
  },
};
