/**
 * Call checks (migration 0015): where the child is and a call-back number,
 * confirmed by the clinician on the call. Append-only; the latest row is the
 * current one. Each row is audited in the same transaction (ids only: the
 * location and the number are patient data and stay in this table).
 */
import type { Database } from 'better-sqlite3';
import { appendAudit } from './audit';

export interface StoredCallCheck {
  id: number;
  visitId: string;
  childLocation: string;
  callbackPhone: string;
  recordedAt: string;
  recordedBy: string;
}

export function createCallCheckRepository(db: Database) {
  const insert = db.prepare(
    `INSERT INTO call_checks (visit_id, child_location, callback_phone, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)`,
  );
  const latest = db.prepare(
    `SELECT id, visit_id, child_location, callback_phone, recorded_at, recorded_by FROM call_checks WHERE visit_id = ? ORDER BY id DESC LIMIT 1`,
  );
  type Row = { id: number; visit_id: string; child_location: string; callback_phone: string; recorded_at: string; recorded_by: string };
  const toCheck = (r: Row): StoredCallCheck => ({
    id: r.id,
    visitId: r.visit_id,
    childLocation: r.child_location,
    callbackPhone: r.callback_phone,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  });
  const record = db.transaction((visitId: string, childLocation: string, callbackPhone: string, at: string, actor: string) => {
    const id = Number(insert.run(visitId, childLocation, callbackPhone, at, actor).lastInsertRowid);
    appendAudit(db, { actor, action: 'call.check', entity: 'call_check', entityId: String(id), detail: { visitId }, at });
    return toCheck(latest.get(visitId) as Row);
  });
  return {
    /** Throws a SqliteError when the visit is signed or unknown, or a value breaks the table's checks; run under storageGuard. */
    record(visitId: string, childLocation: string, callbackPhone: string, at: string, actor: string): StoredCallCheck {
      return record(visitId, childLocation, callbackPhone, at, actor);
    },
    current(visitId: string): StoredCallCheck | null {
      const r = latest.get(visitId) as Row | undefined;
      return r ? toCheck(r) : null;
    },
  };
}
export type CallCheckRepository = ReturnType<typeof createCallCheckRepository>;
