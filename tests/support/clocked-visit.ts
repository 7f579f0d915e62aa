/**
 * Call-time tests' common start: a real SQLite file, the services on a clock
 * the test moves by hand (from 10:00 on the test day), one clinician set up,
 * and a patient with a 20-minute visit from 09:55.
 */
import { openAppStore } from '../../electron/main/app-store';
import { createServices } from '../../electron/main/services';
import type { Clock } from '../../electron/main/services/deps';
import { sequentialIds, tempDbFile, validPatient } from './db';

export async function openClockedVisit(options: { idSeed: number }) {
  const tmp = tempDbFile();
  const { db } = openAppStore(tmp.file);
  const close = () => {
    db.close();
    tmp.cleanup();
  };
  let now = Date.parse('2026-11-27T10:00:00.000Z');
  const clock: Clock = { now: () => new Date(now), today: () => '2026-11-27' };
  const services = createServices({ db, clock, newId: sequentialIds(options.idSeed) });
  const status = await services.session.setup({ displayName: 'Dr Test', credentials: 'MD', passcode: 'correct-horse-42' });
  const patient = await services.patients.create(validPatient);
  const visit = await services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T09:55:00Z', durationMinutes: 20 });
  return {
    db,
    services,
    clock,
    actor: status.current!.id,
    visitId: visit.id,
    /** The clock's time, in milliseconds. */
    now: () => now,
    /** Move the clock on. */
    advance: (ms: number) => {
      now += ms;
    },
    close,
  };
}
