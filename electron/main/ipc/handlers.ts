/**
 * The IPC handler table: wires the domain services, and the adapters a
 * runtime has (live video, exports, the EHR, clinic settings, the system's
 * link opener), to the contract's channels. Every channel in the contract
 * must have a handler here (the Handlers type makes a missing one a type
 * error). Adapter layer: it may import services; services never import it.
 */
import { withWriteAccounting, type Handlers } from './dispatch';
import type { AppInfo, Services } from '../services';
import { CLINICAL_REVIEW_STATEMENT } from '../../../shared/about';
import { AppError } from '../../../shared/ipc/errors';
import type { ChannelName } from '../../../shared/ipc/contract';
import { createCallHandlers, unavailableExternalOpener, type ExternalOpener } from '../services/call-logistics';
import { poseEstimateHandlers } from '../services/pose-estimate-handlers';
import { visitHistoryHandlers } from '../services/visit-history-handlers';
import { withCallTimes } from '../services/call-times-handlers';
import { unavailableVideoHandlers, type VideoHandlers } from '../media/handlers';
import { unavailableExportHandlers, type ExportHandlers } from '../export/ipc';
import { unavailableEhrHandlers, type EhrHandlers } from '../ehr/ipc';
import { createClinicHandlers, createClinicSettingsStore, type ClinicHandlers } from '../clinic/settings';
import { unavailableVisitServerSettings, type VisitServerSettings } from '../visit-server-client/settings';

/** `video` comes from electron/main/media/handlers.ts when live video runs; without it those channels answer CONFLICT. */
/** Channels that work while the console is locked: they reveal no patient data. */
const OPEN_CHANNELS: ReadonlySet<ChannelName> = new Set([
  'app:about',
  'session:status',
  'session:setup',
  'session:unlock',
  'session:lock',
  'store:unlock',
]);

/** `exports` comes from electron/main/export/ipc.ts (createExportHandlers) where a save dialog and a printer exist; without it those channels answer CONFLICT. */
export function createHandlers(
  services: Services,
  info: AppInfo,
  video: VideoHandlers = unavailableVideoHandlers(),
  exports: ExportHandlers = unavailableExportHandlers(),
  ehr: EhrHandlers = unavailableEhrHandlers(),
  /** Without a settings file (tests, the e2e harness) the clinic settings live in memory. */
  clinic: ClinicHandlers = createClinicHandlers(createClinicSettingsStore({ file: null })),
  /** Opens mailto:/sms: links in the system's handlers (the glue's shell.openExternal, behind a strict check). */
  external: ExternalOpener = unavailableExternalOpener,
  /** This console's enrolment on a visit server (visit-server-client/settings.ts); without it standalone, enrolling refused. */
  visitServer: VisitServerSettings = unavailableVisitServerSettings(),
): Handlers {
  const { session, visitRoom: room } = services;
  const actor = () => session.requireActor();
  const handlers: Handlers = {
    // Call times (issue 16): admission and end are recorded after the media layer acts.
    ...withCallTimes(video, services.callTimes, actor),
    'session:status': () => session.status(),
    'session:setup': (req) => session.setup(req),
    'session:unlock': (req) => session.unlock(req),
    'session:lock': () => session.lock(),
    'store:unlock': async () => {
      throw new AppError('CONFLICT', 'The visit database is already open.');
    },
    'visits:open': (req) => room.open(req.visitId, actor()),
    'visits:setStatus': (req) => room.setStatus(req.visitId, req.status, actor()),
    'observations:record': (req) => room.recordObservation(req.visitId, req.maneuverId, req.values, actor()),
    'flags:assess': (req) => room.assessFlag(req.visitId, req, actor()),
    'flags:confirmFamilyAnswers': (req) => room.confirmFamilyAnswers(req.visitId, actor()),
    'observations:skipNotExamined': (req) => room.skipNotExamined(req.visitId, req.reason, actor()),
    'visits:decide': (req) => room.decide(req.visitId, req, actor()),
    'plans:save': (req) => room.savePlan(req, actor()),
    'visits:sign': (req) => room.sign(req.visitId, actor()),
    'addenda:add': (req) => room.addAddendum(req.visitId, req, actor()),
    'intakes:correct': (req) => room.correctIntake(req.visitId, req.answers, actor()),
    'patients:painHistory': async (req) => {
      await services.patients.read(req.patientId, actor(), 'pain_history');
      return room.painHistory(req.patientId);
    },
    'visits:peek': (req) => room.state(req.visitId),
    'demo:create': () => services.demo.create(actor()),
    'demo:hide': (req) => services.demo.hide(req.patientId, actor()),
    'app:about': () => ({ ...info, clinicalReviewStatement: CLINICAL_REVIEW_STATEMENT }),
    'patients:create': (req) => services.patients.create(req, actor()),
    'patients:list': (req) => services.patients.list(req),
    'patients:get': (req) => services.patients.read(req.patientId, actor()),
    'visits:schedule': (req) => services.visits.schedule(req, actor()),
    'visits:list': (req) => services.visits.list(req),
    'exports:create': (req) => exports.create(req, actor()),
    'exports:cancel': (req) => exports.cancel(req),
    'ehr:getSettings': () => ehr.getSettings(),
    'ehr:saveSettings': (req) => ehr.saveSettings(req),
    'ehr:testConnection': () => ehr.testConnection(),
    'ehr:deliveries': (req) => ehr.deliveries(req),
    'ehr:retry': (req) => ehr.retry(req, actor()),
    'clinic:getSettings': () => clinic.getSettings(),
    'clinic:saveSettings': (req) => clinic.saveSettings(req),
    'ehr:pullSchedule': () => ehr.pullSchedule(actor()),
    'ehr:scheduleLinks': (req) => ehr.scheduleLinks(req),
    'enrolment:status': () => visitServer.status(),
    'enrolment:enrol': (req) => visitServer.enrol(req),
    'enrolment:leave': () => visitServer.leave(),
    // Call logistics (issue 16): the call check, and sending the join link; createJoinLink is wrapped to remember the links made.
    ...createCallHandlers({ services, actor, external, createJoinLink: video['visits:createJoinLink'] }),
    ...poseEstimateHandlers(services.poseEstimates, actor),
    ...visitHistoryHandlers(services.visitHistory, services.patients, actor),
  };
  // Every other channel needs an unlocked session: a locked console answers LOCKED, whatever the renderer shows.
  for (const name of Object.keys(handlers) as ChannelName[]) {
    if (OPEN_CHANNELS.has(name)) continue;
    const inner = handlers[name] as (req: unknown) => unknown;
    (handlers as Record<ChannelName, (req: unknown) => unknown>)[name] = (req) => {
      session.requireActor();
      return inner(req);
    };
  }
  return withWriteAccounting(handlers, services.writes);
}
