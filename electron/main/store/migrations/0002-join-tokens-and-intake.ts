import type { Migration } from './types';

/**
 * Family join links and the family's pre-visit intake.
 * A join token is stored only as its SHA-256 hash; `used_at` makes it single
 * use (a conditional UPDATE, so two concurrent uses cannot both win).
 */
export const m0002JoinTokensAndIntake: Migration = {
  version: 2,
  name: '0002-join-tokens-and-intake',
  up(db) {
    db.exec(`
      CREATE TABLE join_tokens (
        token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
        visit_id TEXT NOT NULL REFERENCES visits(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        revoked_at TEXT
      ) STRICT;
      CREATE INDEX join_tokens_by_visit ON join_tokens(visit_id);

      CREATE TABLE intakes (
        visit_id TEXT PRIMARY KEY REFERENCES visits(id),
        -- JSON validated by the shared intake schema before it is written
        answers_json TEXT NOT NULL CHECK (json_valid(answers_json) AND length(answers_json) <= 20000),
        language TEXT NOT NULL CHECK (language IN ('en', 'es')),
        submitted_at TEXT NOT NULL,
        submitted_by TEXT NOT NULL CHECK (submitted_by IN ('family', 'clinician'))
      ) STRICT;
    `);
  },
};
