/**
 * Issue 14, item 7: the audit chain resists rewriting. Someone with the
 * decrypted file (or a copy and the SQL shell) drops the append-only
 * triggers, edits a row and recomputes every plain SHA-256 hash after it:
 * the plain check is fooled, the keyed check (HMAC with a key derived from
 * the database key) is not. Removing the macs is caught too.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openAppStore } from '../../../electron/main/app-store';
import { createServices } from '../../../electron/main/services';
import { fixedClock } from '../../../electron/main/services/deps';
import { auditRowHash, verifyAuditChain, type AuditRow } from '../../../electron/main/store/audit';
import { MIGRATIONS } from '../../../electron/main/store/migrations';
import { openDatabase } from '../../../electron/main/store/database';
import { appendAudit } from '../../../electron/main/store/audit';
import { sequentialIds, tempDbFile, validPatient } from '../../support/db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function storeWithHistory() {
  const tmp = tempDbFile();
  const key = randomBytes(32);
  const { db } = openAppStore(tmp.file, { key });
  const services = createServices({ db, clock: fixedClock('2026-11-27T10:00:00.000Z'), newId: sequentialIds(16) });
  const status = await services.session.setup({ displayName: 'Dr Chain', credentials: 'MD', passcode: 'correct-horse-42' });
  const patient = await services.patients.create(validPatient, status.current!.id);
  await services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T09:30:00Z', durationMinutes: 20 }, status.current!.id);
  await services.patients.read(patient.id, status.current!.id);
  db.close();
  cleanup = tmp.cleanup;
  return { file: tmp.file, key };
}

/** What an attacker with the file does: drop the guards, rewrite a row, recompute the plain chain from there on. */
function rewriteWithPlainHashes(db: Database, seq: number, change: Partial<AuditRow>): void {
  for (const t of ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_extends_chain', 'audit_log_stays_keyed']) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
  const rows = db.prepare(`SELECT * FROM audit_log ORDER BY seq`).all() as AuditRow[];
  const update = db.prepare(`UPDATE audit_log SET actor = @actor, detail_json = @detail_json, prev_hash = @prev_hash, hash = @hash, mac = @mac WHERE seq = @seq`);
  let prev = rows[0]!.prev_hash;
  for (const row of rows) {
    const next = { ...row, ...(row.seq === seq ? change : {}), prev_hash: prev };
    const { hash: _old, mac: _mac, ...content } = next;
    next.hash = auditRowHash(content);
    next.mac = change.mac === undefined ? (row.mac ?? null) : change.mac;
    update.run(next);
    prev = next.hash;
  }
}

describe('the keyed audit chain', () => {
  it('detects a row edited with every plain hash recomputed, which the plain check alone accepts', async () => {
    const { file, key } = await storeWithHistory();
    const db = openAppStore(file, { key }).db;
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
    expect(db.prepare(`SELECT count(*) FROM audit_log WHERE mac IS NULL`).pluck().get()).toBe(0);
    const target = db.prepare(`SELECT seq FROM audit_log WHERE action = 'patient.read'`).pluck().get() as number;
    rewriteWithPlainHashes(db, target, { actor: 'someone-else' });
    expect(verifyAuditChain(db, null)).toMatchObject({ ok: true }); // the plain chain is fooled
    expect(verifyAuditChain(db)).toEqual({ ok: false, firstBadSeq: target, reason: 'forged' });
    db.close();
    // And after a restart, with the key from the key file.
    const again = openAppStore(file, { key }).db;
    expect(verifyAuditChain(again)).toEqual({ ok: false, firstBadSeq: target, reason: 'forged' });
    again.close();
  });

  it('detects the macs being stripped (a downgrade to the plain chain), and is not resealed on the next open', async () => {
    const { file, key } = await storeWithHistory();
    const db = openAppStore(file, { key }).db;
    rewriteWithPlainHashes(db, 2, { detail_json: '{}', mac: null });
    db.exec(`UPDATE audit_log SET mac = NULL`);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, reason: 'unkeyed', firstBadSeq: 1 });
    db.close();
    // The next open does not re-seal a stripped chain (that would launder the rewrite).
    const again = openAppStore(file, { key }).db;
    expect(verifyAuditChain(again)).toMatchObject({ ok: false, reason: 'unkeyed', firstBadSeq: 1 });
    again.close();
  });

  it('seals rows written before the chain was keyed, on the first open with the key, and then keys every new row', () => {
    const tmp = tempDbFile();
    cleanup = tmp.cleanup;
    const key = randomBytes(32);
    const old = openDatabase(tmp.file, { key, migrations: MIGRATIONS.slice(0, 9) });
    appendAudit(old, { actor: 'system', action: 'catalog.sync', entity: 'catalog', entityId: 'x', at: '2026-01-01T00:00:00.000Z' });
    old.close();
    const db = openDatabase(tmp.file, { key, backupBeforeMigrate: false });
    expect(db.prepare(`SELECT count(*) FROM audit_log WHERE mac IS NULL`).pluck().get()).toBe(0);
    appendAudit(db, { actor: 'system', action: 'catalog.sync', entity: 'catalog', entityId: 'y', at: '2026-01-02T00:00:00.000Z' });
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 2 });
    expect(() => db.prepare(`UPDATE audit_log SET actor = 'x' WHERE seq = 1`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`UPDATE audit_log SET mac = ? WHERE seq = 1`).run('0'.repeat(64))).toThrow(/append-only/);
    db.close();
  });
});
