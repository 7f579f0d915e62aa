import type { Migration } from './types';

/**
 * The user of the app (a clinician with a passcode) and the times of a
 * visit's life: created by whom, call started and ended, signed by whom and
 * against which red-flag catalog version.
 */
export const m0003CliniciansAndVisitLifecycle: Migration = {
  version: 3,
  name: '0003-clinicians-and-visit-lifecycle',
  up(db) {
    db.exec(`
      CREATE TABLE clinicians (
        id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64 AND id NOT IN ('family', 'system')),
        display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        credentials TEXT NOT NULL CHECK (length(credentials) <= 100),
        -- scrypt$N$r$p$salt$hash (base64url); never the passcode itself
        passcode_hash TEXT NOT NULL CHECK (passcode_hash GLOB 'scrypt$*'),
        created_at TEXT NOT NULL
      ) STRICT;

      ALTER TABLE visits ADD COLUMN created_by TEXT NOT NULL DEFAULT 'system';
      ALTER TABLE visits ADD COLUMN updated_at TEXT;
      ALTER TABLE visits ADD COLUMN started_at TEXT;
      ALTER TABLE visits ADD COLUMN ended_at TEXT;
      ALTER TABLE visits ADD COLUMN signed_at TEXT;
      ALTER TABLE visits ADD COLUMN signed_by TEXT REFERENCES clinicians(id);
      ALTER TABLE visits ADD COLUMN signed_catalog_version TEXT;

      -- the visit list filtered by status, newest first
      CREATE INDEX visits_by_status_start ON visits(status, scheduled_start DESC, id DESC);
    `);
  },
};
