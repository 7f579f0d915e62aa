import type { Migration } from './types';

/** Patients (the child), their guardians, and scheduled visits. */
export const m0001Initial: Migration = {
  version: 1,
  name: '0001-initial',
  up(db) {
    db.exec(`
      CREATE TABLE patients (
        id TEXT PRIMARY KEY,
        child_name TEXT NOT NULL CHECK (length(child_name) BETWEEN 1 AND 200),
        -- lower-cased copy for search; kept in step by the service
        name_search TEXT NOT NULL,
        date_of_birth TEXT NOT NULL CHECK (date_of_birth GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
        weight_kg REAL NOT NULL CHECK (weight_kg > 0 AND weight_kg <= 250),
        weight_recorded_at TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX patients_by_name ON patients(name_search);

      CREATE TABLE guardians (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        phone TEXT NOT NULL CHECK (length(phone) <= 32),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX guardians_by_patient ON guardians(patient_id);

      CREATE TABLE visits (
        id TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        scheduled_start TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 120),
        reason TEXT CHECK (reason IS NULL OR length(reason) <= 500),
        status TEXT NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'waiting', 'in_progress', 'awaiting_decision', 'signed')),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX visits_by_start ON visits(scheduled_start DESC, id DESC);
      CREATE INDEX visits_by_patient ON visits(patient_id, scheduled_start DESC);
    `);
  },
};
