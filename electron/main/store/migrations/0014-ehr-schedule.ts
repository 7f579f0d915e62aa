import type { Migration } from './types';

/**
 * Schedule in from the EHR (docs/ehr.md, "Schedule in"): which local patient
 * is which EHR Patient, and which local visit is which EHR Appointment, with
 * what the EHR last said for the schedule fields. A pull compares the EHR's
 * fields, the visit's and these, so it is idempotent (the appointment id is
 * unique) and a local change since the last pull is seen as one.
 *
 * ehr_start / ehr_minutes / ehr_reason / ehr_cancelled: the EHR's values the
 * visit was last brought in line with (not overwritten on a conflict).
 * cancelled_at: the EHR's cancellation was applied to this (untouched) visit;
 * the visit row itself is never deleted. conflict: the last pull's conflict in
 * words, shown on home until the two sides agree again.
 */
export const m0014EhrSchedule: Migration = {
  version: 14,
  name: '0014-ehr-schedule',
  up(db) {
    db.exec(`
      CREATE TABLE ehr_patients (
        ehr_patient_id TEXT PRIMARY KEY CHECK (length(ehr_patient_id) BETWEEN 1 AND 64),
        patient_id TEXT NOT NULL UNIQUE REFERENCES patients(id),
        version_id TEXT CHECK (version_id IS NULL OR length(version_id) <= 64),
        last_updated TEXT CHECK (last_updated IS NULL OR length(last_updated) <= 40),
        linked_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE ehr_appointments (
        appointment_id TEXT PRIMARY KEY CHECK (length(appointment_id) BETWEEN 1 AND 64),
        visit_id TEXT NOT NULL UNIQUE REFERENCES visits(id),
        ehr_patient_id TEXT NOT NULL REFERENCES ehr_patients(ehr_patient_id),
        practitioner_id TEXT CHECK (practitioner_id IS NULL OR length(practitioner_id) <= 64),
        version_id TEXT CHECK (version_id IS NULL OR length(version_id) <= 64),
        last_updated TEXT CHECK (last_updated IS NULL OR length(last_updated) <= 40),
        ehr_status TEXT NOT NULL CHECK (length(ehr_status) BETWEEN 1 AND 40),
        ehr_start TEXT NOT NULL,
        ehr_minutes INTEGER NOT NULL CHECK (ehr_minutes BETWEEN 5 AND 120),
        ehr_reason TEXT CHECK (ehr_reason IS NULL OR length(ehr_reason) <= 500),
        ehr_cancelled INTEGER NOT NULL DEFAULT 0 CHECK (ehr_cancelled IN (0, 1)),
        cancelled_at TEXT,
        conflict TEXT CHECK (conflict IS NULL OR length(conflict) <= 1000),
        first_pulled_at TEXT NOT NULL,
        last_pulled_at TEXT NOT NULL
      ) STRICT;

      CREATE TRIGGER ehr_patients_never_deleted BEFORE DELETE ON ehr_patients
      BEGIN SELECT RAISE(ABORT, 'EHR links are never deleted'); END;
      CREATE TRIGGER ehr_patients_link_is_fixed BEFORE UPDATE ON ehr_patients
      WHEN NEW.patient_id IS NOT OLD.patient_id OR NEW.ehr_patient_id IS NOT OLD.ehr_patient_id
      BEGIN SELECT RAISE(ABORT, 'an EHR patient link cannot be moved'); END;
      CREATE TRIGGER ehr_appointments_never_deleted BEFORE DELETE ON ehr_appointments
      BEGIN SELECT RAISE(ABORT, 'EHR links are never deleted'); END;
      CREATE TRIGGER ehr_appointments_link_is_fixed BEFORE UPDATE ON ehr_appointments
      WHEN NEW.visit_id IS NOT OLD.visit_id OR NEW.appointment_id IS NOT OLD.appointment_id OR NEW.ehr_patient_id IS NOT OLD.ehr_patient_id
      BEGIN SELECT RAISE(ABORT, 'an EHR appointment link cannot be moved'); END;
    `);
  },
};
