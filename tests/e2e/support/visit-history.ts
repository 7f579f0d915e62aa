/** Seeds for issue 16 item 7 (visit-history and a11y specs): a follow-up visit beside its first visit, and another patient. */
import type { Observation } from '../../../shared/clinical';
import { expect } from '@playwright/test';
import type { TestMain } from './main-process';
import { ALL_NO, clinicianId, seedVisit, signThroughServices } from './visit-room';

const DAY = 24 * 60;
/** Pain began three days before the first visit (so no "pain for weeks" flag). */
const ONSET = new Date(Date.now() - 17 * DAY * 60_000).toISOString().slice(0, 10);
export const INTAKE = { onsetDate: ONSET, warningSigns: ALL_NO };

export async function record(main: TestMain, visitId: string, findings: Record<string, Observation>) {
  const actor = await clinicianId(main);
  await main.services.visitRoom.open(visitId, actor);
  for (const [maneuverId, values] of Object.entries(findings)) await main.services.visitRoom.recordObservation(visitId, maneuverId, values, actor);
}

export async function sign(main: TestMain, visitId: string) {
  const signed = await signThroughServices(main, visitId, {
    skipReason: 'Short follow-up visit.',
    decision: { tier: 'C', familyTold: 'We will see her in clinic tomorrow.', rationale: 'Limp on video.' },
  });
  expect(signed.visit.status).toBe('signed');
}

/** Ana: a first visit two weeks ago (signed), a follow-up today. Ben: a signed visit with findings that must never show on Ana's screens. */
export async function seedFollowUp(main: TestMain) {
  const first = await seedVisit(main, { childName: 'Ana Followup', startInMinutes: -14 * DAY, intake: INTAKE });
  await record(main, first.visitId, {
    gait: { result: 'limp' },
    'lumbar-flexion': { result: 'painful', pain: { scale: 'NRS-11', score: 6 } },
    'heel-walk': { result: 'asymmetric', side: 'left' },
  });
  await sign(main, first.visitId);
  const followUp = await main.services.visits.schedule({ patientId: first.patientId, scheduledStart: new Date(Date.now() + 5 * 60_000).toISOString(), durationMinutes: 30 });
  await main.services.intakes.save(followUp.id, JSON.stringify(INTAKE), 'en', 'family');
  await record(main, followUp.id, {
    gait: { result: 'normal' },
    'lumbar-flexion': { result: 'limited', pain: { scale: 'NRS-11', score: 2 } },
  });
  const ben = await seedVisit(main, { childName: 'Ben Elsewhere', startInMinutes: -7 * DAY, intake: INTAKE });
  await record(main, ben.visitId, { 'lumbar-flexion': { result: 'unable' }, 'squat-rise': { result: 'painful', pain: { scale: 'NRS-11', score: 9 } } });
  await sign(main, ben.visitId);
  return { patientId: first.patientId, firstId: first.visitId, followUpId: followUp.id, benVisitId: ben.visitId };
}

