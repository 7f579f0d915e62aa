/**
 * Call events (migration 0019): the family admitted into the call, the call
 * ended. Append-only; each row is audited in the same transaction with ids
 * only (`call.event`, the row id, the visit id and the kind).
 */
import type { Database } from 'better-sqlite3';
import { appendAudit } from './audit';

export type CallEventKind = 'family_admitted' | 'call_ended';

export interface StoredCallEvent {
  id: number;
  visitId: string;
  kind: CallEventKind;
  at: string;
  recordedBy: string;
}

type Row = { id: number; visit_id: string; kind: CallEventKind; at: string; recorded_by: string };
const toEvent = (r: Row): StoredCallEvent => ({ id: r.id, visitId: r.visit_id, kind: r.kind, at: r.at, recordedBy: r.recorded_by });

export function createCallEventRepository(db: Database) {
  const insert = db.prepare(`INSERT INTO call_events (visit_id, kind, at, recorded_by) VALUES (?, ?, ?, ?)`);
  const all = db.prepare(`SELECT id, visit_id, kind, at, recorded_by FROM call_events WHERE visit_id = ? ORDER BY id`);
  const record = db.transaction((visitId: string, kind: CallEventKind, at: string, actor: string) => {
    const id = Number(insert.run(visitId, kind, at, actor).lastInsertRowid);
    appendAudit(db, { actor, action: 'call.event', entity: 'call_event', entityId: String(id), detail: { visitId, kind }, at });
    return { id, visitId, kind, at, recordedBy: actor } satisfies StoredCallEvent;
  });
  return {
    /** Throws a SqliteError when the visit is signed or unknown; run under storageGuard. */
    record(visitId: string, kind: CallEventKind, at: string, actor: string): StoredCallEvent {
      return record(visitId, kind, at, actor);
    },
    list(visitId: string): StoredCallEvent[] {
      return (all.all(visitId) as Row[]).map(toEvent);
    },
  };
}
export type CallEventRepository = ReturnType<typeof createCallEventRepository>;
