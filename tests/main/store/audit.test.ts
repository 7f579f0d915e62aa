import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, auditRowHash, canonicalJson, GENESIS_HASH, verifyAuditChain } from '../../../electron/main/store/audit';
import { openRecordStore, readyToSign } from '../../support/record';

let store: Awaited<ReturnType<typeof openRecordStore>>;
afterEach(() => store?.close());

/** A store with a dozen audit rows from real service calls. */
async function withHistory() {
  store = await openRecordStore({ status: 'awaiting_decision' });
  await store.services.record.openVisit(store.visitId, store.clinicianId);
  await readyToSign(store);
  await store.services.record.sign(store.visitId, store.clinicianId);
  await store.services.record.recordExport(store.visitId, { format: 'pdf' }, store.clinicianId);
  const rows = (store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  expect(rows).toBeGreaterThanOrEqual(10);
  return rows;
}

/** An attacker with the file: drop the guards, then tamper. */
function dropGuards() {
  store.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_extends_chain;');
}

describe('canonicalJson', () => {
  it('sorts keys at every level so equal values hash equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });
});

describe('the audit chain', () => {
  it('chains every row to the one before and verifies', async () => {
    const rows = await withHistory();
    const all = store.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Parameters<typeof auditRowHash>[0][] & { hash: string }[];
    expect(all[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i += 1) expect(all[i]!.prev_hash).toBe(all[i - 1]!.hash);
    expect(verifyAuditChain(store.db)).toEqual({ ok: true, rows });
  });

  it('refuses UPDATE and DELETE of audit rows (triggers)', async () => {
    await withHistory();
    expect(() => store.db.prepare(`UPDATE audit_log SET actor = 'someone' WHERE seq = 3`).run()).toThrow(/append-only/);
    expect(() => store.db.prepare(`DELETE FROM audit_log WHERE seq = 3`).run()).toThrow(/append-only/);
  });

  it('refuses an inserted row that does not extend the chain', async () => {
    await withHistory();
    expect(() =>
      store.db
        .prepare(`INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, detail_json, prev_hash, hash) VALUES (1000, 'x', 'x', 'x', 'x', 'x', '{}', ?, ?)`)
        .run('0'.repeat(64), '0'.repeat(64)),
    ).toThrow(/seq must follow/);
  });

  it('finds an edited row', async () => {
    await withHistory();
    dropGuards();
    store.db.prepare(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5`).run();
    expect(verifyAuditChain(store.db)).toEqual({ ok: false, firstBadSeq: 5, reason: 'edited' });
  });

  it('finds an edited row even when its hash was recomputed (the next link breaks)', async () => {
    await withHistory();
    dropGuards();
    const row = store.db.prepare('SELECT * FROM audit_log WHERE seq = 4').get() as Parameters<typeof auditRowHash>[0];
    const forged = { ...row, action: 'visit.open' };
    store.db.prepare(`UPDATE audit_log SET action = ?, hash = ? WHERE seq = 4`).run(forged.action, auditRowHash(forged));
    expect(verifyAuditChain(store.db)).toEqual({ ok: false, firstBadSeq: 5, reason: 'broken_link' });
  });

  it('finds a deleted row', async () => {
    await withHistory();
    dropGuards();
    store.db.prepare(`DELETE FROM audit_log WHERE seq = 6`).run();
    expect(verifyAuditChain(store.db)).toEqual({ ok: false, firstBadSeq: 6, reason: 'deleted' });
  });

  it('finds a deleted row when the rest were renumbered to hide the gap', async () => {
    await withHistory();
    dropGuards();
    store.db.prepare(`DELETE FROM audit_log WHERE seq = 6`).run();
    store.db.prepare(`UPDATE audit_log SET seq = seq - 1 WHERE seq > 6`).run();
    expect(verifyAuditChain(store.db)).toMatchObject({ ok: false, firstBadSeq: 6 });
  });

  it('finds two rows swapped', async () => {
    await withHistory();
    dropGuards();
    const cols = 'at, actor, action, entity, entity_id, detail_json, prev_hash, hash';
    const a = store.db.prepare(`SELECT ${cols} FROM audit_log WHERE seq = 7`).get() as Record<string, string>;
    const b = store.db.prepare(`SELECT ${cols} FROM audit_log WHERE seq = 8`).get() as Record<string, string>;
    const put = store.db.prepare(
      `UPDATE audit_log SET at=@at, actor=@actor, action=@action, entity=@entity, entity_id=@entity_id, detail_json=@detail_json, prev_hash=@prev_hash, hash=@hash WHERE seq=@seq`,
    );
    put.run({ ...b, seq: 7 });
    put.run({ ...a, seq: 8 });
    expect(verifyAuditChain(store.db)).toMatchObject({ ok: false, firstBadSeq: 7 });
  });

  it('keeps going after a verified chain: new rows extend it', async () => {
    const rows = await withHistory();
    appendAudit(store.db, { actor: 'system', action: 'visit.open', entity: 'visit', entityId: store.visitId, at: '2026-11-27T11:00:00.000Z' });
    expect(verifyAuditChain(store.db)).toEqual({ ok: true, rows: rows + 1 });
  });

  it('is written in the same transaction as the change: a failed change leaves no audit row', async () => {
    await withHistory();
    const before = (store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    await expect(store.services.record.decide(store.visitId, { tier: 'A' }, store.clinicianId)).rejects.toThrow();
    expect((store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(before);
  });
});
