/**
 * The EHR outbox (migration 0013): what must be delivered, and how far each
 * delivery got. `enqueue` runs inside the signing (or addendum) transaction,
 * so a signature is never committed without its delivery row. Every state
 * change the clinician cares about is audited (queued, delivered, refused,
 * queued again by hand); transient failures only update the row (a 429 storm
 * would otherwise fill the audit log).
 */
import type { Database } from 'better-sqlite3';
import { appendAudit } from '../store/audit';

export type DeliveryStateName = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxRow {
  id: number;
  visitId: string;
  version: number;
  reason: 'signed' | 'addendum';
  state: DeliveryStateName;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  remoteId: string | null;
  enqueuedAt: string;
  sentAt: string | null;
}

/** What home and the room show for one visit: its latest version's delivery. */
export interface DeliveryState {
  visitId: string;
  version: number;
  state: DeliveryStateName;
  attempts: number;
  lastError: string | null;
  remoteId: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
}

interface Raw {
  id: number;
  visit_id: string;
  version: number;
  reason: 'signed' | 'addendum';
  state: DeliveryStateName;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  remote_id: string | null;
  enqueued_at: string;
  sent_at: string | null;
}
const toRow = (r: Raw): OutboxRow => ({
  id: r.id,
  visitId: r.visit_id,
  version: r.version,
  reason: r.reason,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  remoteId: r.remote_id,
  enqueuedAt: r.enqueued_at,
  sentAt: r.sent_at,
});

const clip = (s: string) => (s.length > 1000 ? `${s.slice(0, 997)}...` : s);

export function createOutbox(db: Database) {
  const q = {
    nextVersion: db.prepare(`SELECT COALESCE(MAX(version), 0) + 1 AS v FROM ehr_outbox WHERE visit_id = ?`),
    insert: db.prepare(
      `INSERT INTO ehr_outbox (visit_id, version, reason, state, next_attempt_at, enqueued_at) VALUES (@visitId, @version, @reason, 'queued', @at, @at)`,
    ),
    // Due rows whose earlier versions are all delivered: a replacement is only sent once the EHR has the document it replaces.
    due: db.prepare(
      `SELECT * FROM ehr_outbox o WHERE o.state = 'queued' AND o.next_attempt_at <= ?
         AND NOT EXISTS (SELECT 1 FROM ehr_outbox e WHERE e.visit_id = o.visit_id AND e.version < o.version AND e.state <> 'sent')
       ORDER BY o.next_attempt_at, o.id LIMIT ?`,
    ),
    claim: db.prepare(`UPDATE ehr_outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'queued'`),
    byId: db.prepare(`SELECT * FROM ehr_outbox WHERE id = ?`),
    previous: db.prepare(`SELECT remote_id FROM ehr_outbox WHERE visit_id = ? AND version = ? AND state = 'sent'`),
    sent: db.prepare(`UPDATE ehr_outbox SET state = 'sent', remote_id = @remoteId, sent_at = @at, last_error = NULL WHERE id = @id AND state = 'sending'`),
    retry: db.prepare(`UPDATE ehr_outbox SET state = 'queued', next_attempt_at = @next, last_error = @error WHERE id = @id AND state = 'sending'`),
    failed: db.prepare(`UPDATE ehr_outbox SET state = 'failed', last_error = @error WHERE id = @id AND state = 'sending'`),
    retryNow: db.prepare(`UPDATE ehr_outbox SET state = 'queued', next_attempt_at = @at WHERE visit_id = @visitId AND state IN ('failed', 'queued')`),
    recover: db.prepare(`UPDATE ehr_outbox SET state = 'queued' WHERE state = 'sending'`),
    latest: db.prepare(`SELECT * FROM ehr_outbox WHERE visit_id = ? ORDER BY version DESC LIMIT 1`),
    // The visit's state is its worst unsent row (a failed v1 blocks v2), else its latest.
    blocking: db.prepare(`SELECT * FROM ehr_outbox WHERE visit_id = ? AND state <> 'sent' ORDER BY version LIMIT 1`),
    nextDue: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM ehr_outbox WHERE state = 'queued'`),
    counts: db.prepare(`SELECT state, COUNT(*) AS n FROM ehr_outbox GROUP BY state`),
  };
  const tx = <T>(fn: () => T): T => db.transaction(fn)();

  return {
    /** Queue the visit's next document version. Call inside the signing/addendum transaction. */
    enqueue(visitId: string, reason: 'signed' | 'addendum', at: string, actor: string): number {
      const version = (q.nextVersion.get(visitId) as { v: number }).v;
      q.insert.run({ visitId, version, reason, at });
      appendAudit(db, { actor, action: 'ehr.queue', entity: 'visit', entityId: visitId, at, detail: { version, reason } });
      return version;
    },

    /** After a crash or restart: whatever was in flight is sent again (safe: conditional create). */
    recoverInFlight(): number {
      return q.recover.run().changes;
    },

    /** Claim up to `limit` due rows (state → sending, attempts + 1), in one transaction. */
    claimDue(nowIso: string, limit: number): OutboxRow[] {
      return tx(() => {
        const rows = (q.due.all(nowIso, limit) as Raw[]).map(toRow);
        return rows.filter((r) => q.claim.run(r.id).changes === 1).map((r) => ({ ...r, state: 'sending' as const, attempts: r.attempts + 1 }));
      });
    },

    /** The EHR id of the version this one replaces (null for version 1). */
    replacedRemoteId(visitId: string, version: number): string | null {
      if (version <= 1) return null;
      return ((q.previous.get(visitId, version - 1) as { remote_id: string } | undefined)?.remote_id) ?? null;
    },

    markSent(row: OutboxRow, remoteId: string, at: string): void {
      tx(() => {
        if (q.sent.run({ id: row.id, remoteId, at }).changes !== 1) return;
        appendAudit(db, { actor: 'system', action: 'ehr.deliver', entity: 'visit', entityId: row.visitId, at, detail: { version: row.version, remoteId, attempts: row.attempts } });
      });
    },

    markRetry(row: OutboxRow, nextIso: string, error: string): void {
      q.retry.run({ id: row.id, next: nextIso, error: clip(error) });
    },

    markFailed(row: OutboxRow, error: string, at: string, httpStatus: number | null): void {
      tx(() => {
        if (q.failed.run({ id: row.id, error: clip(error) }).changes !== 1) return;
        appendAudit(db, { actor: 'system', action: 'ehr.fail', entity: 'visit', entityId: row.visitId, at, detail: { version: row.version, httpStatus, attempts: row.attempts } });
      });
    },

    /** "Retry now": a failed or backing-off delivery is due at once. Returns how many rows changed. */
    retryNow(visitId: string, at: string, actor: string): number {
      return tx(() => {
        const n = q.retryNow.run({ visitId, at }).changes;
        if (n > 0) appendAudit(db, { actor, action: 'ehr.retry', entity: 'visit', entityId: visitId, at, detail: { rows: n } });
        return n;
      });
    },

    get(id: number): OutboxRow | null {
      const r = q.byId.get(id) as Raw | undefined;
      return r ? toRow(r) : null;
    },

    /** The delivery state to show for a visit, or null when it was never queued (standalone, or unsigned). */
    stateOf(visitId: string): DeliveryState | null {
      const r = (q.blocking.get(visitId) ?? q.latest.get(visitId)) as Raw | undefined;
      if (!r) return null;
      return {
        visitId,
        version: r.version,
        state: r.state,
        attempts: r.attempts,
        lastError: r.last_error,
        remoteId: r.state === 'sent' ? r.remote_id : ((q.latest.get(visitId) as Raw).remote_id ?? null),
        nextAttemptAt: r.state === 'queued' ? r.next_attempt_at : null,
        sentAt: r.sent_at,
      };
    },

    /** The earliest time a queued row is due, or null when nothing waits. */
    nextDueAt(): string | null {
      return (q.nextDue.get() as { at: string | null }).at;
    },

    counts(): Record<DeliveryStateName, number> {
      const out: Record<DeliveryStateName, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
      for (const r of q.counts.all() as { state: DeliveryStateName; n: number }[]) out[r.state] = r.n;
      return out;
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
