/**
 * The record's small parts read in one statement (store/record-head.ts,
 * issue 15 cost per write) give exactly what each part's own SELECT gives,
 * for a record that has every part: several guardians, an intake, a
 * decision, a plan with doses, consents (one withdrawn) and addenda.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordRepository } from '../../../electron/main/store/record';
import { fakeJpeg, openRecordStore, readyToSign } from '../../support/record';

let store: Awaited<ReturnType<typeof openRecordStore>>;
afterEach(() => store?.close());

function perPart(visitId: string) {
  const repo = createRecordRepository(store.db);
  const visit = repo.visit(visitId)!;
  return {
    visit,
    patient: repo.patient(visit.patientId)!,
    guardians: repo.guardiansOf(visit.patientId),
    intake: repo.intakeOf(visitId),
    decision: repo.decisionOf(visitId),
    plan: repo.planOf(visitId),
    consents: repo.consentsOf(visitId),
    addenda: repo.addendaOf(visitId),
  };
}

describe('the record head (one statement)', () => {
  it('reads an empty visit as its own SELECTs do', async () => {
    store = await openRecordStore({ status: 'scheduled' });
    const head = createRecordRepository(store.db).head(store.visitId);
    expect(head).toEqual(perPart(store.visitId));
    expect(head!.intake).toBeNull();
    expect(head!.plan).toBeNull();
    expect(createRecordRepository(store.db).head('00000000-0000-4000-8000-00000000dead')).toBeUndefined();
  });

  it('reads every part of a full, signed record as its own SELECTs do', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    const { services, visitId, clinicianId: actor, db } = store;
    // A second and third guardian, added out of name order (the list is ordered by when they were added).
    const insertGuardian = db.prepare(`INSERT INTO guardians (id, patient_id, name, phone, created_at) VALUES (?, ?, ?, ?, ?)`);
    insertGuardian.run('00000000-0000-4000-8000-0000000000b2', store.patientId, 'Zed Second', '+1 555 010 2002', '2026-11-27T10:10:00.000Z');
    insertGuardian.run('00000000-0000-4000-8000-0000000000b1', store.patientId, 'Abe Third', '+1 555 010 2003', '2026-11-27T10:20:00.000Z');
    await services.intakes.save(visitId, JSON.stringify({ symptoms: 'Back pain', warningSigns: {} }), 'es', 'family');
    await readyToSign(store);
    await services.record.savePlan(
      visitId,
      {
        advice: ['stay-active'],
        analgesia: [{ drug: 'ibuprofen', doseMg: 200, intervalHours: 8, maxDosesPer24h: 3, stopAfterDays: 3, note: 'with food' }],
        followUp: { when: 'In 1 week', withWhom: null, instructions: null },
        bodyMap: ['lower-back-center'],
      },
      actor,
    );
    const consent = await services.record.recordConsent(visitId, { kind: 'still_capture', givenBy: 'guardian' }, actor);
    await services.record.addImage(visitId, { mime: 'image/jpeg', data: fakeJpeg() }, actor);
    await services.record.withdrawConsent(consent.id, actor);
    await services.record.recordConsent(visitId, { kind: 'still_capture', givenBy: 'guardian_and_patient' }, actor);
    await services.record.sign(visitId, actor);
    await services.record.addAddendum(visitId, { reason: 'Typo', text: 'Pain is on the left.', corrects: { entity: 'visit', id: visitId } }, actor);
    await services.record.addAddendum(visitId, { reason: 'More', text: 'Family called back.' }, actor);

    const head = createRecordRepository(db).head(visitId)!;
    expect(head).toEqual(perPart(visitId));
    expect(head.guardians.map((g) => g.name)).toEqual(['Ana Example', 'Zed Second', 'Abe Third']);
    expect(head.intake?.language).toBe('es');
    expect(head.plan?.analgesia).toHaveLength(1);
    expect(head.consents.map((c) => c.withdrawnAt !== null)).toEqual([true, false]);
    expect(head.addenda.map((a) => a.corrects?.entity ?? null)).toEqual(['visit', null]);
    expect(await services.record.getVisitRecord(visitId)).toMatchObject({ intake: head.intake, plan: head.plan, consents: head.consents, addenda: head.addenda });
  });
});
