/**
 * Service tests' common start: a real SQLite file, the services with a fixed
 * clock, one clinician set up, and the real IPC dispatcher in front of them,
 * called as the console's own top frame.
 */
import type { NewPatientInput } from '../../shared/domain/patient';
import { openAppStore } from '../../electron/main/app-store';
import { createServices } from '../../electron/main/services';
import { createHandlers } from '../../electron/main/ipc/handlers';
import { fixedClock } from '../../electron/main/services/deps';
import { createDispatcher } from '../../electron/main/ipc/dispatch';
import { sequentialIds, tempDbFile, validPatient } from './db';
import type { Services } from '../../electron/main/services';
import { WARNING_SIGN_IDS } from '../../shared/clinical';

export const CONSOLE_SENDER = { frameUrl: 'app://console/index.html', isTopFrame: true, isKnownWindow: true };

export async function openServicesHarness(options: { idSeed: number; now?: string; displayName?: string }) {
  const tmp = tempDbFile();
  const { db } = openAppStore(tmp.file);
  const clock = fixedClock(options.now ?? '2026-11-27T10:00:00.000Z');
  const services = createServices({ db, clock, newId: sequentialIds(options.idSeed) });
  const status = await services.session.setup({ displayName: options.displayName ?? 'Dr Test', credentials: 'MD', passcode: 'correct-horse-42' });
  const dispatch = createDispatcher({ appOrigin: 'app://console', handlers: createHandlers(services, { appName: 'x', appVersion: '0', contentVersion: null }) });
  return {
    db,
    services,
    clock,
    actor: status.current!.id,
    call: (channel: string, payload: unknown) => dispatch(CONSOLE_SENDER, channel, payload),
    close: () => {
      db.close();
      tmp.cleanup();
    },
  };
}

/**
 * A patient (validPatient, with `patient` over it) with a 20-minute visit at
 * 09:30 on the harness's default day, and the family's `intake` when given.
 */
export async function seedVisit(services: Services, options: { patient?: Partial<NewPatientInput>; intake?: unknown } = {}): Promise<{ patientId: string; visitId: string }> {
  const p = await services.patients.create({ ...validPatient, ...options.patient });
  const visit = await services.visits.schedule({ patientId: p.id, scheduledStart: '2026-11-27T09:30:00Z', durationMinutes: 20 });
  if (options.intake !== undefined) await services.intakes.save(visit.id, JSON.stringify(options.intake), 'en', 'family');
  return { patientId: p.id, visitId: visit.id };
}

/** The family's intake two days before the harness's day, every warning sign answered no. */
export const QUIET_INTAKE = { onsetDate: '2026-11-25', warningSigns: Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no'])) };
