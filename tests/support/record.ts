/**
 * A test store with one clinician, one patient, one visit in progress and a
 * small red-flag catalog of the tests' own ids (the store knows no clinical
 * content; the real catalog comes from resources/clinical at start-up).
 */
import { syncActiveCatalog } from '../../electron/main/store/catalog';
import { openTestStore, validPatient } from './db';

export const TEST_FLAGS = [
  { id: 'flag-night-pain', label: 'Pain at night that wakes the child' },
  { id: 'flag-fever', label: 'Fever' },
  { id: 'flag-bladder', label: 'New bladder or bowel problems' },
] as const;

export const TEST_PASSCODE = 'correct horse 42';
/** A name that must never show up in logs, audit details or temp files. */
export const SENTINEL_NAME = 'Zebulon Sentinelname';

export async function openRecordStore(options: { status?: 'scheduled' | 'waiting' | 'in_progress' | 'awaiting_decision' } = {}) {
  const store = openTestStore();
  const { services, db } = store;
  syncActiveCatalog(db, 'test-catalog-1', [...TEST_FLAGS], new Date('2026-11-27T09:00:00Z'));
  const clinician = await services.clinicians.create({ displayName: 'Dr. Test', credentials: 'MD', passcode: TEST_PASSCODE });
  const patient = await services.patients.create({ ...validPatient, childName: SENTINEL_NAME });
  const visit = await services.visits.schedule(
    { patientId: patient.id, scheduledStart: '2026-11-27T11:00:00Z', durationMinutes: 20 },
    clinician.id,
  );
  const target = options.status ?? 'in_progress';
  const path = ['waiting', 'in_progress', 'awaiting_decision'] as const;
  for (const step of path.slice(0, path.indexOf(target as (typeof path)[number]) + 1)) {
    await services.record.setStatus(visit.id, step, clinician.id);
  }
  return { ...store, clinicianId: clinician.id, patientId: patient.id, visitId: visit.id };
}

/** Assess every test flag as absent (the gate then needs a decision of any tier, with no rationale). */
export async function assessAllAbsent(store: Awaited<ReturnType<typeof openRecordStore>>): Promise<void> {
  for (const f of TEST_FLAGS) {
    await store.services.record.assessFlag(store.visitId, { flagId: f.id, state: 'absent', source: 'clinician' }, store.clinicianId);
  }
}

/**
 * Every test flag absent and home care (tier E) chosen: what the close gate
 * needs to sign (a decision is always needed, migration 0018).
 */
export async function readyToSign(store: Awaited<ReturnType<typeof openRecordStore>>): Promise<void> {
  await assessAllAbsent(store);
  await store.services.record.decide(store.visitId, { tier: 'E', familyTold: 'Home care; call back if worse.' }, store.clinicianId);
}

/** A minimal valid JPEG-looking payload (the service checks the magic bytes, not the picture). */
export function fakeJpeg(bytes = 1024): Uint8Array {
  const data = new Uint8Array(bytes);
  data.set([0xff, 0xd8, 0xff, 0xe0]);
  return data;
}
