import { afterEach, describe, expect, it } from 'vitest';
import { createIntakeRepository } from '../../../electron/main/store/intakes';
import { auditRowsFor } from '../../../electron/main/store/audit';
import { openRecordStore } from '../../support/record';

let store: Awaited<ReturnType<typeof openRecordStore>>;
afterEach(() => store?.close());

const now = new Date('2026-11-27T10:05:00Z');

describe('intake repository', () => {
  it('saves the family intake, audits it as the family, and keeps the old answers on resubmission', async () => {
    store = await openRecordStore({ status: 'scheduled' });
    const repo = createIntakeRepository(store.db);
    expect(repo.saveIntake(store.visitId, '{"a":1}', 'en', 'family', { now })).toMatchObject({ version: 1, submittedBy: 'family' });
    expect(repo.saveIntake(store.visitId, '{"a":2}', 'es', 'family', { now })).toMatchObject({ version: 2, language: 'es', answersJson: '{"a":2}' });
    expect((await store.services.record.revisions(store.visitId)).map((r) => [r.entity, r.version, r.old.answers_json])).toEqual([['intake', 1, '{"a":1}']]);
    const audits = auditRowsFor(store.db, store.visitId).filter((r) => r.entity === 'intake');
    expect(audits.map((r) => [r.actor, JSON.parse(r.detail_json).change])).toEqual([
      ['family', 'submitted'],
      ['family', 'resubmitted'],
    ]);
    expect(JSON.stringify(audits)).not.toContain('"a"');
  });

  it('never lets a family submission replace an intake the clinician entered', async () => {
    store = await openRecordStore({ status: 'scheduled' });
    const repo = createIntakeRepository(store.db);
    repo.saveIntake(store.visitId, '{"by":"clinician"}', 'en', 'clinician', { now, actor: store.clinicianId });
    expect(repo.saveIntake(store.visitId, '{"by":"family"}', 'en', 'family', { now })).toMatchObject({ answersJson: '{"by":"clinician"}', version: 1 });
    expect(repo.getIntake(store.visitId)?.submittedBy).toBe('clinician');
  });

  it('refuses a raw upsert that does not raise the version (history cannot be skipped)', async () => {
    store = await openRecordStore({ status: 'scheduled' });
    createIntakeRepository(store.db).saveIntake(store.visitId, '{}', 'en', 'family', { now });
    expect(() => store.db.prepare(`UPDATE intakes SET answers_json = '{"x":1}' WHERE visit_id = ?`).run(store.visitId)).toThrow(/version by one/);
  });
});
