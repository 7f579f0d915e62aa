import type { Migration } from './types';

/**
 * Demo patients for a new clinician to try the whole flow alone. They are
 * marked, shown with a DEMO badge, and "removed" by hiding them: clinical rows
 * are never deleted, demo or not.
 */
export const m0008DemoPatients: Migration = {
  version: 8,
  name: '0008-demo-patients',
  up(db) {
    db.exec(`
      ALTER TABLE patients ADD COLUMN is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1));
      ALTER TABLE patients ADD COLUMN hidden_at TEXT;
    `);
  },
};
