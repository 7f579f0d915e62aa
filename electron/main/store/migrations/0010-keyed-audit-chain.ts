import type { Migration } from './types';
import { guard } from './sql';

const COLUMNS = ['seq', 'at', 'actor', 'action', 'entity', 'entity_id', 'detail_json', 'prev_hash', 'hash'];

/**
 * The audit chain resists rewriting (issue 14): each row gets `mac`, an
 * HMAC-SHA256 over the previous row's mac and this row's hash, keyed with a
 * key derived from the database key (electron/main/store/audit.ts). The
 * plain SHA-256 chain can be recomputed by anyone who can edit rows; the mac
 * cannot without the key, which lives only where the database key lives.
 *
 * The one UPDATE allowed on audit_log is sealing: setting a missing mac and
 * nothing else (rows written before this step, sealed when the store is
 * next opened with its key). Once a row is keyed, every later row must be.
 */
export const m0010KeyedAuditChain: Migration = {
  version: 10,
  name: '0010-keyed-audit-chain',
  up(db) {
    const unchanged = COLUMNS.map((c) => `NEW.${c} IS OLD.${c}`).join(' AND ');
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN mac TEXT CHECK (mac IS NULL OR length(mac) = 64);

      DROP TRIGGER audit_log_no_update;
      ${guard('audit_log_no_update', ['BEFORE UPDATE ON audit_log', `WHEN NOT (OLD.mac IS NULL AND NEW.mac IS NOT NULL AND ${unchanged})`], 'audit_log is append-only')}
      ${guard('audit_log_stays_keyed', ['BEFORE INSERT ON audit_log', 'WHEN NEW.mac IS NULL AND EXISTS (SELECT 1 FROM audit_log WHERE mac IS NOT NULL)'], 'audit_log: a keyed chain needs a mac on every row')}
    `);
  },
};
