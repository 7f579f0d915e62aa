import type { Migration } from './types';

/**
 * Unlock guessing (issue 14): wrong passcodes in a row and the pause they
 * earned, kept in the (encrypted) store so quitting and restarting the
 * console does not reset the back-off. One row for the whole console: a
 * guesser cycling through clinicians gains nothing.
 */
export const m0011UnlockGuard: Migration = {
  version: 11,
  name: '0011-unlock-guard',
  up(db) {
    db.exec(`
      CREATE TABLE unlock_guard (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        failures INTEGER NOT NULL CHECK (failures >= 0),
        paused_until TEXT,
        last_failure_at TEXT
      ) STRICT;
      INSERT INTO unlock_guard (id, failures) VALUES (1, 0);
    `);
  },
};
