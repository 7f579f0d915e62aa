/**
 * The domain services over one store (the middle layer of main: store ←
 * services ← adapters). They import the store and shared/, never an adapter
 * (IPC, media, export, EHR, family): eslint.config.js enforces it. The IPC
 * handler table that wires them to channels is electron/main/ipc/handlers.ts.
 */
import type { ServiceDeps } from './deps';
import { createPatientService } from './patients';
import { createVisitService } from './visits';
import { createClinicianService } from './clinicians';
import { createRecordService } from './record';
import { createIntakeService } from './intakes';
import { createAuditService } from './audit';
import { createSessionService } from './session';
import { createVisitRoomService } from './visit-room';
import { createDemoService } from './demo';
import { createCallCheckService } from './call-check';
import { createPoseEstimateService } from './pose-estimates';
import { createVisitHistoryService } from './visit-history';
import { createCallTimesService } from './call-times';

export interface AppInfo {
  appName: string;
  appVersion: string;
  contentVersion: string | null;
}

export interface ServiceOptions {
  /** Minutes without input before the console locks (configurable; default 10). */
  idleLockMinutes?: number;
}

export function createServices(deps: ServiceDeps, options: ServiceOptions = {}) {
  const clinicians = createClinicianService(deps);
  const record = createRecordService(deps);
  const patients = createPatientService(deps);
  const visits = createVisitService(deps);
  const intakes = createIntakeService(deps);
  const callChecks = createCallCheckService(deps);
  const totalChanges = deps.db.prepare(`SELECT total_changes() AS n`).pluck();
  return {
    /** Rows written on this connection so far (never goes back): tells an error envelope whether anything was saved. */
    writes: () => totalChanges.get() as number,
    patients,
    visits,
    clinicians,
    record,
    intakes,
    demo: createDemoService(deps, { patients, visits, intakes }),
    audit: createAuditService(deps),
    session: createSessionService(clinicians, deps.clock, { idleLockMinutes: options.idleLockMinutes ?? 10 }),
    visitRoom: createVisitRoomService({ record, clinicians, intakes, clock: deps.clock, callChecks }),
    callChecks,
    poseEstimates: createPoseEstimateService(deps),
    visitHistory: createVisitHistoryService(deps),
    callTimes: createCallTimesService(deps),
  };
}
export type Services = ReturnType<typeof createServices>;
