/**
 * The IPC contract: every channel between the renderer and the main process,
 * declared once. Channel strings appear nowhere else in the code base: the
 * preload builds its named methods from this table, the main process registers
 * one validated handler per entry, and the renderer reaches them through
 * `renderer/src/api/client.ts`.
 *
 * Names are `domain:verb`. Requests and responses are strict zod objects:
 * unknown keys are refused, strings are length-limited.
 */
import { z } from 'zod';
import { NewPatientInput, PatientSummary } from '../domain/patient';
import { ScheduleVisitInput, VisitListItem, VisitListPage, VisitListQuery } from '../domain/visit';
import { RecordId, SearchText } from '../domain/common';
import { SessionStatus, SetupInput, StoreUnlockInput, UnlockInput } from '../domain/session';
import {
  AddAddendumInput,
  AssessFlagInput,
  CorrectIntakeInput,
  SkipNotExaminedInput,
  DecideInput,
  PainPoint,
  RecordObservationInput,
  SavePlanInput,
  SetStatusInput,
  VisitRef,
  VisitRoomState,
} from '../domain/visit-room';
import { videoChannelSchemas as v, VideoEvent } from '../signaling/clinician';
import { ClinicSettings } from '../domain/clinic';
import { DeliveryQuery, DeliveryState, DeliveryStates, EhrConnectionReport, EhrSettingsInput, EhrSettingsView, ScheduleLinks, SchedulePullReport } from '../domain/ehr';
import { CallCheckInput, SendJoinLinkInput, SendJoinLinkResult } from '../domain/call';
import { AttachEstimateInput, PoseEstimateView, RetractEstimateInput } from '../domain/pose-estimate';
import { CompareVisitsInput, PreviousFindings, VisitComparison, VisitHistory } from '../domain/visit-history';
import { VisitServerEnrolInput, VisitServerStatus } from '../domain/visit-server';

export interface ChannelDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  /** The method name the preload exposes for this channel. */
  readonly method: string;
  readonly request: Req;
  readonly response: Res;
}

function channel<const M extends string, Req extends z.ZodType, Res extends z.ZodType>(def: {
  method: M;
  request: Req;
  response: Res;
}): { readonly method: M; readonly request: Req; readonly response: Res } {
  return def;
}

const Empty = z.strictObject({});

export const AboutInfo = z.strictObject({
  appName: z.string(),
  appVersion: z.string(),
  /** Version of the clinical content in resources/clinical, or null before it is loaded. */
  contentVersion: z.string().nullable(),
  /** Always shown: nothing has been reviewed by a clinician yet. */
  clinicalReviewStatement: z.string(),
});
export type AboutInfo = z.infer<typeof AboutInfo>;

export const PatientListQuery = z.strictObject({
  search: SearchText(100).optional(),
});

export const DemoCreated = z.strictObject({ patientId: RecordId, visitId: RecordId });
export type DemoCreated = z.infer<typeof DemoCreated>;

/** Exports of a visit (docs/exports.md). The destination is chosen in the main process (save dialog), never sent by the renderer. */
export const EXPORT_FORMAT_IDS = ['note-pdf', 'family-pdf', 'fhir'] as const;
export const ExportRequest = z.strictObject({
  visitId: RecordId,
  format: z.enum(EXPORT_FORMAT_IDS),
  /** Family summary language; defaults to the intake's language, else English. */
  language: z.enum(['en', 'es']).optional(),
  /** The clinician confirmed the free text the family reads is in the summary's language (docs/i18n.md). */
  freeTextConfirmed: z.boolean().optional(),
});
export const ExportOutcome = z.strictObject({
  /** 'cancelled' when the save dialog was closed or the export was cancelled. */
  status: z.enum(['saved', 'cancelled']),
  format: z.enum(EXPORT_FORMAT_IDS),
  /** The saved file's base name (no folder). */
  fileName: z.string().max(255).nullable(),
  bytes: z.number().int().nonnegative().nullable(),
  /** final, amended (signed with addenda) or preliminary (unsigned: printed as a DRAFT). */
  documentStatus: z.enum(['preliminary', 'final', 'amended']).nullable(),
});
export type ExportOutcome = z.infer<typeof ExportOutcome>;
export const ExportProgress = z.strictObject({
  visitId: RecordId,
  format: z.enum(EXPORT_FORMAT_IDS),
  stage: z.enum(['choosing', 'loading', 'building', 'printing', 'writing', 'done', 'cancelled', 'failed']),
  fraction: z.number().min(0).max(1),
});

export const channels = {
  'app:about': channel({ method: 'getAbout', request: Empty, response: AboutInfo }),
  'patients:create': channel({ method: 'createPatient', request: NewPatientInput, response: PatientSummary }),
  'patients:list': channel({ method: 'listPatients', request: PatientListQuery, response: z.array(PatientSummary) }),
  'patients:get': channel({
    method: 'getPatient',
    request: z.strictObject({ patientId: RecordId }),
    response: PatientSummary,
  }),
  'visits:schedule': channel({ method: 'scheduleVisit', request: ScheduleVisitInput, response: VisitListItem }),
  'visits:list': channel({ method: 'listVisits', request: VisitListQuery, response: VisitListPage }),
  // Who is using the console; everything below app:about needs an unlocked session.
  'session:status': channel({ method: 'getSessionStatus', request: Empty, response: SessionStatus }),
  'session:setup': channel({ method: 'setupClinician', request: SetupInput, response: SessionStatus }),
  'session:unlock': channel({ method: 'unlockSession', request: UnlockInput, response: SessionStatus }),
  'session:lock': channel({ method: 'lockSession', request: Empty, response: SessionStatus }),
  'store:unlock': channel({ method: 'unlockStore', request: StoreUnlockInput, response: z.strictObject({ unlocked: z.boolean() }) }),
  // The visit room (docs/architecture.md): each write answers with the state to render.
  'visits:open': channel({ method: 'openVisit', request: VisitRef, response: VisitRoomState }),
  'visits:setStatus': channel({ method: 'setVisitStatus', request: SetStatusInput, response: VisitRoomState }),
  'observations:record': channel({ method: 'recordObservation', request: RecordObservationInput, response: VisitRoomState }),
  'flags:assess': channel({ method: 'assessFlag', request: AssessFlagInput, response: VisitRoomState }),
  /** The clinician went over the family's answers with them: every absence resting on the family's "no" is confirmed (recorded per flag). */
  'flags:confirmFamilyAnswers': channel({ method: 'confirmFamilyAnswers', request: VisitRef, response: VisitRoomState }),
  /** Record every movement never examined as "not assessed", with the clinician's reason as its note. */
  'observations:skipNotExamined': channel({ method: 'skipNotExamined', request: SkipNotExaminedInput, response: VisitRoomState }),
  'visits:decide': channel({ method: 'decideEscalation', request: DecideInput, response: VisitRoomState }),
  'plans:save': channel({ method: 'savePlan', request: SavePlanInput, response: VisitRoomState }),
  'visits:sign': channel({ method: 'signVisit', request: VisitRef, response: VisitRoomState }),
  'addenda:add': channel({ method: 'addAddendum', request: AddAddendumInput, response: VisitRoomState }),
  /** The clinician corrects or replaces the family's intake before signing (audited; the family's version is kept in the history). */
  'intakes:correct': channel({ method: 'correctIntake', request: CorrectIntakeInput, response: VisitRoomState }),
  /** The room's state without opening the visit (no audit entry, no writes): the home screen's intake preview. */
  'visits:peek': channel({ method: 'peekVisit', request: VisitRef, response: VisitRoomState }),
  /** Issue 17: attach a camera estimate ("camera estimate, not a goniometer") beside a movement's recorded finding; the finding is unchanged. */
  'visits:attachEstimate': channel({ method: 'attachEstimate', request: AttachEstimateInput, response: z.array(PoseEstimateView) }),
  /** Issue 17: the camera estimates attached in a visit, oldest first. */
  'visits:estimates': channel({ method: 'listEstimates', request: VisitRef, response: z.array(PoseEstimateView) }),
  /** Issue 17: take back an attached estimate, with the reason (appended, audited by ids; refused on a signed visit). Answers with the estimates left. */
  'visits:retractEstimate': channel({ method: 'retractEstimate', request: RetractEstimateInput, response: z.array(PoseEstimateView) }),
  /** First run: a marked demo patient and a visit today, so a new clinician can try the whole flow alone. */
  'demo:create': channel({ method: 'createDemo', request: Empty, response: DemoCreated }),
  /** "Remove" a demo patient: hidden from every list; clinical rows are never deleted. Refuses real patients. */
  'demo:hide': channel({
    method: 'hideDemo',
    request: z.strictObject({ patientId: RecordId }),
    response: z.strictObject({ patientId: RecordId, hiddenAt: z.string() }),
  }),
  'patients:painHistory': channel({
    method: 'getPainHistory',
    request: z.strictObject({ patientId: RecordId }),
    response: z.array(PainPoint),
  }),
  /** Call logistics (issue 16): where the child is and a call-back number, confirmed on the call (needed to sign tier A or B). */
  'calls:recordCheck': channel({ method: 'recordCallCheck', request: CallCheckInput, response: VisitRoomState }),
  /** Issue 16 item 7: the same patient's earlier signed visits' findings (at most HISTORY_VISITS, newest first), beside today's. Read-only. */
  'visits:previousFindings': channel({ method: 'getPreviousFindings', request: VisitRef, response: PreviousFindings }),
  /** Issue 16 item 7: a patient's visits (dates, status, decision tier), newest first. Read-only (one audit entry). */
  'patients:visitHistory': channel({ method: 'getVisitHistory', request: z.strictObject({ patientId: RecordId }), response: VisitHistory }),
  /** Issue 16 item 7: two visits of one patient, checklists side by side, the earlier first. Read-only (one audit entry). */
  'visits:compare': channel({ method: 'compareVisits', request: CompareVisitsInput, response: VisitComparison }),
  // Live video (docs/video.md). Schemas live in shared/signaling/clinician.ts.
  'visits:createJoinLink': channel({ method: 'createJoinLink', ...v.createJoinLink }),
  'video:open': channel({ method: 'videoOpen', ...v.open }),
  'video:join': channel({ method: 'videoJoin', ...v.join }),
  'video:createTransport': channel({ method: 'videoCreateTransport', ...v.createTransport }),
  'video:connectTransport': channel({ method: 'videoConnectTransport', ...v.connectTransport }),
  'video:produce': channel({ method: 'videoProduce', ...v.produce }),
  'video:consume': channel({ method: 'videoConsume', ...v.consume }),
  'video:resumeConsumer': channel({ method: 'videoResumeConsumer', ...v.resumeConsumer }),
  'video:setProducerPaused': channel({ method: 'videoSetProducerPaused', ...v.setProducerPaused }),
  'video:restartIce': channel({ method: 'videoRestartIce', ...v.restartIce }),
  'video:participants': channel({ method: 'videoParticipants', ...v.participants }),
  'video:admit': channel({ method: 'videoAdmit', ...v.admit }),
  'video:captureStill': channel({ method: 'videoCaptureStill', ...v.captureStill }),
  'video:showMovement': channel({ method: 'videoShowMovement', ...v.showMovement }),
  'video:end': channel({ method: 'videoEnd', ...v.end }),
  /** Send a join link this console made through the system's mail (mailto:) or messaging (sms:) app; the message holds the link only. */
  'visits:sendJoinLink': channel({ method: 'sendJoinLink', request: SendJoinLinkInput, response: SendJoinLinkResult }),
  // Exports (docs/exports.md): progress arrives as `exports:progress` events.
  'exports:create': channel({ method: 'createExport', request: ExportRequest, response: ExportOutcome }),
  'exports:cancel': channel({ method: 'cancelExport', request: z.strictObject({ visitId: RecordId }), response: z.strictObject({ cancelled: z.boolean() }) }),
  // The clinic's EHR (docs/ehr.md): settings, test connection, delivery state, retry now. Changes arrive as `ehr:delivery` events.
  'ehr:getSettings': channel({ method: 'getEhrSettings', request: Empty, response: EhrSettingsView }),
  'ehr:saveSettings': channel({ method: 'saveEhrSettings', request: EhrSettingsInput, response: EhrSettingsView }),
  'ehr:testConnection': channel({ method: 'testEhrConnection', request: Empty, response: EhrConnectionReport }),
  'ehr:deliveries': channel({ method: 'getDeliveries', request: DeliveryQuery, response: DeliveryStates }),
  'ehr:retry': channel({ method: 'retryDelivery', request: z.strictObject({ visitId: RecordId }), response: DeliveryState.nullable() }),
  // The clinic's name, phone and default follow-up (docs/exports.md): printed on the family summary, shown on the family's link pages.
  'clinic:getSettings': channel({ method: 'getClinicSettings', request: Empty, response: ClinicSettings }),
  'clinic:saveSettings': channel({ method: 'saveClinicSettings', request: ClinicSettings, response: ClinicSettings }),
  // Schedule in (docs/ehr.md "Schedule in"): pull today's and upcoming appointments; which visits came from the EHR (marks on home).
  'ehr:pullSchedule': channel({ method: 'pullEhrSchedule', request: Empty, response: SchedulePullReport }),
  'ehr:scheduleLinks': channel({ method: 'getScheduleLinks', request: DeliveryQuery, response: ScheduleLinks }),
  // This console's enrolment on a visit server (docs/deployment.md): the device credential never crosses IPC.
  'enrolment:status': channel({ method: 'getVisitServerStatus', request: Empty, response: VisitServerStatus }),
  'enrolment:enrol': channel({ method: 'enrolVisitServer', request: VisitServerEnrolInput, response: VisitServerStatus }),
  'enrolment:leave': channel({ method: 'leaveVisitServer', request: Empty, response: VisitServerStatus }),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelRequest<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ChannelRequestParsed<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.output<Channels[C]['response']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(channels, value);
}

/**
 * Main-to-renderer events. The preload exposes `on<Name>` subscribers for
 * these only; payloads are validated in the preload before they reach the page.
 */
export const events = {
  'visits:changed': { method: 'onVisitsChanged', payload: z.strictObject({ visitId: RecordId.nullable() }) },
  'video:event': { method: 'onVideoEvent', payload: VideoEvent },
  'exports:progress': { method: 'onExportProgress', payload: ExportProgress },
  'ehr:delivery': { method: 'onDeliveryChanged', payload: z.strictObject({ visitId: RecordId }) },
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;
