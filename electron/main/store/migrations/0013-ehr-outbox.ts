import type { Migration } from './types';

/**
 * The EHR outbox: one row per document version to deliver (1 = the signed
 * visit, 2, 3… = each addendum, which replaces the earlier document). The row
 * is written in the same transaction as the signature or the addendum, so a
 * signed visit is never left without its delivery, whatever happens after.
 *
 * state: queued (waiting or backing off: next_attempt_at), sending (an
 * attempt was in flight; after a crash it is simply sent again, which is safe
 * because delivery is a conditional create on a stable identifier), sent
 * (remote_id is the EHR's DocumentReference id), failed (the EHR refused it
 * with a 4xx: last_error says why; "Retry now" queues it again).
 */
export const m0013EhrOutbox: Migration = {
  version: 13,
  name: '0013-ehr-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE ehr_outbox (
        id INTEGER PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        reason TEXT NOT NULL CHECK (reason IN ('signed', 'addendum')),
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at TEXT NOT NULL,
        last_error TEXT CHECK (last_error IS NULL OR length(last_error) <= 1000),
        remote_id TEXT CHECK (remote_id IS NULL OR length(remote_id) <= 200),
        enqueued_at TEXT NOT NULL,
        sent_at TEXT,
        UNIQUE (visit_id, version),
        CHECK ((state = 'sent') = (remote_id IS NOT NULL AND sent_at IS NOT NULL))
      );
      CREATE INDEX ehr_outbox_due ON ehr_outbox (state, next_attempt_at);
      CREATE TRIGGER ehr_outbox_never_deleted BEFORE DELETE ON ehr_outbox
      BEGIN SELECT RAISE(ABORT, 'outbox rows are never deleted'); END;
      CREATE TRIGGER ehr_outbox_sent_is_final BEFORE UPDATE ON ehr_outbox
      WHEN OLD.state = 'sent' AND (NEW.state <> 'sent' OR NEW.remote_id IS NOT OLD.remote_id)
      BEGIN SELECT RAISE(ABORT, 'a delivered document stays delivered'); END;
      CREATE TRIGGER ehr_outbox_only_signed BEFORE INSERT ON ehr_outbox
      WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) IS NOT 'signed'
      BEGIN SELECT RAISE(ABORT, 'only signed visits are delivered'); END;
    `);
  },
};
