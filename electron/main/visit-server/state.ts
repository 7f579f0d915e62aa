/**
 * The visit server's own small database (stateDir/visit-server.sqlite): the
 * hashes of join-link tokens and, for the consoles, enrolment codes and
 * device credentials (hashes only). It holds no patient data: a visit is an
 * opaque id scoped to the console that owns it, and the family's answers
 * never touch it (./relay.ts keeps them in memory until delivered).
 *
 * The join_tokens table has the columns store/join-tokens.ts expects, so the
 * console's token logic (single use, expiry, roles, and since version 2 the
 * rejoin key a family's browser keeps for its used link) is reused unchanged.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { Sqlite } from '../store/sqlite';

const SCHEMA_VERSION = 2;

export function openServerState(stateDir: string): Database {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const db = new Sqlite(join(stateDir, 'visit-server.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`The visit server's state file is from a newer version (${version}); it was not changed.`);
  }
  if (version < 1) {
    db.transaction(() => {
      db.exec(`
        CREATE TABLE join_tokens (
          token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
          visit_id TEXT NOT NULL CHECK (length(visit_id) BETWEEN 1 AND 200),
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          used_at TEXT,
          revoked_at TEXT,
          role TEXT CHECK (role IS NULL OR role IN ('family', 'caregiver', 'interpreter'))
        ) STRICT;
        CREATE INDEX join_tokens_by_visit ON join_tokens(visit_id);
        CREATE TABLE devices (
          id TEXT PRIMARY KEY,
          label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
          enrolment_hash TEXT UNIQUE,
          enrolment_expires_at TEXT,
          credential_hash TEXT UNIQUE,
          created_at TEXT NOT NULL,
          enrolled_at TEXT,
          revoked_at TEXT
        ) STRICT;
      `);
      db.pragma('user_version = 1');
    })();
  }
  if (version < 2) {
    // Rejoin with a used link (issue 16), as on the console: the hash of the key the family's browser keeps.
    db.transaction(() => {
      db.exec(`ALTER TABLE join_tokens ADD COLUMN rejoin_hash TEXT CHECK (rejoin_hash IS NULL OR length(rejoin_hash) = 64)`);
      db.pragma('user_version = 2');
    })();
  }
  return db;
}

/** Forget tokens that can no longer be used (expired a day ago), so the file does not grow forever. */
export function pruneTokens(db: Database, now: Date): number {
  const cutoff = new Date(now.getTime() - 24 * 3600_000).toISOString();
  return db.prepare(`DELETE FROM join_tokens WHERE expires_at < ?`).run(cutoff).changes;
}
