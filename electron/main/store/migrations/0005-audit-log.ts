import type { Migration } from './types';
import { guard } from './sql';

/**
 * The append-only, hash-chained audit log. Hashes are computed by the store
 * (electron/main/store/audit.ts); the triggers refuse any UPDATE or DELETE
 * and any INSERT that does not extend the chain from its last row.
 */
export const m0005AuditLog: Migration = {
  version: 5,
  name: '0005-audit-log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
        action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
        entity TEXT NOT NULL CHECK (length(entity) BETWEEN 1 AND 64),
        entity_id TEXT NOT NULL CHECK (length(entity_id) BETWEEN 1 AND 200),
        -- ids and field names only, never patient data
        detail_json TEXT NOT NULL CHECK (json_valid(detail_json) AND length(detail_json) <= 4000),
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL CHECK (length(hash) = 64)
      ) STRICT;
      CREATE INDEX audit_log_by_entity ON audit_log(entity_id, seq);

      ${guard('audit_log_no_update', 'BEFORE UPDATE ON audit_log', 'audit_log is append-only')}
      ${guard('audit_log_no_delete', 'BEFORE DELETE ON audit_log', 'audit_log is append-only')}
      CREATE TRIGGER audit_log_extends_chain BEFORE INSERT ON audit_log BEGIN
        SELECT RAISE(ABORT, 'audit_log: seq must follow the last row')
          WHERE NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log);
        SELECT RAISE(ABORT, 'audit_log: prev_hash must be the last row''s hash')
          WHERE NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '${'0'.repeat(64)}');
      END;
    `);
  },
};
