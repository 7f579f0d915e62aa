/**
 * A write's audit rows are inserted together (store/audit.ts withAuditHead,
 * issue 15 cost per write): on a keyed store, a key press that moves the
 * visit, adds the finding and derives flags leaves a chain that verifies,
 * keyed, with every row in order; a batch that fails leaves no row.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppStore } from '../../../electron/main/app-store';
import { createServices } from '../../../electron/main/services';
import { fixedClock } from '../../../electron/main/services/deps';
import { appendAudit, verifyAuditChain, withAuditHead } from '../../../electron/main/store/audit';
import { sequentialIds, tempDbFile, validPatient } from '../../support/db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('audit rows written as one batch', () => {
  it('chain and keyed macs verify after a key press that writes several audit rows at once', async () => {
    const tmp = tempDbFile();
    const key = randomBytes(32);
    const { db } = openAppStore(tmp.file, { key });
    cleanup = () => {
      if (db.open) db.close();
      tmp.cleanup();
    };
    const services = createServices({ db, clock: fixedClock('2026-11-27T10:00:00.000Z'), newId: sequentialIds(21) });
    const actor = (await services.session.setup({ displayName: 'Dr Batch', credentials: 'MD', passcode: 'correct-horse-42' })).current!.id;
    const patient = await services.patients.create(validPatient, actor);
    const visit = await services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T09:30:00Z', durationMinutes: 20 }, actor);
    const before = (db.prepare(`SELECT count(*) FROM audit_log`).pluck().get() as number);
    await services.visitRoom.recordObservation(visit.id, 'gait', { result: 'limp' } as never, actor);
    const rows = db.prepare(`SELECT seq, action, entity FROM audit_log WHERE seq > ? ORDER BY seq`).all(before) as { seq: number; action: string; entity: string }[];
    // Two status steps and the observation at least: several rows from one transaction.
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => before + 1 + i));
    expect(rows.slice(0, 3).map((r) => `${r.action} ${r.entity}`)).toEqual(['visit.status visit', 'visit.status visit', 'visit.change observation']);
    expect(verifyAuditChain(db, null)).toEqual({ ok: true, rows: before + rows.length });
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: before + rows.length });
    expect((db.prepare(`SELECT count(*) FROM audit_log WHERE mac IS NULL`).pluck().get() as number)).toBe(0);
  });

  it('writes nothing when the batch fails, and the next batch chains on the last stored row', () => {
    const tmp = tempDbFile();
    const { db } = openAppStore(tmp.file, { key: randomBytes(32) });
    cleanup = () => {
      if (db.open) db.close();
      tmp.cleanup();
    };
    const entry = (i: number) => ({ actor: 'system', action: 'visit.export' as const, entity: 'visit', entityId: `v${i}`, at: '2026-11-27T10:00:00.000Z' });
    const tx = db.transaction((fail: boolean) =>
      withAuditHead(db, () => {
        for (let i = 0; i < 20; i++) appendAudit(db, entry(i));
        if (fail) throw new Error('refused');
      }),
    );
    const count = () => db.prepare(`SELECT count(*) FROM audit_log`).pluck().get() as number;
    const start = count();
    expect(() => tx(true)).toThrow('refused');
    expect(count()).toBe(start);
    tx(false);
    // 20 rows: more than one multi-row statement's worth.
    expect(count()).toBe(start + 20);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: start + 20 });
  });
});
