/**
 * Cost per write (issue 15): a checklist key press reads the record once and
 * writes the observation with its derived flags in one transaction; the
 * view it answers with is what a fresh read gives.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, validPatient } from '../../support/db';
import { countStatements, type StatementCounter } from '../../support/statement-counter';

let store: ReturnType<typeof openTestStore>;
let counter: StatementCounter;
let actor: string;
let visitId: string;

beforeEach(async () => {
  store = openTestStore();
  actor = (await store.services.session.setup({ displayName: 'Dr Cost', credentials: 'MD', passcode: 'correct-horse-42' })).current!.id;
  const patient = await store.services.patients.create(validPatient);
  visitId = (await store.services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T09:30:00Z', durationMinutes: 30 })).id;
  await store.services.visitRoom.open(visitId, actor);
  counter = countStatements(store.db);
});
afterEach(() => {
  counter.restore();
  store.close();
});

const press = (result: string) => store.services.visitRoom.recordObservation(visitId, 'gait', { result } as never, actor);
const reads = (table: string) => counter.log.filter((sql) => sql.startsWith(`SELECT * FROM ${table} WHERE visit_id = ?`)).length;

describe('a checklist key press', () => {
  it('reads the record once and writes in one transaction: at most 15 statements, also when a derived flag changes', async () => {
    // The visit's first press also moves it to "in progress" (two status steps, each audited).
    counter.reset();
    await press('normal');
    expect(counter.count, counter.log.join('\n')).toBeLessThanOrEqual(15);
    const seen = { withFlagChange: 0, without: 0 };
    for (const result of ['antalgic', 'antalgic', 'normal', 'limp', 'normal']) {
      const before = await store.services.record.getVisitRecord(visitId);
      counter.reset();
      await press(result);
      const log = [...counter.log];
      const statements = counter.count;
      expect(log.filter((s) => s === 'BEGIN').length, log.join('\n')).toBe(1);
      expect(log.filter((s) => s === 'COMMIT').length).toBe(1);
      expect(reads('observations'), log.join('\n')).toBe(1);
      expect(reads('flag_assessments')).toBe(1);
      // The audit chain head is read once per transaction, however many audit rows it writes.
      expect(log.filter((s) => s.startsWith('SELECT seq, hash')).length, log.join('\n')).toBeLessThanOrEqual(1);
      const after = await store.services.record.getVisitRecord(visitId);
      const flagsChanged = JSON.stringify(after.flagAssessments) !== JSON.stringify(before.flagAssessments);
      seen[flagsChanged ? 'withFlagChange' : 'without'] += 1;
      expect(statements, log.join('\n')).toBeLessThanOrEqual(15);
    }
    // Both kinds of press were measured.
    expect(seen.withFlagChange).toBeGreaterThan(0);
    expect(seen.without).toBeGreaterThan(0);
  });

  it('answers with exactly what a fresh read of the record shows', async () => {
    for (const result of ['normal', 'antalgic', 'antalgic', 'limp', 'unable']) {
      const view = await press(result);
      expect(view).toEqual(await store.services.visitRoom.state(visitId));
    }
  });

  it('writes the observation and its derived flags together, or neither', async () => {
    await press('normal');
    const before = await store.services.record.getVisitRecord(visitId);
    // A derived write the store refuses (a source only a clinician may use) fails the whole key press.
    await expect(
      store.services.record.recordFinding(
        visitId,
        { maneuverId: 'gait', result: 'abnormal', side: 'not_applicable', fields: { result: 'limp' } },
        () => [{ flagId: before.flagAssessments[0]?.flagId ?? 'fever', state: 'present', source: 'clinician' }],
        actor,
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const after = await store.services.record.getVisitRecord(visitId);
    expect(after.observations).toEqual(before.observations);
    expect(after.flagAssessments).toEqual(before.flagAssessments);
  });
});
