/**
 * Wires services to IPC channels. Every channel in the contract must have a
 * handler here (the Handlers type makes a missing one a type error).
 */
import type { Handlers } from '../ipc/dispatch';
import type { ServiceDeps } from './deps';
import { createPatientService } from './patients';
import { createVisitService } from './visits';
import { createClinicianService } from './clinicians';
import { createRecordService } from './record';
import { createIntakeService } from './intakes';
import { createAuditService } from './audit';
import { CLINICAL_REVIEW_STATEMENT } from '../../../shared/about';
import { unavailableVideoHandlers, type VideoHandlers } from '../media/handlers';

export interface AppInfo {
  appName: string;
  appVersion: string;
  contentVersion: string | null;
}

export function createServices(deps: ServiceDeps) {
  return {
    patients: createPatientService(deps),
    visits: createVisitService(deps),
    clinicians: createClinicianService(deps),
    record: createRecordService(deps),
    intakes: createIntakeService(deps),
    audit: createAuditService(deps),
  };
}
export type Services = ReturnType<typeof createServices>;

/** `video` comes from electron/main/media/handlers.ts when live video runs; without it those channels answer CONFLICT. */
export function createHandlers(services: Services, info: AppInfo, video: VideoHandlers = unavailableVideoHandlers()): Handlers {
  return {
    ...video,
    'app:about': () => ({ ...info, clinicalReviewStatement: CLINICAL_REVIEW_STATEMENT }),
    'patients:create': (req) => services.patients.create(req),
    'patients:list': (req) => services.patients.list(req),
    'patients:get': (req) => services.patients.get(req.patientId),
    'visits:schedule': (req) => services.visits.schedule(req),
    'visits:list': (req) => services.visits.list(req),
  };
}
