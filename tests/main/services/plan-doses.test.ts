import { afterEach, describe, expect, it } from 'vitest';
import { fromStoreDose, toStoreDose } from '../../../electron/main/services/plan-doses';
import { calculateDose } from '../../../shared/clinical';
import { confirmedDoseEntry, type AnalgesiaEntry } from '../../../shared/domain/visit-room';
import { openServicesHarness, seedVisit } from '../../support/services';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** A real store and the services with one clinician (tests/support/services.ts), closed after the test. */
async function harness(idSeed: number) {
  const h = await openServicesHarness({ idSeed });
  cleanup = h.close;
  return h;
}

function confirmedDose(productId: string, drug: 'acetaminophen' | 'ibuprofen'): AnalgesiaEntry {
  const r = calculateDose({ drug, productId, weightKg: 31.5, ageMonths: 127 });
  if (!r.ok) throw new Error(r.refusal.reason);
  const d = r.dose;
  return { drug, productId, doseMg: d.doseMg, doseMl: d.doseMl, intervalHours: d.intervalHours, maxDosesPer24h: d.maxDosesPer24h, maxMgPer24h: d.maxMgPer24h, confirmed: true };
}

describe('plan doses between the visit room and the store', () => {
  it('round-trips product, volume and limits through the store shape', () => {
    for (const [productId, drug] of [
      ['acetaminophen-160mg-5ml', 'acetaminophen'],
      ['ibuprofen-100mg-5ml', 'ibuprofen'],
      ['ibuprofen-50mg-1.25ml', 'ibuprofen'],
    ] as const) {
      const entry = confirmedDose(productId, drug);
      expect(fromStoreDose(toStoreDose(entry, 31.5))).toEqual(entry);
    }
  });

  it('the room saves a confirmed dose and answers with it', async () => {
    const { db, services, actor } = await harness(11);
    const visit = { id: (await seedVisit(services)).visitId };
    const entry = confirmedDose('acetaminophen-160mg-5ml', 'acetaminophen');
    const state = await services.visitRoom.savePlan(
      { visitId: visit.id, adviceIds: ['stay-active'], analgesia: [entry], followUp: { when: 'In 1 week' }, bodyMap: ['lower-back-center'] },
      actor,
    );
    expect(state.plan?.analgesia).toEqual([entry]);
    expect(state.plan?.bodyMap).toEqual(['lower-back-center']);
    // Each part in its own column (0017): nothing to parse back out of a note.
    const stored = db.prepare(`SELECT product_id, strength_mg, strength_ml, dose_ml, note FROM plan_doses WHERE visit_id = ?`).all(visit.id);
    expect(stored).toEqual([{ product_id: 'acetaminophen-160mg-5ml', strength_mg: 160, strength_ml: 5, dose_ml: entry.doseMl, note: null }]);
  });

  it('keeps stopAfterDays: the room saves it and answers with it (it was accepted and dropped before 0017)', async () => {
    const { db, services, actor } = await harness(12);
    const visit = { id: (await seedVisit(services)).visitId };
    const entry = { ...confirmedDose('ibuprofen-100mg-5ml', 'ibuprofen'), stopAfterDays: 3 };
    const state = await services.visitRoom.savePlan({ visitId: visit.id, adviceIds: [], analgesia: [entry], followUp: {}, bodyMap: [] }, actor);
    expect(state.plan?.analgesia).toEqual([entry]);
    expect(db.prepare(`SELECT stop_after_days FROM plan_doses WHERE visit_id = ?`).get(visit.id)).toEqual({ stop_after_days: 3 });
  });

  it('saves a dose on a weight above the 99.9th percentile only with the clinician\'s recorded override', async () => {
    const { services, db, actor } = await harness(11);
    // A 6-year-old girl whose 21 kg was typed as 46 (pounds).
    const visit = { id: (await seedVisit(services, { patient: { dateOfBirth: '2020-09-01', weightKg: 46 } })).visitId };
    const reason = 'Weighed 46 kg at the GP last week; known obesity.';
    const r = calculateDose({ drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml', weightKg: 46, ageMonths: 74, sex: 'female', weightOverride: { reason } });
    if (!r.ok) throw new Error(r.refusal.reason);
    const { weightOverrideReason, ...withoutOverride } = confirmedDoseEntry(r.dose);
    expect(weightOverrideReason).toBe(reason);
    const plan = { visitId: visit.id, adviceIds: [], followUp: {}, bodyMap: [] };
    await expect(services.visitRoom.savePlan({ ...plan, analgesia: [withoutOverride] }, actor)).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: [{ path: 'analgesia.0.weightOverrideReason', message: expect.stringMatching(/was it entered in pounds\?/) }],
    });
    const state = await services.visitRoom.savePlan({ ...plan, analgesia: [{ ...withoutOverride, weightOverrideReason: reason }] }, actor);
    expect(state.plan?.analgesia[0]?.weightOverrideReason).toBe(reason);
    const stored = db.prepare(`SELECT weight_override_reason, note FROM plan_doses WHERE visit_id = ?`).get(visit.id);
    expect(stored).toEqual({ weight_override_reason: reason, note: null });
  });
});
